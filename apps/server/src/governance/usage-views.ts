import type { UsageRecord, User } from '@hangar/core';
import type { UsageRowView, UsageSummaryView } from '@hangar/contracts';
import type { Store, UsageFilter } from '@hangar/store';

/** `p` (0-1) percentile of `values` by nearest rank; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

export function usageRowView(record: UsageRecord, names: NameLookup): UsageRowView {
  return {
    requestId: record.requestId,
    at: new Date(record.at).toISOString(),
    user: record.userId === null ? null : names.user(record.userId),
    key: record.keyId === null ? null : names.key(record.keyId),
    team: record.teamId ? names.team(record.teamId) : null,
    model: record.model,
    endpoint: record.endpoint,
    instanceId: record.instanceId,
    status: record.status,
    errorCode: record.errorCode,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    reasoningTokens: record.reasoningTokens,
    cachedTokens: record.cachedTokens ?? 0,
    timeToFirstTokenMs: record.timeToFirstTokenMs,
    durationMs: record.durationMs,
    clientIp: record.clientIp ?? null,
  };
}

export interface NameLookup {
  user(id: string): string;
  key(id: string): string;
  team(id: string): string;
}

/** Names for ids, read once per request. */
export function nameLookup(store: Store): NameLookup {
  const users = new Map(store.users.list().map((user: User) => [user.id, user.username]));
  const keys = new Map(store.apiKeys.list().map((key) => [key.id, key.name]));
  const teams = new Map(store.teams.list().map((team) => [team.id, team.name]));
  return {
    user: (id) => users.get(id) ?? id,
    key: (id) => keys.get(id) ?? id,
    team: (id) => teams.get(id) ?? id,
  };
}

const WINDOWS = {
  '1h': { spanMs: 3_600_000, bucketMs: 60_000 },
  '24h': { spanMs: 86_400_000, bucketMs: 3_600_000 },
  '7d': { spanMs: 7 * 86_400_000, bucketMs: 6 * 3_600_000 },
};

/** The dashboard's numbers for a window ending now. */
export function usageSummary(
  store: Store,
  window: keyof typeof WINDOWS,
  now: number,
  scope: UsageFilter,
): UsageSummaryView {
  const { spanMs, bucketMs } = WINDOWS[window];
  const filter: UsageFilter = { ...scope, from: now - spanMs, to: now + 1 };
  const [total] = store.usage.totals(filter);
  const latencies = store.usage.latencies(filter);
  const names = nameLookup(store);
  const tokens = (entry: { promptTokens: number; completionTokens: number }) =>
    entry.promptTokens + entry.completionTokens;
  return {
    window,
    requests: total?.requests ?? 0,
    errors: total?.errors ?? 0,
    promptTokens: total?.promptTokens ?? 0,
    completionTokens: total?.completionTokens ?? 0,
    ttftP50Ms: percentile(latencies.ttft, 0.5),
    ttftP99Ms: percentile(latencies.ttft, 0.99),
    latencyP50Ms: percentile(latencies.duration, 0.5),
    latencyP99Ms: percentile(latencies.duration, 0.99),
    series: store.usage
      .series(filter, bucketMs)
      .map((point) => ({ ...point, t: new Date(point.t).toISOString() })),
    topModels: store.usage
      .totals(filter, 'model')
      .slice(0, 5)
      .map((entry) => ({ model: entry.group ?? '?', requests: entry.requests, tokens: tokens(entry) })),
    topUsers: store.usage
      .totals(filter, 'user')
      .slice(0, 5)
      .map((entry) => ({
        user: entry.group ? names.user(entry.group) : '(none)',
        requests: entry.requests,
        tokens: tokens(entry),
      })),
  };
}

const CSV_COLUMNS: (keyof UsageRowView)[] = [
  'at',
  'requestId',
  'user',
  'key',
  'team',
  'model',
  'endpoint',
  'instanceId',
  'status',
  'errorCode',
  'promptTokens',
  'completionTokens',
  'reasoningTokens',
  'cachedTokens',
  'timeToFirstTokenMs',
  'durationMs',
  'clientIp',
];

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\n';
}

/** One CSV line (RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with '). */
export function csvLine(row: UsageRowView): string {
  return (
    CSV_COLUMNS.map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return '';
      let text = String(value);
      if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
      return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }).join(',') + '\n'
  );
}
