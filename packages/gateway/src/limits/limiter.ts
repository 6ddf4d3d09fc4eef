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

/** The per-minute rates and budgets of one subject (`kind:id`). */
interface SubjectState {
  /** GCRA theoretical arrival times (ms), requests and tokens per minute; `undefined` until first charged. */
  requestsArrival: number | undefined;
  tokensArrival: number | undefined;
  day: BudgetState;
  month: BudgetState;
}

/** What a request was charged with; `correct()` adjusts it to the real token count. */
export interface Reservation {
  readonly tokens: number;
  /** Subjects charged, with the budget windows they were charged in. */
  readonly charges: readonly Charge[];
}

/** One subject's part of a reservation. */
interface Charge {
  state: SubjectState;
  /** The tokens-per-minute emission interval charged with; 0 without that limit. */
  tokensIntervalMs: number;
  /** Budget windows charged (`NaN`: that budget is not limited). */
  dayStart: number;
  monthStart: number;
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
  const subjects = new Map<string, SubjectState>();
  /** The state of a subject object seen before: no key string to build and hash per request. */
  const stateBySubject = new WeakMap<LimitSubject, SubjectState>();
  const windows = new WindowCache();

  function stateOfSubject(subject: LimitSubject): SubjectState {
    let state = stateBySubject.get(subject);
    if (state === undefined) {
      state = stateOf(subject.kind, subject.id);
      stateBySubject.set(subject, state);
    }
    return state;
  }

  function stateOf(kind: LimitSubjectKind, id: string): SubjectState {
    const key = `${kind}:${id}`;
    let state = subjects.get(key);
    if (state === undefined) {
      state = {
        requestsArrival: undefined,
        tokensArrival: undefined,
        day: { windowStart: 0, used: 0 },
        month: { windowStart: 0, used: 0 },
      };
      subjects.set(key, state);
    }
    return state;
  }

  /** The subject's budget in the window containing `now`; a new window starts at zero. */
  function budgetOf(state: SubjectState, window: BudgetWindow, now: number): BudgetState {
    const budget = window === 'day' ? state.day : state.month;
    const windowStart = windows.startOf(window, now);
    if (budget.windowStart !== windowStart) {
      budget.windowStart = windowStart;
      budget.used = 0;
    }
    return budget;
  }

  function check(subject: LimitSubject, state: SubjectState, tokens: number, now: number) {
    const { requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth } = subject.limits;
    if (requestsPerMinute !== undefined) {
      const retryAfterMs = gcraExcessMs(state.requestsArrival, 1, requestsPerMinute, now);
      if (retryAfterMs > 0) return refusal(subject, 'requests-per-minute', requestsPerMinute, retryAfterMs);
    }
    if (tokensPerMinute !== undefined) {
      const retryAfterMs = gcraExcessMs(state.tokensArrival, tokens, tokensPerMinute, now);
      if (retryAfterMs > 0) return refusal(subject, 'tokens-per-minute', tokensPerMinute, retryAfterMs);
    }
    if (tokensPerDay !== undefined && budgetOf(state, 'day', now).used + tokens > tokensPerDay) {
      return budgetRefusal(subject, 'day', tokensPerDay, now);
    }
    if (tokensPerMonth !== undefined && budgetOf(state, 'month', now).used + tokens > tokensPerMonth) {
      return budgetRefusal(subject, 'month', tokensPerMonth, now);
    }
    return undefined;
  }

  function charge(subject: LimitSubject, state: SubjectState, tokens: number, now: number): void {
    const { requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth } = subject.limits;
    if (requestsPerMinute !== undefined) {
      state.requestsArrival = gcraNext(state.requestsArrival, 1, requestsPerMinute, now);
    }
    if (tokensPerMinute !== undefined) {
      state.tokensArrival = gcraNext(state.tokensArrival, tokens, tokensPerMinute, now);
    }
    if (tokensPerDay !== undefined) budgetOf(state, 'day', now).used += tokens;
    if (tokensPerMonth !== undefined) budgetOf(state, 'month', now).used += tokens;
  }

  return {
    reserve(list, estimatedTokens) {
      const now = clock.now();
      const tokens = Math.max(0, Math.ceil(estimatedTokens));
      const states: SubjectState[] = [];
      for (const subject of list) {
        const state = stateOfSubject(subject);
        const refused = check(subject, state, tokens, now);
        if (refused !== undefined) return refused;
        states.push(state);
      }
      const charges: Charge[] = [];
      for (let index = 0; index < list.length; index++) {
        const subject = list[index] as LimitSubject;
        const state = states[index] as SubjectState;
        const { tokensPerMinute, tokensPerDay, tokensPerMonth } = subject.limits;
        charge(subject, state, tokens, now);
        charges.push({
          state,
          tokensIntervalMs: tokensPerMinute === undefined ? 0 : MINUTE_MS / tokensPerMinute,
          dayStart: tokensPerDay === undefined ? Number.NaN : state.day.windowStart,
          monthStart: tokensPerMonth === undefined ? Number.NaN : state.month.windowStart,
        });
      }
      return { ok: true, reservation: { tokens, charges } };
    },
    correct(reservation, actualTokens) {
      const delta = Math.max(0, actualTokens) - reservation.tokens;
      if (delta === 0) return;
      for (const { state, tokensIntervalMs, dayStart, monthStart } of reservation.charges) {
        if (state.tokensArrival !== undefined) state.tokensArrival += delta * tokensIntervalMs;
        // A request that straddled midnight was charged to yesterday: leave today alone.
        if (state.day.windowStart === dayStart) state.day.used = Math.max(0, state.day.used + delta);
        if (state.month.windowStart === monthStart) state.month.used = Math.max(0, state.month.used + delta);
      }
    },
    seed(subject, window, usedTokens) {
      budgetOf(stateOf(subject.kind, subject.id), window, clock.now()).used = Math.max(0, usedTokens);
    },
    used(subject, window) {
      return budgetOf(stateOf(subject.kind, subject.id), window, clock.now()).used;
    },
  };
}

/** How far (ms) a GCRA charge of `cost` would go beyond the tolerance; > 0 means refused. */
function gcraExcessMs(arrival: number | undefined, cost: number, perMinute: number, now: number): number {
  const intervalMs = MINUTE_MS / perMinute;
  const next = Math.max(arrival ?? now, now) + cost * intervalMs;
  return next - now - Math.max(MINUTE_MS, cost * intervalMs);
}

function gcraNext(arrival: number | undefined, cost: number, perMinute: number, now: number): number {
  return Math.max(arrival ?? now, now) + cost * (MINUTE_MS / perMinute);
}

/** The current UTC day and month, recomputed only when the clock leaves them. */
class WindowCache {
  private dayStart = 0;
  private dayEnd = -1;
  private monthStart = 0;
  private monthEnd = -1;

  startOf(window: BudgetWindow, now: number): number {
    if (window === 'day') {
      if (now < this.dayStart || now >= this.dayEnd) {
        this.dayStart = windowStartOf('day', now);
        this.dayEnd = windowEndOf('day', now);
      }
      return this.dayStart;
    }
    if (now < this.monthStart || now >= this.monthEnd) {
      this.monthStart = windowStartOf('month', now);
      this.monthEnd = windowEndOf('month', now);
    }
    return this.monthStart;
  }
}

function budgetRefusal(subject: LimitSubject, window: BudgetWindow, limit: number, now: number) {
  const resetsAt = windowEndOf(window, now);
  return { ...refusal(subject, `tokens-per-${window}`, limit, resetsAt - now), resetsAt };
}

function refusal(
  subject: LimitSubject,
  limit: LimitKind,
  limitValue: number,
  retryAfterMs: number,
): Extract<LimitOutcome, { ok: false }> {
  return { ok: false, subject, limit, limitValue, retryAfterMs: Math.max(0, retryAfterMs) };
}
