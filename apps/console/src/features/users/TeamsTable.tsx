import type { TeamView } from '@hangar/contracts';
import { Button, Popconfirm, Space, Table } from 'antd';
import { useI18n } from '../../i18n/use-i18n';
import { LimitsSummary } from '../../shared/LimitsSummary';

/** Teams with their members and limits; each can be edited or deleted. */
export function TeamsTable({
  teams,
  isLoading,
  onEdit,
  onDelete,
}: {
  teams: readonly TeamView[];
  isLoading: boolean;
  onEdit: (team: TeamView) => void;
  onDelete: (team: TeamView) => void;
}) {
  const { t } = useI18n();
  return (
    <Table<TeamView>
      rowKey="id"
      size="small"
      pagination={false}
      loading={isLoading}
      dataSource={[...teams]}
      locale={{ emptyText: t('users.noTeams') }}
      columns={[
        { title: t('common.name'), dataIndex: 'name' },
        { title: t('users.members'), dataIndex: 'members' },
        { title: t('users.limits'), render: (_, team) => <LimitsSummary limits={team.limits} /> },
        {
          title: t('common.actions'),
          render: (_, team) => (
            <Space>
              <Button
                size="small"
                onClick={() => onEdit(team)}
                aria-label={t('users.editTeam', { name: team.name })}
              >
                {t('common.edit')}
              </Button>
              <Popconfirm
                title={t('users.deleteTeamConfirm', { name: team.name, members: team.members })}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                onConfirm={() => onDelete(team)}
              >
                <Button size="small" danger aria-label={t('users.deleteTeam', { name: team.name })}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            </Space>
          ),
        },
      ]}
    />
  );
}
