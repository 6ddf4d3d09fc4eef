/** Who is at fault: the caller (`user`), the environment (`operational`), or us (`unexpected`). */
export type ErrorKind = 'user' | 'operational' | 'unexpected';

export interface HangarErrorOptions {
  code: string;
  status: number;
  kind: ErrorKind;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type of the domain: a stable snake_case `code`, an HTTP status and a kind. */
export class HangarError extends Error {
  readonly code: string;
  readonly status: number;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: HangarErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'HangarError';
    this.code = options.code;
    this.status = options.status;
    this.kind = options.kind;
    this.details = options.details;
  }
}

export class ValidationError extends HangarError {
  constructor(message: string, details?: Record<string, unknown>, code = 'invalid_request') {
    super(message, { code, status: 400, kind: 'user', details });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends HangarError {
  constructor(message: string, code: string, details?: Record<string, unknown>) {
    super(message, { code, status: 404, kind: 'user', details });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends HangarError {
  constructor(message: string, code: string, details?: Record<string, unknown>) {
    super(message, { code, status: 409, kind: 'user', details });
    this.name = 'ConflictError';
  }
}

export class AuthenticationError extends HangarError {
  constructor(message: string, code = 'invalid_api_key') {
    super(message, { code, status: 401, kind: 'user' });
    this.name = 'AuthenticationError';
  }
}

export class PermissionError extends HangarError {
  constructor(message: string, code = 'permission_denied') {
    super(message, { code, status: 403, kind: 'user' });
    this.name = 'PermissionError';
  }
}

export class CapacityError extends HangarError {
  constructor(message: string, code: string, details?: Record<string, unknown>) {
    super(message, { code, status: 422, kind: 'user', details });
    this.name = 'CapacityError';
  }
}

/** A failure talking to an engine instance; `isRetryable` when the request never reached the engine. */
export class UpstreamError extends HangarError {
  readonly isRetryable: boolean;
  constructor(
    message: string,
    options: { code: string; status?: number; isRetryable: boolean; cause?: unknown },
  ) {
    super(message, {
      code: options.code,
      status: options.status ?? 502,
      kind: 'operational',
      cause: options.cause,
    });
    this.name = 'UpstreamError';
    this.isRetryable = options.isRetryable;
  }
}

export function isHangarError(error: unknown): error is HangarError {
  return error instanceof HangarError;
}

/** Narrows an unknown thrown value to a message, for logs and events. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
