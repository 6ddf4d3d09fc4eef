import type { SessionView } from '@hangar/contracts';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { AuthFrame } from './AuthFrame';

interface LoginForm {
  username: string;
  password: string;
}

/** Username and password; the server answers with the session cookie. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: (user: SessionView['user']) => Promise<void> }) {
  const client = useApi();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (values: LoginForm) => {
    setIsBusy(true);
    setError(undefined);
    try {
      const session = await client.login(values);
      await onLoggedIn(session.user);
    } catch (caught) {
      setError(caught);
      setIsBusy(false);
    }
  };

  return (
    <AuthFrame>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          {t('auth.loginTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.loginHint')}</Typography.Paragraph>
        <ErrorAlert error={error} />
        <Form<LoginForm> layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
          <Form.Item
            label={t('auth.username')}
            name="username"
            initialValue="admin"
            rules={[{ required: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" />
          </Form.Item>
          <Form.Item
            label={t('auth.password')}
            name="password"
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isBusy}>
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </AuthFrame>
  );
}
