import type { Measurement } from './measure.js';

/** Median figures of one target at one stream count. */
export interface SummaryRow {
  target: string;
  streams: number;
  rounds: number;
  tokensPerSecond: number;
  minTokensPerSecond: number;
  maxTokensPerSecond: number;
  decodeTokensPerSecond: number;
  meanTimeToFirstTokenMs: number;
  /** Highest CPU share other processes took during this row's measurements (null when unknown). */
  maxForeignCpuPercent: number | null;
  /** Median tokens/s over the baseline's median at the same stream count; null for the baseline itself. */
  ratio: number | null;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function maxOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}

/** Medians per (target, streams), with each target's ratio to `baseline` at the same stream count. */
export function summarizeMeasurements(measurements: readonly Measurement[], baseline: string): SummaryRow[] {
  const groups = new Map<string, Measurement[]>();
  for (const measurement of measurements) {
    const key = `${measurement.target}\u0000${measurement.streams}`;
    groups.set(key, [...(groups.get(key) ?? []), measurement]);
  }
  const rows = [...groups.values()].map((group): SummaryRow => {
    const rates = group.map((measurement) => measurement.tokensPerSecond);
    return {
      target: group[0]!.target,
      streams: group[0]!.streams,
      rounds: group.length,
      tokensPerSecond: median(rates),
      minTokensPerSecond: Math.min(...rates),
      maxTokensPerSecond: Math.max(...rates),
      decodeTokensPerSecond: median(group.map((measurement) => measurement.decodeTokensPerSecond)),
      meanTimeToFirstTokenMs: median(group.map((measurement) => measurement.meanTimeToFirstTokenMs)),
      maxForeignCpuPercent: maxOrNull(group.map((measurement) => measurement.foreignCpuPercent)),
      ratio: null,
    };
  });
  for (const row of rows) {
    const base = rows.find((other) => other.target === baseline && other.streams === row.streams);
    row.ratio =
      base === undefined || row.target === baseline ? null : row.tokensPerSecond / base.tokensPerSecond;
  }
  return rows.sort((left, right) => left.streams - right.streams || left.target.localeCompare(right.target));
}

/** A markdown table of the summary, with the run's settings above it. */
export function markdownReport(
  rows: readonly SummaryRow[],
  settings: Record<string, string | number>,
): string {
  const lines = [
    '# Embedded engine vs llama-server',
    '',
    ...Object.entries(settings).map(([key, value]) => `- ${key}: ${value}`),
    '',
    '| streams | target | tok/s (median) | min–max | decode tok/s | TTFT ms | other CPU % (max) | ratio |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows
      .map((row) =>
        [
          row.streams,
          row.target,
          row.tokensPerSecond.toFixed(1),
          `${row.minTokensPerSecond.toFixed(1)}–${row.maxTokensPerSecond.toFixed(1)}`,
          row.decodeTokensPerSecond.toFixed(1),
          row.meanTimeToFirstTokenMs.toFixed(0),
          row.maxForeignCpuPercent === null ? '?' : row.maxForeignCpuPercent.toFixed(0),
          row.ratio === null ? '—' : `${row.ratio.toFixed(2)}x`,
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
    '',
  ];
  return lines.join('\n');
}
