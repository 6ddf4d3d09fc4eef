import type { UsageRecord } from '@hangar/core';
import type { Db } from './database.js';

export interface UsageFilter {
  from?: number | undefined;
  to?: number | undefined;
  userId?: string | undefined;
  keyId?: string | undefined;
  teamId?: string | undefined;
  model?: string | undefined;
}

export type UsageGroup = 'user' | 'key' | 'team' | 'model' | 'day';

export interface UsageTotals {
  group: string | null;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}

const GROUP_COLUMNS: Record<UsageGroup, string> = {
  user: 'user_id',
  key: 'key_id',
  team: 'team_id',
  model: 'model',
  day: "strftime('%Y-%m-%d', at / 1000, 'unixepoch')",
};

const SELECT_RECORD = `request_id AS requestId, at, user_id AS userId, key_id AS keyId, team_id AS teamId, model,
  deployment_id AS deploymentId, instance_id AS instanceId, endpoint, prompt_tokens AS promptTokens,
  completion_tokens AS completionTokens, reasoning_tokens AS reasoningTokens, cached_tokens AS cachedTokens, status,
  error_code AS errorCode, ttft_ms AS timeToFirstTokenMs, duration_ms AS durationMs, client_ip AS clientIp`;

function where(filter: UsageFilter): { clause: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    parts.push(sql);
    values.push(value);
  };
  if (filter.from !== undefined) add('at >= ?', filter.from);
  if (filter.to !== undefined) add('at < ?', filter.to);
  if (filter.userId !== undefined) add('user_id = ?', filter.userId);
  if (filter.keyId !== undefined) add('key_id = ?', filter.keyId);
  if (filter.teamId !== undefined) add('team_id = ?', filter.teamId);
  if (filter.model !== undefined) add('model = ?', filter.model);
  return { clause: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', values };
}

/** The usage ledger: one row per gateway request, appended in batches. */
export class UsageRepository {
  private readonly insertStatement;

  constructor(private readonly db: Db) {
    this.insertStatement = db.prepare(
      `INSERT INTO usage (request_id, at, user_id, key_id, team_id, model, deployment_id, instance_id, endpoint,
        prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, status, error_code, ttft_ms, duration_ms, client_ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  insertMany(records: readonly UsageRecord[]): void {
    this.db.transaction(() => {
      for (const r of records) {
        this.insertStatement.run(
          r.requestId,
          r.at,
          r.userId,
          r.keyId,
          r.teamId ?? null,
          r.model,
          r.deploymentId,
          r.instanceId,
          r.endpoint,
          r.promptTokens,
          r.completionTokens,
          r.reasoningTokens,
          r.cachedTokens ?? 0,
          r.status,
          r.errorCode,
          r.timeToFirstTokenMs,
          r.durationMs,
          r.clientIp ?? null,
        );
      }
    })();
  }

  /** Rows matching the filter, newest first. */
  list(filter: UsageFilter & { limit: number; offset?: number }): UsageRecord[] {
    const { clause, values } = where(filter);
    return this.db
      .prepare(`SELECT ${SELECT_RECORD} FROM usage ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...values, filter.limit, filter.offset ?? 0) as UsageRecord[];
  }

  /** Calls `each` for every matching row, oldest first, without holding them all in memory (CSV export). */
  forEach(filter: UsageFilter, each: (record: UsageRecord) => void): void {
    const { clause, values } = where(filter);
    for (const row of this.db
      .prepare(`SELECT ${SELECT_RECORD} FROM usage ${clause} ORDER BY at, id`)
      .iterate(...values)) {
      each(row as UsageRecord);
    }
  }

  totals(filter: UsageFilter, groupBy?: UsageGroup): UsageTotals[] {
    const { clause, values } = where(filter);
    const group = groupBy ? GROUP_COLUMNS[groupBy] : 'NULL';
    return this.db
      .prepare(
        `SELECT ${group} AS "group", COUNT(*) AS requests, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
           COALESCE(SUM(prompt_tokens), 0) AS promptTokens, COALESCE(SUM(completion_tokens), 0) AS completionTokens,
           COALESCE(SUM(reasoning_tokens), 0) AS reasoningTokens
         FROM usage ${clause} GROUP BY 1 ORDER BY ${groupBy === 'day' ? '1' : 'requests DESC, 1'}`,
      )
      .all(...values) as UsageTotals[];
  }

  /** Time to first token and duration of the rows in the window, for percentiles. */
  latencies(filter: UsageFilter): { ttft: number[]; duration: number[] } {
    const { clause, values } = where(filter);
    const rows = this.db
      .prepare(`SELECT ttft_ms AS ttft, duration_ms AS duration FROM usage ${clause}`)
      .all(...values) as { ttft: number | null; duration: number }[];
    return {
      ttft: rows.flatMap((row) => (row.ttft === null ? [] : [row.ttft])),
      duration: rows.map((row) => row.duration),
    };
  }

  /** Requests, tokens and errors per time bucket. */
  series(
    filter: UsageFilter,
    bucketMs: number,
  ): { t: number; requests: number; tokens: number; errors: number }[] {
    const { clause, values } = where(filter);
    return this.db
      .prepare(
        `SELECT at - (at % ?) AS t, COUNT(*) AS requests, COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS tokens,
           SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors
         FROM usage ${clause} GROUP BY 1 ORDER BY 1`,
      )
      .all(Math.round(bucketMs), ...values) as {
      t: number;
      requests: number;
      tokens: number;
      errors: number;
    }[];
  }

  /** Tokens used since `since` per subject column, to restore rate-limit budgets after a restart. */
  tokensSince(column: 'key' | 'user' | 'team', since: number): { subject: string; tokens: number }[] {
    const name = GROUP_COLUMNS[column];
    return this.db
      .prepare(
        `SELECT ${name} AS subject, SUM(prompt_tokens + completion_tokens) AS tokens FROM usage
         WHERE at >= ? AND ${name} IS NOT NULL GROUP BY 1`,
      )
      .all(since) as { subject: string; tokens: number }[];
  }

  /** Retention: removes rows older than `before`; returns how many. */
  deleteBefore(before: number): number {
    return this.db.prepare('DELETE FROM usage WHERE at < ?').run(before).changes;
  }
}
