/**
 * An error answered by the Hangar server (admin API envelope or OpenAI envelope), or a failure to reach it.
 * `status` is the HTTP status; 0 when no response came back (server unreachable, connection lost).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    message: string,
    options: {
      status: number;
      code: string;
      requestId?: string;
      details?: Record<string, unknown>;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.details = options.details;
  }
}

/** True for an `ApiError` (also across copies of this package, by name and shape). */
export function isApiError(error: unknown): error is ApiError {
  return (
    error instanceof ApiError ||
    (error instanceof Error &&
      error.name === 'ApiError' &&
      typeof (error as Partial<ApiError>).code === 'string')
  );
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** HTTP status that matches an OpenAI error `type` (for errors that arrive inside a 200 stream). */
export function statusForOpenAIType(type: string | undefined): number {
  const statuses: Record<string, number> = {
    authentication_error: 401,
    permission_error: 403,
    not_found_error: 404,
    rate_limit_error: 429,
    invalid_request_error: 400,
  };
  return (type && statuses[type]) || 502;
}

/**
 * Builds an `ApiError` from a parsed error body: the admin envelope `{error:{code,message,details,requestId}}`
 * or the OpenAI envelope `{error:{message,type,param,code}}`; anything else gives a generic `http_<status>`.
 */
export function apiErrorFromBody(status: number, body: unknown, requestIdHeader?: string | null): ApiError {
  const error = asRecord(asRecord(body)?.['error']);
  const requestId = asString(error?.['requestId']) ?? requestIdHeader ?? undefined;
  if (!error) {
    const text = typeof body === 'string' && body.trim() !== '' ? `: ${body.trim().slice(0, 200)}` : '';
    return new ApiError(`The server answered HTTP ${status}${text}`, {
      status,
      code: `http_${status}`,
      requestId,
    });
  }
  const code = asString(error['code']) ?? asString(error['type']) ?? `http_${status}`;
  const message = asString(error['message']) ?? `The server answered HTTP ${status} (${code})`;
  return new ApiError(message, { status, code, requestId, details: asRecord(error['details']) });
}
