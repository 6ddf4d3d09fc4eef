import { Col, Form, InputNumber, Row } from 'antd';
import { useI18n } from '../i18n/use-i18n';
import { LIMIT_LABELS, LIMIT_NAMES } from './limits';

/** The four limit fields of a form, under `limits.<name>`; blank means no limit. */
export function LimitFields() {
  const { t } = useI18n();
  return (
    <Row gutter={12}>
      {LIMIT_NAMES.map((name) => (
        <Col key={name} xs={24} sm={12}>
          <Form.Item
            label={t(LIMIT_LABELS[name])}
            name={['limits', name]}
            rules={[{ type: 'integer', min: 1, message: t('limits.invalid') }]}
          >
            <InputNumber
              min={1}
              precision={0}
              placeholder={t('limits.unlimited')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}
