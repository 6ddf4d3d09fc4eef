import { Table, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { OPTIONAL_ENDPOINTS } from '../../api/capabilities';
import { listOf, type UserView } from '../../api/optional-views';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatTime } from '../../shared/format';

/** Users, their roles and teams (admin only: others get the server's 403 with what to do). */
export function UsersPage() {
  const client = useApi();
  const { t, language } = useI18n();
  const state = usePoll(async () => listOf<UserView>(await client.getJson(OPTIONAL_ENDPOINTS.users)), 0);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
        {t('nav.users')}
      </Typography.Title>
      <ErrorAlert error={state.error} onRetry={state.reload} />
      <Table<UserView>
        rowKey="id"
        loading={state.isLoading}
        dataSource={state.data ?? []}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('users.role'), dataIndex: 'role' },
          {
            title: t('users.team'),
            dataIndex: 'team',
            render: (value: string | null | undefined) => value ?? '—',
          },
          {
            title: t('common.created'),
            dataIndex: 'createdAt',
            render: (value: string | undefined) => formatTime(value, language),
          },
        ]}
      />
    </>
  );
}
