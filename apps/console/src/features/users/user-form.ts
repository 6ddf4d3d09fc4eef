import type {
  CreateTeamRequest,
  CreateUserRequest,
  LimitSetInput,
  UpdateUserRequest,
  UserView,
} from '@hangar/contracts';
import { limitsFromForm, limitsToForm, type LimitFormValues } from '../../shared/limits';

export type Role = 'admin' | 'user';

/** What the user form holds; `team` blank (undefined or null) is no team. */
export interface UserFormValues {
  username?: string;
  password?: string;
  role?: Role;
  team?: string | null;
  disabled?: boolean;
  limits?: LimitFormValues;
}

/** What the team form holds. */
export interface TeamFormValues {
  name?: string;
  limits?: LimitFormValues;
}

const roleOf = (value: string | undefined): Role => (value === 'admin' ? 'admin' : 'user');

/** `POST /api/users`: team and limits only when set. The new user changes the password at first login. */
export function toCreateUserRequest(values: UserFormValues): CreateUserRequest {
  const limits = limitsFromForm(values.limits);
  return {
    username: (values.username ?? '').trim(),
    password: values.password ?? '',
    role: roleOf(values.role),
    ...(values.team ? { team: values.team } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}

/** `PATCH /api/users/:username`: every field as the form has it (limits replaced; no team: `team: null`). */
export function toUpdateUserRequest(values: UserFormValues): UpdateUserRequest {
  return {
    role: roleOf(values.role),
    team: values.team ? values.team : null,
    disabled: values.disabled ?? false,
    limits: limitsFromForm(values.limits),
  };
}

/** A user's settings as form values. */
export function toUserFormValues(user: UserView): UserFormValues {
  return {
    username: user.username,
    role: roleOf(user.role),
    team: user.team,
    disabled: user.disabled,
    limits: limitsToForm(user.limits),
  };
}

/** `POST /api/teams`. */
export function toCreateTeamRequest(values: TeamFormValues): CreateTeamRequest {
  return { name: (values.name ?? '').trim(), limits: limitsFromForm(values.limits) };
}

/** `PATCH /api/teams/:name` replaces the limits: blank fields lift them. */
export function toTeamLimits(values: TeamFormValues): LimitSetInput {
  return limitsFromForm(values.limits);
}
