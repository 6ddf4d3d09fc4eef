/** Retries of one request. */
export interface RetryOptions {
  /** Attempts in all, across instances. Default 3. */
  maxAttempts: number;
  /** Backoff before a retry: base x 2^(retry - 1), halved at random, capped. Defaults 25 ms and 1 s. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, backoffBaseMs: 25, backoffMaxMs: 1_000 };
