const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The body is not one JSON object (as far as its top level shows). */
export class MalformedJsonError extends Error {
  constructor(at: number) {
    super(`Malformed JSON at byte ${at}.`);
    this.name = 'MalformedJsonError';
  }
}

/** The body as bytes (for UTF-8 values) and as a Latin-1 string (for scanning). */
class Scanned {
  readonly text: string;
  readonly length: number;

  constructor(readonly bytes: Buffer) {
    this.text = bytes.toString('latin1');
    this.length = bytes.length;
  }

  /** The byte at `index`; NaN past the end (it equals no character code). */
  at(index: number): number {
    return this.text.charCodeAt(index);
  }

  indexOf(code: number, from: number): number {
    return this.text.indexOf(String.fromCharCode(code), from);
  }
}

/** A wanted value: the common scalars without `JSON.parse`. */
function valueOf(body: Scanned, start: number, end: number): unknown {
  const first = body.at(start);
  if (first === QUOTE) {
    const raw = body.bytes.toString('utf8', start + 1, end - 1);
    return raw.includes('\\') ? JSON.parse(body.bytes.toString('utf8', start, end)) : raw;
  }
  const literal = body.text.slice(start, end);
  if (literal === 'true') return true;
  if (literal === 'false') return false;
  if (literal === 'null') return null;
  return JSON.parse(
    first === OPEN_BRACE || first === OPEN_BRACKET ? body.bytes.toString('utf8', start, end) : literal,
  );
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Reads the top-level members named in `wanted` from a JSON object without parsing the rest: a prompt of tens of
 * kilobytes is skipped at `indexOf` speed (strings) instead of being turned into objects. Only the top level and
 * the structure of nested values are checked; what is inside them is the engine's to validate. The last of
 * duplicate keys wins, as with `JSON.parse`. Throws `MalformedJsonError` (or a `SyntaxError` from a wanted value).
 */
export function scanJsonFields(buffer: Buffer, wanted: ReadonlySet<string>): Map<string, unknown> {
  // Latin-1 maps each byte to one char: offsets stay byte offsets, multi-byte UTF-8 sequences never match the
  // ASCII structural characters, and `String#indexOf` is much cheaper per call than `Buffer#indexOf`.
  const body = new Scanned(buffer);
  const found = new Map<string, unknown>();
  let at = skipSpace(body, 0);
  if (body.at(at) !== OPEN_BRACE) throw new MalformedJsonError(at);
  at = skipSpace(body, at + 1);
  if (body.at(at) === CLOSE_BRACE) return expectEnd(body, at + 1, found);
  for (;;) {
    if (body.at(at) !== QUOTE) throw new MalformedJsonError(at);
    const keyEnd = stringEnd(body, at);
    const key = keyOf(body, at, keyEnd);
    at = skipSpace(body, keyEnd);
    if (body.at(at) !== COLON) throw new MalformedJsonError(at);
    const valueStart = skipSpace(body, at + 1);
    const valueEnd = valueEndOf(body, valueStart);
    if (wanted.has(key)) found.set(key, valueOf(body, valueStart, valueEnd));
    at = skipSpace(body, valueEnd);
    if (body.at(at) === CLOSE_BRACE) return expectEnd(body, at + 1, found);
    if (body.at(at) !== COMMA) throw new MalformedJsonError(at);
    at = skipSpace(body, at + 1);
  }
}

function expectEnd(body: Scanned, at: number, found: Map<string, unknown>): Map<string, unknown> {
  const end = skipSpace(body, at);
  if (end !== body.length) throw new MalformedJsonError(end);
  return found;
}

function skipSpace(body: Scanned, from: number): number {
  let at = from;
  while (isSpace(body.at(at))) at++;
  return at;
}

/** Index just past the string whose opening quote is at `start`. */
function stringEnd(body: Scanned, start: number): number {
  let at = start + 1;
  for (;;) {
    const quote = body.indexOf(QUOTE, at);
    if (quote < 0) throw new MalformedJsonError(start);
    let backslashes = 0;
    while (body.at(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/**
 * The key as Latin-1 text: equal to a wanted (ASCII) name exactly when its UTF-8 bytes are, without decoding
 * every key of the body as UTF-8. Escaped keys are decoded in full.
 */
function keyOf(body: Scanned, start: number, end: number): string {
  const raw = body.text.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(body.bytes.toString('utf8', start, end)) as string) : raw;
}

/** Index just past the value starting at `start` (a string, object, array, number or literal). */
function valueEndOf(body: Scanned, start: number): number {
  const first = body.at(start);
  if (first === QUOTE) return stringEnd(body, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return containerEnd(body, start);
  let at = start;
  while (at < body.length) {
    const byte = body.at(at);
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
    at++;
  }
  if (at === start) throw new MalformedJsonError(start);
  return at;
}

/** Index just past the object or array opened at `start`; brackets inside strings do not count. */
function containerEnd(body: Scanned, start: number): number {
  const { text, length } = body;
  // The closers expected, innermost last.
  const closers: number[] = [];
  let at = start;
  while (at < length) {
    const byte = text.charCodeAt(at);
    if (byte === QUOTE) {
      at = stringEnd(body, at);
      continue;
    }
    if (byte === OPEN_BRACE) closers.push(CLOSE_BRACE);
    else if (byte === OPEN_BRACKET) closers.push(CLOSE_BRACKET);
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (closers.pop() !== byte) throw new MalformedJsonError(at);
      if (closers.length === 0) return at + 1;
    }
    at++;
  }
  throw new MalformedJsonError(start);
}
