import type { Admission, AdmissionDecision, AdmissionTicket, LimitSet, Principal } from '@hangar/core';
import type { LimitOutcome, LimitSubject, Limiter, Reservation } from './limiter.js';

interface LimitsTicket extends AdmissionTicket {
  reservation: Reservation | undefined;
}

const NO_LIMITS_RESERVATION = undefined;

/**
 * The default `Admission`: the principal's key, user and team limits, enforced by `limiter`. Tokens are charged
 * with `estimatedPromptTokens + maxTokens` and corrected to the real usage at `settle()`.
 */
export function createLimitsAdmission(limiter: Limiter): Admission {
  // A principal's subjects are the same on every request it makes (principals are rebuilt when keys, users
  // or teams change), so they are built once per principal object.
  const subjectsByPrincipal = new WeakMap<Principal, LimitSubject[]>();
  return {
    admit(request): AdmissionDecision {
      let subjects = subjectsByPrincipal.get(request.principal);
      if (subjects === undefined) {
        subjects = subjectsOf(request.principal);
        subjectsByPrincipal.set(request.principal, subjects);
      }
      if (subjects.length === 0) {
        const ticket: LimitsTicket = { requestId: request.requestId, reservation: NO_LIMITS_RESERVATION };
        return { ok: true, ticket };
      }
      const outcome = limiter.reserve(subjects, request.estimatedPromptTokens + request.maxTokens);
      if (!outcome.ok) return refusalOf(outcome, request.estimatedPromptTokens + request.maxTokens);
      const ticket: LimitsTicket = { requestId: request.requestId, reservation: outcome.reservation };
      return { ok: true, ticket };
    },
    settle(ticket, usage) {
      const reservation = (ticket as LimitsTicket).reservation;
      if (reservation !== undefined)
        limiter.correct(reservation, usage.promptTokens + usage.completionTokens);
    },
  };
}

function hasAny(limits: LimitSet | undefined): limits is LimitSet {
  return (
    limits !== undefined &&
    (limits.requestsPerMinute !== undefined ||
      limits.tokensPerMinute !== undefined ||
      limits.tokensPerDay !== undefined ||
      limits.tokensPerMonth !== undefined)
  );
}

/** The subjects whose limits apply to a principal: its key, its user, its team. */
export function subjectsOf(principal: Principal): LimitSubject[] {
  const subjects: LimitSubject[] = [];
  const limits = principal.limits;
  if (limits === undefined) return subjects;
  if (principal.keyId !== null && hasAny(limits.key)) {
    subjects.push({
      kind: 'key',
      id: principal.keyId,
      name: principal.keyName ?? principal.keyId,
      limits: limits.key,
    });
  }
  if (hasAny(limits.user)) {
    subjects.push({ kind: 'user', id: principal.userId, name: principal.username, limits: limits.user });
  }
  const teamId = principal.teamId;
  if (teamId !== undefined && teamId !== null && hasAny(limits.team)) {
    subjects.push({ kind: 'team', id: teamId, name: principal.teamName ?? teamId, limits: limits.team });
  }
  return subjects;
}

type Refusal = Extract<LimitOutcome, { ok: false }>;

function refusalOf(outcome: Refusal, requestedTokens: number): AdmissionDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
  const who = `${outcome.subject.kind} ${outcome.subject.name}`;
  const limit = outcome.limitValue.toLocaleString('en-US');
  switch (outcome.limit) {
    case 'requests-per-minute':
      return {
        ok: false,
        status: 429,
        code: 'rate_limit_exceeded',
        message: `Rate limit reached for ${who}: ${limit} requests per minute; retry in ${formatDelay(retryAfterSeconds)}.`,
        retryAfterSeconds,
      };
    case 'tokens-per-minute':
      return {
        ok: false,
        status: 429,
        code: 'rate_limit_exceeded',
        message:
          `Token rate limit reached for ${who}: ${limit} tokens per minute (this request counts ` +
          `${requestedTokens.toLocaleString('en-US')}: prompt estimate + max_tokens); retry in ${formatDelay(retryAfterSeconds)}.`,
        retryAfterSeconds,
      };
    case 'tokens-per-day':
    case 'tokens-per-month': {
      const period = outcome.limit === 'tokens-per-day' ? 'daily' : 'monthly';
      const resetsAt = new Date(outcome.resetsAt ?? 0).toISOString();
      return {
        ok: false,
        status: 429,
        code: 'insufficient_quota',
        message:
          `The ${period} token budget of ${who} (${limit} tokens) is used up or too small for this request ` +
          `(${requestedTokens.toLocaleString('en-US')} tokens with max_tokens); it resets at ${resetsAt} ` +
          `(in ${formatDelay(retryAfterSeconds)}). Lower max_tokens or ask an admin to raise the budget.`,
        retryAfterSeconds,
      };
    }
  }
}

/** `12 s`, `4 min 5 s`, `3 h 20 min`. */
export function formatDelay(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const rest = seconds % 60;
    return rest === 0 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
  }
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
