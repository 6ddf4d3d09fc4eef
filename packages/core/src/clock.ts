/** Time source, injected so that schedulers, backoff and balancing are testable. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Randomness source in [0, 1), injected for the same reason. */
export interface Random {
  next(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
export const systemRandom: Random = { next: () => Math.random() };
