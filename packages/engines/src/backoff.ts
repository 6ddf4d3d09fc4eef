/** Restart delay after the `attempt`-th consecutive failure: 0.5 s, 1 s, 2 s ... capped. */
export function restartDelayMs(attempt: number, options: { baseMs?: number; maxMs?: number } = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}
