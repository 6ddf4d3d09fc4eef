import type { HangarEvent, UsageRecord } from '@hangar/core';
import type { Db } from './database.js';

interface EventRow {
  id: number;
  at: number;
  type: string;
  deployment_id: string | null;
  instance_id: string | null;
  message: string;
}

export class EventsRepository {
  constructor(private readonly db: Db) {}

  append(event: Omit<HangarEvent, 'id'>): void {
    this.db
      .prepare('INSERT INTO events (at, type, deployment_id, instance_id, message) VALUES (?, ?, ?, ?, ?)')
      .run(event.at, event.type, event.deploymentId, event.instanceId, event.message);
  }

  /** Newest last; `limit` newest events. */
  list(options: { deploymentId?: string; limit: number }): HangarEvent[] {
    const rows = (
      options.deploymentId === undefined
        ? this.db.prepare('SELECT * FROM events ORDER BY id DESC LIMIT ?').all(options.limit)
        : this.db
            .prepare('SELECT * FROM events WHERE deployment_id = ? ORDER BY id DESC LIMIT ?')
            .all(options.deploymentId, options.limit)
    ) as EventRow[];
    return rows.reverse().map((row) => ({
      id: row.id,
      at: row.at,
      type: row.type,
      deploymentId: row.deployment_id,
      instanceId: row.instance_id,
      message: row.message,
    }));
  }
}

/** The usage ledger: rows are appended in batches so the request path never waits on the disk. */
export class UsageRepository {
  private readonly insertStatement;

  constructor(private readonly db: Db) {
    this.insertStatement = db.prepare(
      `INSERT INTO usage (request_id, at, user_id, key_id, model, deployment_id, instance_id, endpoint, prompt_tokens,
        completion_tokens, reasoning_tokens, status, error_code, ttft_ms, duration_ms)
       VALUES (@requestId, @at, @userId, @keyId, @model, @deploymentId, @instanceId, @endpoint, @promptTokens,
        @completionTokens, @reasoningTokens, @status, @errorCode, @timeToFirstTokenMs, @durationMs)`,
    );
  }

  insertMany(records: readonly UsageRecord[]): void {
    this.db.transaction(() => {
      for (const record of records) this.insertStatement.run(record);
    })();
  }

  list(options: { limit: number; since?: number }): UsageRecord[] {
    const rows = this.db
      .prepare(
        `SELECT request_id AS requestId, at, user_id AS userId, key_id AS keyId, model, deployment_id AS deploymentId,
           instance_id AS instanceId, endpoint, prompt_tokens AS promptTokens, completion_tokens AS completionTokens,
           reasoning_tokens AS reasoningTokens, status, error_code AS errorCode, ttft_ms AS timeToFirstTokenMs,
           duration_ms AS durationMs
         FROM usage WHERE at >= ? ORDER BY id DESC LIMIT ?`,
      )
      .all(options.since ?? 0, options.limit) as UsageRecord[];
    return rows.reverse();
  }
}
