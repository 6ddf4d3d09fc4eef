import type { UserView } from '@hangar/contracts';
import { Table, Tag, Typography } from 'antd';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatTime } from '../../shared/format';

/** Users, their roles, teams and limits (admin only: others get the server's 403 with what to do). */
export function UsersPage() {
  const client = useApi();
  const { t, language } = useI18n();
  const state = usePoll(() => client.listUsers(), 0);
  const teams = usePoll(() => client.listTeams(), 0);
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
        scroll={{ x: 720 }}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('users.role'), dataIndex: 'role', render: (value: string) => <Tag>{value}</Tag> },
          { title: t('users.team'), dataIndex: 'team', render: (value: string | null) => value ?? '—' },
          {
            title: t('users.limits'),
            render: (_, user) =>
              Object.entries(user.limits)
                .filter(([, value]) => value != null)
                .map(([name, value]) => `${name}: ${String(value)}`)
                .join(', ') || '—',
          },
          {
            title: t('common.state'),
            render: (_, user) =>
              user.disabled ? (
                <Tag>{t('users.disabled')}</Tag>
              ) : (
                <Tag color="success">{t('keys.active')}</Tag>
              ),
          },
          {
            title: t('common.created'),
            dataIndex: 'createdAt',
            render: (value: string) => formatTime(value, language),
          },
        ]}
      />
      {(teams.data?.length ?? 0) > 0 && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t('users.teams')}
          </Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={teams.data ?? []}
            columns={[
              { title: t('common.name'), dataIndex: 'name' },
              { title: t('users.members'), dataIndex: 'members' },
            ]}
          />
        </>
      )}
    </>
  );
}
