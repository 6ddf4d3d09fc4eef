import { HangarError, type Admission, type AdmissionTicket, type Principal } from '@hangar/core';

/** The request's `max_tokens` (or `max_completion_tokens`), 0 when absent. */
export function maxTokensOf(body: Record<string, unknown>): number {
  const value = body.max_tokens ?? body.max_completion_tokens;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Prompt tokens guessed from the body's size: about 4 bytes per token (JSON overhead makes it generous). */
export function estimateTokensFromBytes(raw: Buffer): number {
  return Math.ceil(raw.length / 4);
}

/** Asks `admission`; a refusal becomes the 429/403 the client gets, with `Retry-After` when it says one. */
export function admitRequest(
  admission: Admission,
  request: {
    principal: Principal;
    model: string;
    estimatedPromptTokens: number;
    maxTokens: number;
    requestId: string;
  },
): AdmissionTicket {
  const decision = admission.admit(request);
  if (decision.ok) return decision.ticket;
  throw new HangarError(decision.message, {
    code: decision.code,
    status: decision.status,
    kind: 'user',
    details:
      decision.retryAfterSeconds === undefined
        ? undefined
        : { retryAfterSeconds: decision.retryAfterSeconds },
  });
}
