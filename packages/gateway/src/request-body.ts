import { ValidationError } from '@hangar/core';
import { maxTokensOf } from './admit.js';
import { MalformedJsonError, scanJsonFields } from './scan-json-fields.js';
import { isRecord } from './usage.js';

/** What the gateway reads from a request body: just enough to route it. Full validation is the engine's job. */
export interface RoutingFields {
  model: string;
  isStream: boolean;
  /** The client asked for the final usage chunk (`stream_options.include_usage`). */
  includesUsage: boolean;
  /** `max_tokens` (or `max_completion_tokens`); 0 when absent. */
  maxTokens: number;
  /** The body's `user`, when it is a string (session affinity). */
  user: string | undefined;
  /** The whole body, parsed on first use only (prefix affinity, rewrites, a tokenizer); may throw `invalid_json`. */
  readonly parsed: Record<string, unknown>;
}

const ROUTING_KEYS: ReadonlySet<string> = new Set([
  'model',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'user',
]);

function invalidJson(): ValidationError {
  return new ValidationError('Request body is not valid JSON.', undefined, 'invalid_json');
}

/**
 * Reads the routing fields of a `/v1/*` POST body with a top-level scan (see `scanJsonFields`): the prompt
 * itself is not parsed unless a policy or a rewrite needs it. Throws `ValidationError` (`invalid_json`, or
 * param `model`).
 */
export function parseRoutingFields(raw: Buffer): RoutingFields {
  let found: Map<string, unknown>;
  try {
    found = scanJsonFields(raw, ROUTING_KEYS);
  } catch (error) {
    if (error instanceof MalformedJsonError || error instanceof SyntaxError) throw invalidJson();
    throw error;
  }
  const model = found.get('model');
  if (typeof model !== 'string' || model.length === 0) {
    throw new ValidationError('Request body needs a string "model": the name of a deployed model.', {
      param: 'model',
    });
  }
  return new ScannedFields(raw, found, model);
}

/** `RoutingFields` from a scan; a class, so that the lazy `parsed` costs nothing per request until used. */
class ScannedFields implements RoutingFields {
  readonly isStream: boolean;
  readonly includesUsage: boolean;
  readonly maxTokens: number;
  readonly user: string | undefined;
  private whole: Record<string, unknown> | undefined;

  constructor(
    private readonly raw: Buffer,
    found: Map<string, unknown>,
    readonly model: string,
  ) {
    const streamOptions = found.get('stream_options');
    const user = found.get('user');
    this.isStream = found.get('stream') === true;
    this.includesUsage = isRecord(streamOptions) && streamOptions.include_usage === true;
    this.maxTokens = maxTokensOf({
      max_tokens: found.get('max_tokens'),
      max_completion_tokens: found.get('max_completion_tokens'),
    });
    this.user = typeof user === 'string' ? user : undefined;
  }

  get parsed(): Record<string, unknown> {
    if (this.whole === undefined) {
      let value: unknown;
      try {
        value = JSON.parse(this.raw.toString('utf8'));
      } catch {
        throw invalidJson();
      }
      if (!isRecord(value)) throw invalidJson();
      this.whole = value;
    }
    return this.whole;
  }
}

/** The body with `stream_options.include_usage: true`, so that the stream ends with token counts. */
export function withIncludeUsage(fields: RoutingFields): Buffer {
  return bodyFor(fields, undefined, true);
}

/** The body re-serialised with another `model` (a fallback) and/or `stream_options.include_usage: true`. */
export function bodyFor(fields: RoutingFields, model: string | undefined, addIncludeUsage: boolean): Buffer {
  const body: Record<string, unknown> = { ...fields.parsed };
  if (model !== undefined) body.model = model;
  if (addIncludeUsage) {
    const streamOptions = isRecord(fields.parsed.stream_options) ? fields.parsed.stream_options : {};
    body.stream_options = { ...streamOptions, include_usage: true };
  }
  return Buffer.from(JSON.stringify(body), 'utf8');
}
