import type { ApiKey, LimitSet } from '@hangar/core';
import type { Db } from './database.js';

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  user_id: string;
  created_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  expires_at: number | null;
  allowed_models_json: string | null;
  limits_json: string;
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.user_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    allowedModels:
      row.allowed_models_json === null ? null : (JSON.parse(row.allowed_models_json) as string[]),
    limits: JSON.parse(row.limits_json) as LimitSet,
  };
}

export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  insert(key: ApiKey, keyHash: string): void {
    this.db
      .prepare(
        `INSERT INTO api_keys (id, name, prefix, key_hash, user_id, created_at, expires_at, allowed_models_json, limits_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        key.id,
        key.name,
        key.prefix,
        keyHash,
        key.userId,
        key.createdAt,
        key.expiresAt ?? null,
        key.allowedModels ? JSON.stringify(key.allowedModels) : null,
        JSON.stringify(key.limits ?? {}),
      );
  }

  list(userId?: string): ApiKey[] {
    const rows = (
      userId === undefined
        ? this.db.prepare('SELECT * FROM api_keys ORDER BY created_at').all()
        : this.db.prepare('SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at').all(userId)
    ) as ApiKeyRow[];
    return rows.map(toApiKey);
  }

  findById(id: string): ApiKey | undefined {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id) as ApiKeyRow | undefined;
    return row && toApiKey(row);
  }

  /** Active (not revoked) keys by hash, for the gateway's key cache. */
  listActiveWithHash(): { key: ApiKey; keyHash: string }[] {
    const rows = this.db.prepare('SELECT * FROM api_keys WHERE revoked_at IS NULL').all() as ApiKeyRow[];
    return rows.map((row) => ({ key: toApiKey(row), keyHash: row.key_hash }));
  }

  update(
    id: string,
    changes: { limits?: LimitSet; allowedModels?: string[] | null; expiresAt?: number | null },
  ): void {
    const current = this.findById(id);
    if (!current) return;
    const allowed = changes.allowedModels === undefined ? current.allowedModels : changes.allowedModels;
    this.db
      .prepare('UPDATE api_keys SET limits_json = ?, allowed_models_json = ?, expires_at = ? WHERE id = ?')
      .run(
        JSON.stringify(changes.limits ?? current.limits ?? {}),
        allowed ? JSON.stringify(allowed) : null,
        changes.expiresAt === undefined ? (current.expiresAt ?? null) : changes.expiresAt,
        id,
      );
  }

  revoke(id: string, at: number): boolean {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
        .changes > 0
    );
  }

  touch(ids: Iterable<string>, at: number): void {
    const statement = this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const id of ids) statement.run(at, id);
    })();
  }
}
