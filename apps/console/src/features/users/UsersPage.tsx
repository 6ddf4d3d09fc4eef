import type { TeamView, UserView } from '@hangar/contracts';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { useSubmit } from '../../shared/use-submit';
import { TeamForm } from './TeamForm';
import { TeamsTable } from './TeamsTable';
import { UserForm } from './UserForm';
import { UsersTable } from './UsersTable';
import {
  toCreateTeamRequest,
  toCreateUserRequest,
  toTeamLimits,
  toUpdateUserRequest,
  toUserFormValues,
  type TeamFormValues,
  type UserFormValues,
} from './user-form';
import { limitsToForm } from '../../shared/limits';

type Dialog =
  | { kind: 'create-user' }
  | { kind: 'edit-user'; user: UserView }
  | { kind: 'create-team' }
  | { kind: 'edit-team'; team: TeamView };

/** Users and teams (admin only: others get the server's 403 with what to do): create, edit, delete teams. */
export function UsersPage() {
  const client = useApi();
  const { t } = useI18n();
  const users = usePoll(() => client.listUsers(), 0);
  const teams = usePoll(() => client.listTeams(), 0);
  const [dialog, setDialog] = useState<Dialog>();
  const [deleteError, setDeleteError] = useState<unknown>();
  const submit = useSubmit();

  const close = () => {
    setDialog(undefined);
    submit.clearError();
  };
  /** Sends a dialog's request; on success closes it and reloads both tables (team sizes follow users). */
  const save = async (action: () => Promise<unknown>) => {
    if (await submit.run(async () => void (await action()))) close();
    users.reload();
    teams.reload();
  };
  const deleteTeam = async (team: TeamView) => {
    setDeleteError(undefined);
    try {
      await client.deleteTeam(team.name);
    } catch (caught) {
      setDeleteError(caught);
    }
    users.reload();
    teams.reload();
  };

  const form = dialog && dialogForm(dialog);
  function dialogForm(open: Dialog) {
    const common = { error: submit.error, isBusy: submit.isBusy };
    switch (open.kind) {
      case 'create-user':
        return {
          title: t('users.create'),
          body: (
            <UserForm
              mode="create"
              teams={teams.data ?? []}
              {...common}
              onSubmit={(values: UserFormValues) =>
                void save(() => client.createUser(toCreateUserRequest(values)))
              }
            />
          ),
        };
      case 'edit-user':
        return {
          title: t('users.editUser', { name: open.user.username }),
          body: (
            <UserForm
              mode="edit"
              teams={teams.data ?? []}
              initialValues={toUserFormValues(open.user)}
              {...common}
              onSubmit={(values: UserFormValues) =>
                void save(() => client.updateUser(open.user.username, toUpdateUserRequest(values)))
              }
            />
          ),
        };
      case 'create-team':
        return {
          title: t('users.createTeam'),
          body: (
            <TeamForm
              mode="create"
              {...common}
              onSubmit={(values: TeamFormValues) =>
                void save(() => client.createTeam(toCreateTeamRequest(values)))
              }
            />
          ),
        };
      case 'edit-team':
        return {
          title: t('users.editTeam', { name: open.team.name }),
          body: (
            <TeamForm
              mode="edit"
              initialValues={{ limits: limitsToForm(open.team.limits) }}
              {...common}
              onSubmit={(values: TeamFormValues) =>
                void save(() => client.updateTeamLimits(open.team.name, toTeamLimits(values)))
              }
            />
          ),
        };
    }
  }

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('nav.users')}
        </Typography.Title>
        {users.data !== undefined && (
          <Space>
            <Button icon={<TeamOutlined />} onClick={() => setDialog({ kind: 'create-team' })}>
              {t('users.createTeam')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create-user' })}>
              {t('users.create')}
            </Button>
          </Space>
        )}
      </Space>
      <ErrorAlert error={users.error} onRetry={users.reload} />
      <UsersTable
        users={users.data ?? []}
        isLoading={users.isLoading}
        onEdit={(user) => setDialog({ kind: 'edit-user', user })}
      />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t('users.teams')}
      </Typography.Title>
      <ErrorAlert error={deleteError ?? (users.error ? undefined : teams.error)} onRetry={teams.reload} />
      <TeamsTable
        teams={teams.data ?? []}
        isLoading={teams.isLoading}
        onEdit={(team) => setDialog({ kind: 'edit-team', team })}
        onDelete={(team) => void deleteTeam(team)}
      />
      <Modal
        open={form !== undefined}
        title={form?.title}
        footer={null}
        onCancel={close}
        destroyOnHidden
        width={640}
      >
        {form?.body}
      </Modal>
    </>
  );
}
