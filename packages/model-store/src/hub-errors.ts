import { HangarError, type ErrorKind } from '@hangar/core';
import type { ModelSource } from './hub-client.js';

/** Stable codes of the model store's errors. */
export type ModelStoreErrorCode =
  | 'hub_unauthorized'
  | 'hub_repo_not_found'
  | 'hub_revision_not_found'
  | 'hub_file_not_found'
  | 'hub_rate_limited'
  | 'hub_unavailable'
  | 'hub_unreachable'
  | 'hub_invalid_response'
  | 'model_file_corrupted'
  | 'model_files_not_matched'
  | 'download_cancelled'
  | 'download_locked'
  | 'model_path_not_found';

const statusOf: Record<ModelStoreErrorCode, { status: number; kind: ErrorKind }> = {
  // 403, not 401: a missing hub token is not a missing Hangar session.
  hub_unauthorized: { status: 403, kind: 'user' },
  hub_repo_not_found: { status: 404, kind: 'user' },
  hub_revision_not_found: { status: 404, kind: 'user' },
  hub_file_not_found: { status: 404, kind: 'user' },
  hub_rate_limited: { status: 503, kind: 'operational' },
  hub_unavailable: { status: 502, kind: 'operational' },
  hub_unreachable: { status: 502, kind: 'operational' },
  hub_invalid_response: { status: 502, kind: 'operational' },
  model_file_corrupted: { status: 502, kind: 'operational' },
  model_files_not_matched: { status: 400, kind: 'user' },
  download_cancelled: { status: 409, kind: 'user' },
  download_locked: { status: 409, kind: 'operational' },
  model_path_not_found: { status: 404, kind: 'user' },
};

/**
 * An error of the model store or of a hub it talks to. `isRetryable` marks the failures that a later
 * attempt may fix (a cut connection, a 5xx, a 429); the store retries those itself with backoff.
 */
export class ModelStoreError extends HangarError {
  override readonly code: ModelStoreErrorCode;
  readonly isRetryable: boolean;

  constructor(
    message: string,
    options: {
      code: ModelStoreErrorCode;
      isRetryable?: boolean;
      details?: Record<string, unknown>;
      cause?: unknown;
    },
  ) {
    super(message, {
      ...statusOf[options.code],
      code: options.code,
      details: options.details,
      cause: options.cause,
    });
    this.name = 'ModelStoreError';
    this.code = options.code;
    this.isRetryable = options.isRetryable ?? false;
  }
}

/** True for a `ModelStoreError` with the given code. */
export function isModelStoreError(error: unknown, code?: ModelStoreErrorCode): error is ModelStoreError {
  return error instanceof ModelStoreError && (code === undefined || error.code === code);
}

/** Where a failing request was going: used to word the error. */
export interface HubRequestContext {
  source: ModelSource;
  repo: string;
  revision?: string;
  path?: string;
  /** The environment variable / config key that holds this hub's token, for the message. */
  tokenHint: string;
  hasToken: boolean;
}

function sourceLabel(source: ModelSource): string {
  return source === 'huggingface' ? 'Hugging Face' : 'ModelScope';
}

/**
 * Maps a hub's error answer to a `ModelStoreError`. `hubErrorCode` is Hugging Face's `X-Error-Code`
 * header (`RepoNotFound`, `GatedRepo`, `EntryNotFound`, `RevisionNotFound`) when present.
 */
export function hubErrorFromStatus(
  status: number,
  context: HubRequestContext,
  hubErrorCode: string | undefined,
): ModelStoreError {
  const label = sourceLabel(context.source);
  const where = `${context.repo}${context.revision ? `@${context.revision}` : ''}`;
  const details = {
    source: context.source,
    repo: context.repo,
    revision: context.revision,
    path: context.path,
    status,
  };
  if (hubErrorCode === 'RepoNotFound' || (status === 404 && context.path === undefined && !hubErrorCode)) {
    const hint = context.hasToken ? '' : ` If it is private, set the token (${context.tokenHint}).`;
    return new ModelStoreError(`${label} has no repository ${context.repo}.${hint}`, {
      code: 'hub_repo_not_found',
      details,
    });
  }
  if (hubErrorCode === 'RevisionNotFound') {
    return new ModelStoreError(
      `${label} repository ${context.repo} has no revision ${context.revision ?? ''}.`,
      {
        code: 'hub_revision_not_found',
        details,
      },
    );
  }
  if (status === 401 || status === 403) {
    const why = hubErrorCode === 'GatedRepo' ? 'is gated: accept its terms on the hub, then set' : 'needs';
    const what = context.hasToken ? `rejected the token in ${context.tokenHint}` : `${why} a token`;
    return new ModelStoreError(
      `${label} ${what} for ${where}: set the token (${context.tokenHint}) to one with read access.`,
      { code: 'hub_unauthorized', details },
    );
  }
  if (status === 404) {
    return new ModelStoreError(`${label} repository ${where} has no file ${context.path ?? ''}.`, {
      code: 'hub_file_not_found',
      details,
    });
  }
  if (status === 429) {
    return new ModelStoreError(`${label} kept rate-limiting requests for ${where}; try again later.`, {
      code: 'hub_rate_limited',
      isRetryable: true,
      details,
    });
  }
  return new ModelStoreError(
    `${label} answered HTTP ${status} for ${where}${context.path ? ` ${context.path}` : ''}.`,
    {
      code: 'hub_unavailable',
      isRetryable: status >= 500 || status === 408,
      details,
    },
  );
}
