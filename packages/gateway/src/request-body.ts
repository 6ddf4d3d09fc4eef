import { ValidationError } from '@hangar/core';
import { isRecord } from './usage.js';

/** What the gateway reads from a request body: just enough to route it. Full validation is the engine's job. */
export interface RoutingFields {
  model: string;
  isStream: boolean;
  /** The client asked for the final usage chunk (`stream_options.include_usage`). */
  includesUsage: boolean;
  parsed: Record<string, unknown>;
}

/** Parses a `/v1/*` POST body; throws `ValidationError` (`invalid_json`, or param `model`). */
export function parseRoutingFields(raw: Buffer): RoutingFields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationError('Request body is not valid JSON.', undefined, 'invalid_json');
  }
  if (!isRecord(parsed))
    throw new ValidationError('Request body must be a JSON object.', undefined, 'invalid_json');
  const model = parsed.model;
  if (typeof model !== 'string' || model.length === 0) {
    throw new ValidationError('Request body needs a string "model": the name of a deployed model.', {
      param: 'model',
    });
  }
  const streamOptions = parsed.stream_options;
  return {
    model,
    isStream: parsed.stream === true,
    includesUsage: isRecord(streamOptions) && streamOptions.include_usage === true,
    parsed,
  };
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
