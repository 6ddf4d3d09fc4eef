import type { UsageRowView, UsageTotalsView } from '@hangar/contracts';
import { formatTable } from './format-table.js';
import { formatTimestamp } from './format-units.js';

const count = (value: number): string => value.toLocaleString('en-US');

/** `850 ms`, `1.2 s`, `-`. */
export function formatMilliseconds(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The usage records table (newest first, as the server sends them). */
export function formatUsageRows(rows: readonly UsageRowView[]): string {
  return formatTable(
    ['TIME', 'USER', 'KEY', 'MODEL', 'STATUS', 'PROMPT', 'COMPLETION', 'TTFT', 'DURATION'],
    rows.map((row) => [
      formatTimestamp(row.at),
      row.user ?? '-',
      row.key ?? '-',
      row.model,
      row.errorCode ? `${row.status} ${row.errorCode}` : String(row.status),
      count(row.promptTokens),
      count(row.completionTokens),
      formatMilliseconds(row.timeToFirstTokenMs),
      formatMilliseconds(row.durationMs),
    ]),
  );
}

/** Totals per group (`--group-by`); the first column is named after the grouping. */
export function formatUsageTotals(groupBy: string, totals: readonly UsageTotalsView[]): string {
  return formatTable(
    [groupBy.toUpperCase(), 'REQUESTS', 'ERRORS', 'PROMPT', 'COMPLETION', 'REASONING'],
    totals.map((total) => [
      total.group ?? '-',
      count(total.requests),
      count(total.errors),
      count(total.promptTokens),
      count(total.completionTokens),
      count(total.reasoningTokens),
    ]),
  );
}

/** Adds up totals rows (groups) into one. */
export function sumTotals(totals: readonly UsageTotalsView[]): UsageTotalsView {
  const sum: UsageTotalsView = {
    group: null,
    requests: 0,
    errors: 0,
    promptTokens: 0,
    completionTokens: 0,
    reasoningTokens: 0,
  };
  for (const total of totals) {
    sum.requests += total.requests;
    sum.errors += total.errors;
    sum.promptTokens += total.promptTokens;
    sum.completionTokens += total.completionTokens;
    sum.reasoningTokens += total.reasoningTokens;
  }
  return sum;
}

/** `Total: 12 requests (1 error), 3,456 prompt + 7,890 completion tokens (120 reasoning)`. */
export function formatTotalsLine(total: UsageTotalsView): string {
  const errors = `${count(total.errors)} error${total.errors === 1 ? '' : 's'}`;
  const reasoning = total.reasoningTokens > 0 ? ` (${count(total.reasoningTokens)} reasoning)` : '';
  return (
    `Total: ${count(total.requests)} request${total.requests === 1 ? '' : 's'} (${errors}), ` +
    `${count(total.promptTokens)} prompt + ${count(total.completionTokens)} completion tokens${reasoning}`
  );
}
