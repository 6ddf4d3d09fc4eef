import type { TeamView } from '@hangar/contracts';
import { Button, Form, Input, Select, Switch } from 'antd';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { LimitFields } from '../../shared/LimitFields';
import type { UserFormValues } from './user-form';

/** A new user (name, first password, role, team, limits), or an existing one's role, team, state and limits. */
export function UserForm({
  mode,
  teams,
  initialValues,
  error,
  isBusy,
  onSubmit,
}: {
  mode: 'create' | 'edit';
  teams: readonly TeamView[];
  initialValues?: UserFormValues;
  error: unknown;
  isBusy: boolean;
  onSubmit: (values: UserFormValues) => void;
}) {
  const { t } = useI18n();
  return (
    <Form<UserFormValues>
      layout="vertical"
      initialValues={initialValues ?? { role: 'user' }}
      onFinish={onSubmit}
    >
      <ErrorAlert error={error} />
      {mode === 'create' && (
        <>
          <Form.Item
            label={t('auth.username')}
            name="username"
            rules={[
              { required: true, whitespace: true, message: t('auth.usernameRequired') },
              {
                pattern: /^[a-zA-Z0-9][a-zA-Z0-9._@-]*$/,
                min: 2,
                max: 64,
                message: t('users.usernameInvalid'),
              },
            ]}
          >
            <Input autoFocus autoComplete="off" />
          </Form.Item>
          <Form.Item
            label={t('users.initialPassword')}
            name="password"
            extra={t('users.initialPasswordHint')}
            rules={[{ required: true, min: 8, message: t('auth.passwordTooShort') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </>
      )}
      <Form.Item label={t('users.role')} name="role">
        <Select
          options={[
            { value: 'user', label: t('users.roleUser') },
            { value: 'admin', label: t('users.roleAdmin') },
          ]}
        />
      </Form.Item>
      <Form.Item label={t('users.team')} name="team">
        <Select
          allowClear
          placeholder={t('users.noTeam')}
          options={teams.map((team) => ({ value: team.name, label: team.name }))}
        />
      </Form.Item>
      {mode === 'edit' && (
        <Form.Item
          label={t('users.disabled')}
          name="disabled"
          valuePropName="checked"
          extra={t('users.disabledHint')}
        >
          <Switch />
        </Form.Item>
      )}
      <LimitFields />
      <Button type="primary" htmlType="submit" loading={isBusy}>
        {mode === 'create' ? t('users.create') : t('keys.save')}
      </Button>
    </Form>
  );
}
