import { Button, Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { ChangePasswordForm } from '../auth/ChangePasswordForm';

/** Version and data directory (when the server tells), the account, appearance and language. */
export function SettingsPage() {
  const client = useApi();
  const { t, language, setLanguage } = useI18n();
  const { user, themeMode, toggleTheme } = useSession();
  const health = usePoll(() => client.health(), 0);
  // The data directory comes from /api/settings, which an older server does not have: shown only when present.
  const settings = usePoll(() => client.getSettings().catch(() => null), 0);
  const dataDir = settings.data?.home;

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.settings')}
      </Typography.Title>
      <ErrorAlert error={health.error} onRetry={health.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('settings.server')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('settings.version')}>
                <span data-testid="server-version">{health.data?.version ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('settings.status')}>{health.data?.status ?? '—'}</Descriptions.Item>
              {dataDir && <Descriptions.Item label={t('settings.dataDir')}>{dataDir}</Descriptions.Item>}
              {settings.data && (
                <Descriptions.Item label={t('settings.retention')}>
                  {t('settings.retentionDays', { days: settings.data.usageRetentionDays })}
                </Descriptions.Item>
              )}
              {settings.data?.modelSources?.map((source) => (
                <Descriptions.Item key={source.source} label={t(`settings.source.${source.source}`)}>
                  {source.endpoint}
                  {source.hasToken ? ` · ${t('settings.tokenSet')}` : ''}
                </Descriptions.Item>
              ))}
              <Descriptions.Item
                label={t('settings.apiBase')}
              >{`${window.location.origin}/v1`}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('settings.appearance')} style={{ marginTop: 16 }}>
            <Space wrap>
              <Button onClick={toggleTheme}>
                {themeMode === 'dark' ? t('shell.lightMode') : t('shell.darkMode')}
              </Button>
              <Button onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}>
                {t('shell.switchLanguage')}
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('settings.account', { name: user.username })}>
            <Typography.Paragraph type="secondary">
              {t('settings.role', { role: user.role })}
            </Typography.Paragraph>
            <ChangePasswordForm onChanged={() => undefined} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
