/** Token counts as the gateway accounts them. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /** Prompt tokens the engine served from its prefix cache. */
  cachedTokens: number;
}

const USAGE_KEY = Buffer.from('"usage"');
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Reads the top-level `usage` of an OpenAI response body without parsing the whole body: engines put it last,
 * and a literal `"usage"` cannot occur inside a JSON string (its quotes would be escaped), so the last
 * occurrence of the key is the one. Returns `undefined` when there is none or it is not an object.
 */
export function extractUsage(body: Buffer): TokenUsage | undefined {
  const keyAt = body.lastIndexOf(USAGE_KEY);
  if (keyAt < 0) return undefined;
  const start = body.indexOf(OPEN_BRACE, keyAt + USAGE_KEY.length);
  if (start < 0 || !isOnlyColonBetween(body, keyAt + USAGE_KEY.length, start)) return undefined;
  const end = matchingBrace(body, start);
  if (end < 0) return undefined;
  try {
    return usageFromObject(JSON.parse(body.toString('utf8', start, end + 1)));
  } catch {
    return undefined;
  }
}

function isOnlyColonBetween(body: Buffer, from: number, to: number): boolean {
  const between = body.toString('latin1', from, to).trim();
  return between === ':';
}

/** Index of the `}` closing the object opened at `start`, or -1; skips braces inside strings. */
function matchingBrace(body: Buffer, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < body.length; index++) {
    const byte = body[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE) {
      depth++;
    } else if (byte === CLOSE_BRACE) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Reads an OpenAI `usage` object; missing counts are zero. */
export function usageFromObject(value: unknown): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  const details = value.completion_tokens_details;
  const promptDetails = value.prompt_tokens_details;
  return {
    promptTokens: count(value.prompt_tokens),
    completionTokens: count(value.completion_tokens),
    reasoningTokens: isRecord(details) ? count(details.reasoning_tokens) : 0,
    cachedTokens: isRecord(promptDetails) ? count(promptDetails.cached_tokens) : 0,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** Narrows `unknown` to a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
