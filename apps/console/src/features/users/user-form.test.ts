import type { UserView } from '@hangar/contracts';
import { describe, expect, it } from 'vitest';
import {
  toCreateTeamRequest,
  toCreateUserRequest,
  toTeamLimits,
  toUpdateUserRequest,
  toUserFormValues,
} from './user-form';

const user: UserView = {
  id: 'u-1',
  username: 'alice',
  role: 'user',
  team: 'ml',
  limits: { tokensPerDay: 5000 },
  disabled: false,
  mustChangePassword: false,
  createdAt: '2030-01-01T00:00:00.000Z',
};

describe('user and team forms -> requests', () => {
  it('creates a user with team and limits only when set', () => {
    expect(toCreateUserRequest({ username: ' bob ', password: 'password-1', role: 'user' })).toEqual({
      username: 'bob',
      password: 'password-1',
      role: 'user',
    });
    expect(
      toCreateUserRequest({
        username: 'carol',
        password: 'password-1',
        role: 'admin',
        team: 'ml',
        limits: { requestsPerMinute: 10 },
      }),
    ).toEqual({
      username: 'carol',
      password: 'password-1',
      role: 'admin',
      team: 'ml',
      limits: { requestsPerMinute: 10 },
    });
  });

  it('edits a user with every field: no team is null, blank limits lift them', () => {
    expect(toUpdateUserRequest(toUserFormValues(user))).toEqual({
      role: 'user',
      team: 'ml',
      disabled: false,
      limits: { tokensPerDay: 5000 },
    });
    expect(
      toUpdateUserRequest({
        ...toUserFormValues(user),
        team: undefined,
        disabled: true,
        limits: { tokensPerDay: null },
      }),
    ).toEqual({ role: 'user', team: null, disabled: true, limits: {} });
  });

  it('creates a team with its limits and replaces them on edit', () => {
    expect(toCreateTeamRequest({ name: ' ml ', limits: { tokensPerMonth: 10 } })).toEqual({
      name: 'ml',
      limits: { tokensPerMonth: 10 },
    });
    expect(toTeamLimits({ limits: {} })).toEqual({});
  });
});
