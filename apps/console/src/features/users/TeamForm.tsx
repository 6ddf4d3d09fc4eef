import { Button, Form, Input, Typography } from 'antd';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { LimitFields } from '../../shared/LimitFields';
import type { TeamFormValues } from './user-form';

/** A new team (name and limits), or an existing team's limits (its members share them). */
export function TeamForm({
  mode,
  initialValues,
  error,
  isBusy,
  onSubmit,
}: {
  mode: 'create' | 'edit';
  initialValues?: TeamFormValues;
  error: unknown;
  isBusy: boolean;
  onSubmit: (values: TeamFormValues) => void;
}) {
  const { t } = useI18n();
  return (
    <Form<TeamFormValues> layout="vertical" initialValues={initialValues} onFinish={onSubmit}>
      <ErrorAlert error={error} />
      {mode === 'create' && (
        <Form.Item
          label={t('common.name')}
          name="name"
          rules={[
            { required: true, whitespace: true, message: t('users.teamNameRequired') },
            { pattern: /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, max: 64, message: t('users.teamNameInvalid') },
          ]}
        >
          <Input autoFocus autoComplete="off" />
        </Form.Item>
      )}
      <Typography.Paragraph type="secondary">{t('users.teamLimitsHint')}</Typography.Paragraph>
      <LimitFields />
      <Button type="primary" htmlType="submit" loading={isBusy}>
        {mode === 'create' ? t('users.createTeam') : t('keys.save')}
      </Button>
    </Form>
  );
}
