/**
 * Versioned schema migrations. Append only: a released migration is never edited; a change is a new version.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
        must_change_password INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_used_at INTEGER
      );
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        path TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        metadata_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE deployments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        model_id TEXT NOT NULL REFERENCES models(id),
        engine TEXT NOT NULL,
        replicas INTEGER NOT NULL,
        state TEXT NOT NULL,
        options_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        deployment_id TEXT NOT NULL REFERENCES deployments(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        state TEXT NOT NULL,
        port INTEGER,
        pid INTEGER,
        restarts INTEGER NOT NULL DEFAULT 0,
        started_at INTEGER,
        ready_at INTEGER,
        last_error TEXT,
        updated_at INTEGER NOT NULL,
        UNIQUE (deployment_id, ordinal)
      );
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        deployment_id TEXT,
        instance_id TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX events_deployment ON events (deployment_id, id);
      CREATE TABLE usage (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        user_id TEXT,
        key_id TEXT,
        model TEXT NOT NULL,
        deployment_id TEXT,
        instance_id TEXT,
        endpoint TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        status INTEGER NOT NULL,
        error_code TEXT,
        ttft_ms REAL,
        duration_ms REAL NOT NULL
      );
      CREATE INDEX usage_at ON usage (at);
    `,
  },
  {
    version: 2,
    name: 'governance',
    sql: `
      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        limits_json TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL
      );
      ALTER TABLE users ADD COLUMN team_id TEXT REFERENCES teams(id) ON DELETE SET NULL;
      ALTER TABLE users ADD COLUMN limits_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE users ADD COLUMN disabled_at INTEGER;
      ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
      ALTER TABLE api_keys ADD COLUMN allowed_models_json TEXT;
      ALTER TABLE api_keys ADD COLUMN limits_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE usage ADD COLUMN team_id TEXT;
      ALTER TABLE usage ADD COLUMN client_ip TEXT;
      ALTER TABLE usage ADD COLUMN cached_tokens INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX usage_user_at ON usage (user_id, at);
      CREATE INDEX usage_key_at ON usage (key_id, at);
      CREATE INDEX usage_model_at ON usage (model, at);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'deployment-plan',
    sql: `ALTER TABLE deployments ADD COLUMN plan_json TEXT;`,
  },
  {
    version: 4,
    name: 'model-repo',
    sql: `ALTER TABLE models ADD COLUMN repo TEXT;`,
  },
  {
    version: 5,
    name: 'instance-kv-report',
    sql: `ALTER TABLE instances ADD COLUMN kv_json TEXT;`,
  },
];
