import type { User, UserRole } from '@hangar/core';
import type { Db } from './database.js';

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: UserRole;
  must_change_password: number;
  created_at: number;
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
      .run(user.id, user.username, user.passwordHash, user.role, user.mustChangePassword ? 1 : 0, user.createdAt);
  }

  findByUsername(username: string): UserWithSecret | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row && toUser(row);
  }

  findById(id: string): UserWithSecret | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  updatePassword(id: string, passwordHash: string): void {
    this.db.prepare('UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?').run(passwordHash, id);
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
