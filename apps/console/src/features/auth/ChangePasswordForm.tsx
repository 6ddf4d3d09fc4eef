import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { passwordChangeProblem, type PasswordChange } from './password-rules';

/** Current, new and repeated password; validated here before the server sees it. */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const client = useApi();
  const { t } = useI18n();
  const [form] = Form.useForm<PasswordChange>();
  const [error, setError] = useState<unknown>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (values: PasswordChange) => {
    setIsBusy(true);
    setError(undefined);
    try {
      await client.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  };

  const check = (field: keyof PasswordChange) => async () => {
    const raw: Partial<PasswordChange> = form.getFieldsValue();
    const values = {
      currentPassword: raw.currentPassword ?? '',
      newPassword: raw.newPassword ?? '',
      confirmPassword: raw.confirmPassword ?? '',
    };
    const problem = passwordChangeProblem(values);
    const fieldOf: Record<string, keyof PasswordChange> = {
      'auth.currentRequired': 'currentPassword',
      'auth.passwordTooShort': 'newPassword',
      'auth.passwordUnchanged': 'newPassword',
      'auth.passwordMismatch': 'confirmPassword',
    };
    if (problem && fieldOf[problem] === field) throw new Error(t(problem));
  };

  return (
    <Form<PasswordChange> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
      <ErrorAlert error={error} />
      <Form.Item
        label={t('auth.currentPassword')}
        name="currentPassword"
        rules={[{ validator: check('currentPassword') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label={t('auth.newPassword')}
        name="newPassword"
        dependencies={['currentPassword']}
        rules={[{ validator: check('newPassword') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('auth.confirmPassword')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[{ validator: check('confirmPassword') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={isBusy}>
        {t('auth.changePassword')}
      </Button>
    </Form>
  );
}
