/** A budget window: a calendar day or month in UTC. */
export type BudgetWindow = 'day' | 'month';

/** Start (ms since the epoch) of the UTC day or month containing `at`. */
export function windowStartOf(window: BudgetWindow, at: number): number {
  const date = new Date(at);
  return window === 'day'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
    : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** End (exclusive) of the UTC day or month containing `at`. */
export function windowEndOf(window: BudgetWindow, at: number): number {
  const date = new Date(at);
  return window === 'day'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
    : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
