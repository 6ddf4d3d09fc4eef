import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type Clock,
  type LimitSet,
  type Team,
  type User,
} from '@hangar/core';
import type { CreateTeamRequest, CreateUserRequest, UpdateUserRequest } from '@hangar/contracts';
import type { Store, UserWithSecret } from '@hangar/store';
import { generateId, hashPassword } from '../auth/secrets.js';

/** Users and teams (admin only). `onChange` refreshes the gateway's view of credentials and limits. */
export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onChange: () => void,
  ) {}

  list(): User[] {
    return this.store.users.list().map(withoutSecret);
  }

  get(username: string): User {
    const user = this.store.users.findByUsername(username);
    if (!user) throw new NotFoundError(`No user named '${username}'`, 'user_not_found');
    return withoutSecret(user);
  }

  async create(request: CreateUserRequest & { role: 'admin' | 'user' }): Promise<User> {
    if (this.store.users.findByUsername(request.username)) {
      throw new ConflictError(`A user named '${request.username}' exists already`, 'user_exists');
    }
    const teamId = request.team ? this.team(request.team).id : null;
    const user: UserWithSecret = {
      id: generateId('u-'),
      username: request.username,
      role: request.role,
      mustChangePassword: true,
      createdAt: this.clock.now(),
      passwordHash: await hashPassword(request.password),
      teamId,
      limits: request.limits ?? {},
      disabledAt: null,
    };
    this.store.users.insert(user);
    this.store.users.update(user.id, { teamId, limits: user.limits });
    this.onChange();
    return this.get(user.username);
  }

  update(username: string, changes: UpdateUserRequest, actingUserId: string): User {
    const user = this.get(username);
    if (user.id === actingUserId && (changes.disabled === true || changes.role === 'user')) {
      throw new ValidationError(
        'You cannot disable yourself or drop your own admin role',
        {},
        'cannot_change_self',
      );
    }
    this.store.users.update(user.id, {
      ...(changes.role ? { role: changes.role } : {}),
      ...(changes.team !== undefined
        ? { teamId: changes.team === null ? null : this.team(changes.team).id }
        : {}),
      ...(changes.limits ? { limits: changes.limits } : {}),
      ...(changes.disabled !== undefined ? { disabledAt: changes.disabled ? this.clock.now() : null } : {}),
    });
    this.onChange();
    return this.get(username);
  }

  listTeams(): (Team & { members: number })[] {
    const users = this.store.users.list();
    return this.store.teams
      .list()
      .map((team) => ({ ...team, members: users.filter((user) => user.teamId === team.id).length }));
  }

  createTeam(request: CreateTeamRequest & { limits: LimitSet }): Team {
    if (this.store.teams.findByName(request.name)) {
      throw new ConflictError(`A team named '${request.name}' exists already`, 'team_exists');
    }
    const team: Team = {
      id: generateId('t-'),
      name: request.name,
      limits: request.limits,
      createdAt: this.clock.now(),
    };
    this.store.teams.insert(team);
    return team;
  }

  updateTeam(name: string, limits: LimitSet): Team {
    const team = this.team(name);
    this.store.teams.updateLimits(team.id, limits);
    this.onChange();
    return this.team(name);
  }

  deleteTeam(name: string): void {
    this.store.teams.delete(this.team(name).id);
    this.onChange();
  }

  private team(name: string): Team {
    const team = this.store.teams.findByName(name);
    if (!team) throw new NotFoundError(`No team named '${name}'`, 'team_not_found');
    return team;
  }
}

function withoutSecret(user: UserWithSecret): User {
  const { passwordHash: _secret, ...rest } = user;
  return rest;
}
