import { HangarError, UpstreamError, errorMessage } from '@hangar/core';
import { openAIError, type OpenAIErrorBody } from '@hangar/contracts';
import { isRecord } from './usage.js';

/** Network error codes meaning the request never reached the engine: safe to retry on another upstream. */
const CONNECT_FAILURE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  // undici: "other side closed" before the response headers.
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The Node or undici error code of `error` or of one of its causes. */
export function networkCode(error: unknown): string | undefined {
  if (!isRecord(error)) return undefined;
  const code = error.code;
  if (typeof code === 'string') return code;
  return networkCode(error.cause);
}

/**
 * Maps a failure to send a request to an upstream (before any response header) to an `UpstreamError`:
 * connection failures are retryable, a missing first byte is a timeout (504, not retryable: the engine may be
 * working on it), anything else is a plain 502.
 */
export function classifyUpstreamError(error: unknown, baseUrl: string): UpstreamError {
  const code = networkCode(error);
  if (code !== undefined && CONNECT_FAILURE_CODES.has(code)) {
    return new UpstreamError(`Could not reach the instance at ${baseUrl} (${code}).`, {
      code: 'upstream_unavailable',
      isRetryable: true,
      cause: error,
    });
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new UpstreamError(`The instance at ${baseUrl} did not answer in time (${code}).`, {
      code: 'upstream_timeout',
      status: 504,
      isRetryable: false,
      cause: error,
    });
  }
  return new UpstreamError(`Request to the instance at ${baseUrl} failed: ${errorMessage(error)}`, {
    code: 'upstream_error',
    isRetryable: false,
    cause: error,
  });
}

/** The one place where errors become OpenAI-format responses on `/v1/*`. */
export function toOpenAIError(error: unknown): { status: number; body: OpenAIErrorBody } {
  if (error instanceof HangarError) {
    const param = error.details?.param;
    return {
      status: error.status,
      body: openAIError(error.status, error.message, error.code, typeof param === 'string' ? param : null),
    };
  }
  return { status: 500, body: openAIError(500, 'Internal error in the gateway.', 'internal_error') };
}

/** The `error.code` (or `error.type`) of an upstream's OpenAI-format error body, for accounting. */
export function errorCodeOfBody(body: Buffer, status: number): string {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const error = isRecord(parsed) ? parsed.error : undefined;
    if (isRecord(error)) {
      if (typeof error.code === 'string') return error.code;
      if (typeof error.type === 'string') return error.type;
    }
  } catch {
    // Not JSON: fall through to the status.
  }
  return `upstream_http_${status}`;
}
