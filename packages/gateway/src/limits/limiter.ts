import type { Clock, LimitSet } from '@hangar/core';
import { windowEndOf, windowStartOf, type BudgetWindow } from './calendar-window.js';

/** Who a limit belongs to. */
export type LimitSubjectKind = 'key' | 'user' | 'team';

/** One subject and its limits, for one request. */
export interface LimitSubject {
  kind: LimitSubjectKind;
  id: string;
  /** Shown in messages ("key dev", "team ml"). */
  name: string;
  limits: LimitSet;
}

/** Which limit refused a request. */
export type LimitKind = 'requests-per-minute' | 'tokens-per-minute' | 'tokens-per-day' | 'tokens-per-month';

interface TokenCharge {
  /** Key of a GCRA state (tokens per minute) and the emission interval it was charged with. */
  gcraKey: string;
  intervalMs: number;
}

interface BudgetCharge {
  key: string;
  windowStart: number;
}

/** What a request was charged with; `correct()` adjusts it to the real token count. */
export interface Reservation {
  readonly tokens: number;
  readonly tokenCharges: TokenCharge[];
  readonly budgetCharges: BudgetCharge[];
}

export type LimitOutcome =
  | { ok: true; reservation: Reservation }
  | {
      ok: false;
      subject: LimitSubject;
      limit: LimitKind;
      limitValue: number;
      retryAfterMs: number;
      /** When a budget window resets (budgets only). */
      resetsAt?: number;
    };

/** Rate limits and token budgets over an injected clock; in memory, one per server. */
export interface Limiter {
  /** Checks every limit of every subject; charges all of them only when all pass. */
  reserve(subjects: readonly LimitSubject[], estimatedTokens: number): LimitOutcome;
  /** Replaces the estimate a reservation charged with the real token count. */
  correct(reservation: Reservation, actualTokens: number): void;
  /** Sets the tokens already used in the current window (from the usage ledger, after a restart). */
  seed(subject: { kind: LimitSubjectKind; id: string }, window: BudgetWindow, usedTokens: number): void;
  /** Tokens used in the current window. */
  used(subject: { kind: LimitSubjectKind; id: string }, window: BudgetWindow): number;
}

const MINUTE_MS = 60_000;

interface BudgetState {
  windowStart: number;
  used: number;
}

/**
 * Creates the limiter. Requests and tokens per minute use GCRA (the generic cell rate algorithm): one number per
 * subject (the theoretical arrival time), O(1) per check, exact at any instant (no window-edge bursts as with
 * fixed windows, no per-request timestamps as with a sliding log), and the retry delay falls out of it. Its
 * burst is the whole minute's allowance. A request whose estimate alone exceeds the minute's allowance passes
 * when the subject has no debt, so that a large `max_tokens` does not lock a key out for good.
 * Budgets per day and month are calendar windows in UTC.
 */
export function createLimiter(options: { clock: Clock }): Limiter {
  const { clock } = options;
  const arrival = new Map<string, number>();
  const budgets = new Map<string, BudgetState>();

  function gcraCheck(key: string, cost: number, perMinute: number, now: number) {
    const intervalMs = MINUTE_MS / perMinute;
    const theoretical = Math.max(arrival.get(key) ?? now, now);
    const next = theoretical + cost * intervalMs;
    const tolerance = Math.max(MINUTE_MS, cost * intervalMs);
    return { isAllowed: next - now <= tolerance, next, intervalMs, retryAfterMs: next - now - tolerance };
  }

  function budgetState(key: string, window: BudgetWindow, now: number): BudgetState {
    const windowStart = windowStartOf(window, now);
    let state = budgets.get(key);
    if (state === undefined || state.windowStart !== windowStart) {
      state = { windowStart, used: 0 };
      budgets.set(key, state);
    }
    return state;
  }

  function check(subject: LimitSubject, tokens: number, now: number): LimitOutcome | undefined {
    const base = `${subject.kind}:${subject.id}`;
    const { requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth } = subject.limits;
    if (requestsPerMinute !== undefined) {
      const result = gcraCheck(`rpm:${base}`, 1, requestsPerMinute, now);
      if (!result.isAllowed)
        return refusal(subject, 'requests-per-minute', requestsPerMinute, result.retryAfterMs);
    }
    if (tokensPerMinute !== undefined) {
      const result = gcraCheck(`tpm:${base}`, tokens, tokensPerMinute, now);
      if (!result.isAllowed)
        return refusal(subject, 'tokens-per-minute', tokensPerMinute, result.retryAfterMs);
    }
    for (const [window, limit] of [
      ['day', tokensPerDay],
      ['month', tokensPerMonth],
    ] as const) {
      if (limit === undefined) continue;
      const state = budgetState(`${window}:${base}`, window, now);
      if (state.used + tokens > limit) {
        const resetsAt = windowEndOf(window, now);
        return { ...refusal(subject, `tokens-per-${window}`, limit, resetsAt - now), resetsAt };
      }
    }
    return undefined;
  }

  function charge(subject: LimitSubject, tokens: number, now: number, into: Reservation): void {
    const base = `${subject.kind}:${subject.id}`;
    const { requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth } = subject.limits;
    if (requestsPerMinute !== undefined) {
      arrival.set(`rpm:${base}`, gcraCheck(`rpm:${base}`, 1, requestsPerMinute, now).next);
    }
    if (tokensPerMinute !== undefined) {
      const result = gcraCheck(`tpm:${base}`, tokens, tokensPerMinute, now);
      arrival.set(`tpm:${base}`, result.next);
      into.tokenCharges.push({ gcraKey: `tpm:${base}`, intervalMs: result.intervalMs });
    }
    for (const [window, limit] of [
      ['day', tokensPerDay],
      ['month', tokensPerMonth],
    ] as const) {
      if (limit === undefined) continue;
      const key = `${window}:${base}`;
      const state = budgetState(key, window, now);
      state.used += tokens;
      into.budgetCharges.push({ key, windowStart: state.windowStart });
    }
  }

  return {
    reserve(subjects, estimatedTokens) {
      const now = clock.now();
      const tokens = Math.max(0, Math.ceil(estimatedTokens));
      for (const subject of subjects) {
        const refused = check(subject, tokens, now);
        if (refused !== undefined) return refused;
      }
      const reservation: Reservation = { tokens, tokenCharges: [], budgetCharges: [] };
      for (const subject of subjects) charge(subject, tokens, now, reservation);
      return { ok: true, reservation };
    },
    correct(reservation, actualTokens) {
      const delta = Math.max(0, actualTokens) - reservation.tokens;
      if (delta === 0) return;
      for (const { gcraKey, intervalMs } of reservation.tokenCharges) {
        const theoretical = arrival.get(gcraKey);
        if (theoretical !== undefined) arrival.set(gcraKey, theoretical + delta * intervalMs);
      }
      for (const { key, windowStart } of reservation.budgetCharges) {
        const state = budgets.get(key);
        // A request that straddled midnight was charged to yesterday: leave today alone.
        if (state !== undefined && state.windowStart === windowStart)
          state.used = Math.max(0, state.used + delta);
      }
    },
    seed(subject, window, usedTokens) {
      budgetState(`${window}:${subject.kind}:${subject.id}`, window, clock.now()).used = Math.max(
        0,
        usedTokens,
      );
    },
    used(subject, window) {
      return budgetState(`${window}:${subject.kind}:${subject.id}`, window, clock.now()).used;
    },
  };
}

function refusal(
  subject: LimitSubject,
  limit: LimitKind,
  limitValue: number,
  retryAfterMs: number,
): Extract<LimitOutcome, { ok: false }> {
  return { ok: false, subject, limit, limitValue, retryAfterMs: Math.max(0, retryAfterMs) };
}
