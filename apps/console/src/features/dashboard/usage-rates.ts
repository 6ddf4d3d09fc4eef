import type { UsageSummaryView } from '@hangar/contracts';

export type UsageWindow = '1h' | '24h';

export const WINDOW_SECONDS: Record<UsageWindow, number> = { '1h': 3600, '24h': 86_400 };

export interface UsageRates {
  requestsPerSecond: number;
  tokensPerSecond: number;
  /** Errors over requests, 0..1; 0 when there were no requests. */
  errorRate: number;
}

/** Average rates over the summary's window. */
export function usageRates(summary: UsageSummaryView, window: UsageWindow): UsageRates {
  const seconds = WINDOW_SECONDS[window];
  const tokens = summary.promptTokens + summary.completionTokens;
  return {
    requestsPerSecond: summary.requests / seconds,
    tokensPerSecond: tokens / seconds,
    errorRate: summary.requests > 0 ? summary.errors / summary.requests : 0,
  };
}

/** Instances counted by state, states in a stable order (ready first). */
export function countByState(states: readonly string[]): { state: string; count: number }[] {
  const order = ['ready', 'starting', 'pending', 'downloading', 'failed', 'stopping', 'stopped'];
  const counts = new Map<string, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  const rank = (state: string) => (order.indexOf(state) === -1 ? order.length : order.indexOf(state));
  return [...counts.entries()]
    .map(([state, count]) => ({ state, count }))
    .sort((a, b) => rank(a.state) - rank(b.state) || a.state.localeCompare(b.state));
}

/** A rate with a sensible number of decimals: `0.012`, `1.25`, `340`. */
export function formatRate(value: number): string {
  if (value === 0) return '0';
  if (value < 0.1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  return value.toFixed(0);
}
