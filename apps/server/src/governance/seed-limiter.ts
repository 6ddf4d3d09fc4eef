import type { Limiter } from '@hangar/gateway';
import type { Store } from '@hangar/store';

/** Start of the current UTC day and month. */
export function budgetWindowStarts(now: number): { day: number; month: number } {
  const date = new Date(now);
  return {
    day: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
    month: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
  };
}

/** After a restart, token budgets continue from the usage ledger instead of starting at zero. */
export function seedLimiter(limiter: Limiter, store: Store, now: number): void {
  const starts = budgetWindowStarts(now);
  for (const window of ['day', 'month'] as const) {
    for (const kind of ['key', 'user', 'team'] as const) {
      for (const { subject, tokens } of store.usage.tokensSince(kind, starts[window])) {
        limiter.seed({ kind, id: subject }, window, tokens);
      }
    }
  }
}
