import { UsageError } from './cli-io.js';

const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * `--since`: a duration back from `nowMs` (`30m`, `1h`, `24h`, `7d`, `2w`) or a date/time (`2025-01-02`,
 * `2025-01-02T03:04:05Z`), as the ISO timestamp the server takes.
 */
export function parseSince(value: string, nowMs: number): string {
  const match = /^(\d+)([mhdw])$/.exec(value.trim());
  if (match) return new Date(nowMs - Number(match[1]) * (unitMs[match[2] ?? ''] ?? 0)).toISOString();
  return parseTime(value, '--since', 'a duration like 1h, 24h or 7d, or an ISO date/time');
}

/** `--until`: a date/time, as an ISO timestamp. */
export function parseUntil(value: string): string {
  return parseTime(value, '--until', 'an ISO date/time such as 2025-01-31 or 2025-01-31T12:00:00Z');
}

function parseTime(value: string, flag: string, expected: string): string {
  const isDateLike = /^\d{4}-\d{2}-\d{2}/.test(value.trim());
  const ms = isDateLike ? Date.parse(value.trim()) : Number.NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`${flag} expects ${expected}, got "${value}"`);
  return new Date(ms).toISOString();
}
