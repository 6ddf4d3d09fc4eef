import { Button, Form, Input, Select } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { LimitFields } from '../../shared/LimitFields';
import { isExpiryInRange, localDate, MAX_KEY_DAYS, modelChoices, type KeyFormValues } from './key-form';

/**
 * A key's name (when creating), limits, allowed models and expiry date. `initialValues` fills it for an edit; the
 * name cannot change after creation.
 */
export function KeyForm({
  mode,
  initialValues,
  error,
  isBusy,
  onSubmit,
}: {
  mode: 'create' | 'edit';
  initialValues?: KeyFormValues;
  error: unknown;
  isBusy: boolean;
  onSubmit: (values: KeyFormValues) => void;
}) {
  const client = useApi();
  const { t } = useI18n();
  const deployments = usePoll(() => client.listDeployments(), 0);
  const choices = modelChoices(deployments.data ?? [], initialValues?.allowedModels ?? []);
  const now = new Date();
  const tomorrow = localDate(new Date(now.getTime() + 86_400_000));
  // The server counts a new key's lifetime in days, at most 3650.
  const latest =
    mode === 'create' ? localDate(new Date(now.getTime() + MAX_KEY_DAYS * 86_400_000)) : undefined;
  return (
    <Form<KeyFormValues> layout="vertical" initialValues={initialValues} onFinish={onSubmit}>
      <ErrorAlert error={error} />
      {mode === 'create' && (
        <Form.Item
          label={t('common.name')}
          name="name"
          extra={t('keys.nameHint')}
          rules={[
            { required: true, whitespace: true, message: t('keys.nameRequired') },
            { pattern: /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, message: t('deployments.nameInvalid') },
          ]}
        >
          <Input autoFocus />
        </Form.Item>
      )}
      <LimitFields />
      <Form.Item label={t('keys.allowedModels')} name="allowedModels" extra={t('keys.allowedModelsHint')}>
        <Select
          mode="multiple"
          allowClear
          loading={deployments.isLoading}
          placeholder={t('keys.allModels')}
          notFoundContent={t('keys.noDeployments')}
          options={choices.map((name) => ({ value: name, label: name }))}
        />
      </Form.Item>
      <Form.Item
        label={t('keys.expiresOn')}
        name="expiresOn"
        extra={t('keys.expiresOnHint')}
        rules={[
          {
            validator: async (_, value: string | undefined) => {
              // An unchanged date passes (an expired key's other settings can still be edited).
              if (value === initialValues?.expiresOn) return;
              if (value && !isExpiryInRange(value, new Date(), mode === 'create'))
                throw new Error(t('keys.expiresInvalid', { days: MAX_KEY_DAYS }));
            },
          },
        ]}
      >
        <Input type="date" min={tomorrow} max={latest} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={isBusy}>
        {mode === 'create' ? t('keys.create') : t('keys.save')}
      </Button>
    </Form>
  );
}
