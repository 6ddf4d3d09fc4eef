import { isApiError } from '@hangar/api-client';
import type { MessageKey } from '../i18n/messages-zh';

/** What went wrong, as a message key for a known situation, plus the server's own message and request id. */
export interface ErrorExplanation {
  hintKey: MessageKey;
  message: string;
  requestId?: string;
}

/** Picks the advice that tells the user what to do about an error. */
export function explainError(error: unknown): ErrorExplanation {
  if (!isApiError(error)) {
    return { hintKey: 'error.unexpected', message: error instanceof Error ? error.message : String(error) };
  }
  const base = { message: error.message, requestId: error.requestId };
  if (error.status === 0) return { ...base, hintKey: 'error.unreachable' };
  if (error.status === 401) return { ...base, hintKey: 'error.unauthenticated' };
  if (error.status === 403) return { ...base, hintKey: 'error.forbidden' };
  if (error.status === 404) return { ...base, hintKey: 'error.notFound' };
  if (error.status === 409) return { ...base, hintKey: 'error.conflict' };
  if (error.status === 429) return { ...base, hintKey: 'error.rateLimited' };
  if (error.status === 400 || error.status === 422) return { ...base, hintKey: 'error.invalid' };
  if (error.status === 503 || error.status === 502) return { ...base, hintKey: 'error.unavailable' };
  return { ...base, hintKey: 'error.server' };
}
