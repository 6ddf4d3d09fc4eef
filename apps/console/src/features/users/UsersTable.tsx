import type { UserView } from '@hangar/contracts';
import { Button, Table, Tag } from 'antd';
import { useI18n } from '../../i18n/use-i18n';
import { LimitsSummary } from '../../shared/LimitsSummary';
import { formatTime } from '../../shared/format';

/** Users with role, team, limits and state; each row can be edited. */
export function UsersTable({
  users,
  isLoading,
  onEdit,
}: {
  users: readonly UserView[];
  isLoading: boolean;
  onEdit: (user: UserView) => void;
}) {
  const { t, language } = useI18n();
  return (
    <Table<UserView>
      rowKey="id"
      loading={isLoading}
      dataSource={[...users]}
      scroll={{ x: 900 }}
      columns={[
        { title: t('auth.username'), dataIndex: 'username' },
        {
          title: t('users.role'),
          dataIndex: 'role',
          render: (value: string) => (
            <Tag>{value === 'admin' ? t('users.roleAdmin') : t('users.roleUser')}</Tag>
          ),
        },
        { title: t('users.team'), dataIndex: 'team', render: (value: string | null) => value ?? '—' },
        { title: t('users.limits'), render: (_, user) => <LimitsSummary limits={user.limits} /> },
        {
          title: t('common.state'),
          render: (_, user) =>
            user.disabled ? <Tag>{t('users.disabled')}</Tag> : <Tag color="success">{t('keys.active')}</Tag>,
        },
        {
          title: t('common.created'),
          dataIndex: 'createdAt',
          render: (value: string) => formatTime(value, language),
        },
        {
          title: t('common.actions'),
          render: (_, user) => (
            <Button
              size="small"
              onClick={() => onEdit(user)}
              aria-label={t('users.editUser', { name: user.username })}
            >
              {t('common.edit')}
            </Button>
          ),
        },
      ]}
    />
  );
}
