import { Alert, Button, Card, Typography } from 'antd';
import { useI18n } from '../../i18n/use-i18n';
import { AuthFrame } from './AuthFrame';
import { ChangePasswordForm } from './ChangePasswordForm';

/** The first login's forced password change. */
export function ChangePasswordPage({ onChanged, onLogout }: { onChanged: () => void; onLogout: () => void }) {
  const { t } = useI18n();
  return (
    <AuthFrame>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('auth.changePasswordTitle')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('auth.mustChangePassword')} style={{ marginBottom: 16 }} />
        <ChangePasswordForm onChanged={onChanged} />
        <Button type="link" onClick={onLogout} style={{ paddingLeft: 0, marginTop: 8 }}>
          {t('shell.logout')}
        </Button>
      </Card>
    </AuthFrame>
  );
}
