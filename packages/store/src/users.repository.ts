import type { LimitSet, Team, User, UserRole } from '@hangar/core';
import type { Db } from './database.js';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: UserRole;
  must_change_password: number;
  created_at: number;
  team_id: string | null;
  limits_json: string;
  disabled_at: number | null;
}

export interface UserWithSecret extends User {
  passwordHash: string;
}

function toUser(row: UserRow): UserWithSecret {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
    teamId: row.team_id,
    limits: JSON.parse(row.limits_json) as LimitSet,
    disabledAt: row.disabled_at,
  };
}

export class UsersRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  insert(user: UserWithSecret): void {
    this.db
      .prepare(
        'INSERT INTO users (id, username, password_hash, role, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        user.id,
        user.username,
        user.passwordHash,
        user.role,
        user.mustChangePassword ? 1 : 0,
        user.createdAt,
      );
  }

  findByUsername(username: string): UserWithSecret | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined;
    return row && toUser(row);
  }

  findById(id: string): UserWithSecret | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  list(): UserWithSecret[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY created_at').all() as UserRow[]).map(toUser);
  }

  /** Changes role, team, limits or the disabled flag; unset fields stay. */
  update(
    id: string,
    changes: { role?: UserRole; teamId?: string | null; limits?: LimitSet; disabledAt?: number | null },
  ): void {
    const current = this.findById(id);
    if (!current) return;
    this.db
      .prepare('UPDATE users SET role = ?, team_id = ?, limits_json = ?, disabled_at = ? WHERE id = ?')
      .run(
        changes.role ?? current.role,
        changes.teamId === undefined ? (current.teamId ?? null) : changes.teamId,
        JSON.stringify(changes.limits ?? current.limits ?? {}),
        changes.disabledAt === undefined ? (current.disabledAt ?? null) : changes.disabledAt,
        id,
      );
  }

  updatePassword(id: string, passwordHash: string): void {
    this.db
      .prepare('UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?')
      .run(passwordHash, id);
  }
}

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  insert(tokenHash: string, userId: string, createdAt: number, expiresAt: number): void {
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(tokenHash, userId, createdAt, expiresAt);
  }

  findUserId(tokenHash: string, now: number): string | undefined {
    const row = this.db
      .prepare('SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?')
      .get(tokenHash, now) as { user_id: string } | undefined;
    return row?.user_id;
  }

  delete(tokenHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  deleteExpired(now: number): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }
}

interface TeamRow {
  id: string;
  name: string;
  limits_json: string;
  created_at: number;
}

const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  name: row.name,
  limits: JSON.parse(row.limits_json) as LimitSet,
  createdAt: row.created_at,
});

export class TeamsRepository {
  constructor(private readonly db: Db) {}

  insert(team: Team): void {
    this.db
      .prepare('INSERT INTO teams (id, name, limits_json, created_at) VALUES (?, ?, ?, ?)')
      .run(team.id, team.name, JSON.stringify(team.limits), team.createdAt);
  }

  list(): Team[] {
    return (this.db.prepare('SELECT * FROM teams ORDER BY name').all() as TeamRow[]).map(toTeam);
  }

  findByName(name: string): Team | undefined {
    const row = this.db.prepare('SELECT * FROM teams WHERE name = ?').get(name) as TeamRow | undefined;
    return row && toTeam(row);
  }

  findById(id: string): Team | undefined {
    const row = this.db.prepare('SELECT * FROM teams WHERE id = ?').get(id) as TeamRow | undefined;
    return row && toTeam(row);
  }

  updateLimits(id: string, limits: LimitSet): void {
    this.db.prepare('UPDATE teams SET limits_json = ? WHERE id = ?').run(JSON.stringify(limits), id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM teams WHERE id = ?').run(id);
  }
}

/** Small server settings (e.g. usage retention), JSON values by key. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as
      { value_json: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value_json) as T);
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
      )
      .run(key, JSON.stringify(value));
  }
}
