import type { IncomingHttpHeaders } from 'node:http';

/** The head of an HTTP/1.x response. */
export interface ResponseHead {
  statusCode: number;
  /** Lower-case names; repeated headers joined with `, ` (`set-cookie` kept as a list), as node:http does. */
  headers: IncomingHttpHeaders;
  /** Whether the connection may carry another request once this response has ended. */
  isKeepAlive: boolean;
}

export interface ResponseEvents {
  onHead(head: ResponseHead): void;
  /** A slice of the body (chunked framing removed); valid only during the call unless copied or kept. */
  onBody(chunk: Buffer): void;
  onEnd(): void;
}

/** A response that breaks HTTP/1.1 framing; the connection cannot be trusted afterwards. */
export class ResponseParseError extends Error {
  readonly code = 'HPE_INVALID_RESPONSE';
}

/** The most bytes a response head may take (node:http's default is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/** Parser states; numbers, so that a state change allocates nothing. */
const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_DATA_END = 4;
const TRAILERS = 5;
const UNTIL_CLOSE = 6;
const DONE = 7;
type State =
  | typeof HEAD
  | typeof LENGTH
  | typeof CHUNK_SIZE
  | typeof CHUNK_DATA
  | typeof CHUNK_DATA_END
  | typeof TRAILERS
  | typeof UNTIL_CLOSE
  | typeof DONE;

/**
 * An incremental parser of one HTTP/1.x response at a time, for the gateway's connections to engines: status
 * line and headers, then a body framed by Content-Length, chunked transfer coding, or the connection's end.
 * `1xx` answers are skipped; `204`, `304` and `HEAD`-less empty lengths have no body. Bytes after the end of
 * the response are kept as `leftover` (a well-behaved engine sends none: the connection is then not reused).
 * A connection keeps one parser and `reset()`s it for each request.
 */
export class ResponseParser {
  private state: State = HEAD;
  /** Body bytes still to come in the current Content-Length body or chunk. */
  private remaining = 0;
  private pending: Buffer | undefined;
  private head: ResponseHead | undefined;
  leftover: Buffer | undefined;

  constructor(private readonly events: ResponseEvents) {}

  /** Makes the parser ready for the next response on the connection. */
  reset(): void {
    this.state = HEAD;
    this.remaining = 0;
    this.pending = undefined;
    this.head = undefined;
    this.leftover = undefined;
  }

  get isDone(): boolean {
    return this.state === DONE;
  }

  get hasHead(): boolean {
    return this.head !== undefined;
  }

  /** Whether the connection may carry another request after this response. */
  get isKeepAlive(): boolean {
    return this.head?.isKeepAlive === true;
  }

  /** Feeds bytes from the connection; throws ResponseParseError on a malformed response. */
  push(chunk: Buffer): void {
    let data = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    while (data.length > 0) {
      const used = this.step(data);
      if (used < 0) {
        this.pending = data;
        return;
      }
      if (used === data.length) return;
      data = data.subarray(used);
      if (this.state === DONE) {
        this.leftover = data;
        return;
      }
    }
  }

  /** The connection ended: completes a close-delimited body; true when the response was complete. */
  finish(): boolean {
    if (this.state === UNTIL_CLOSE) {
      this.state = DONE;
      this.events.onEnd();
    }
    return this.state === DONE;
  }

  /** Consumes a prefix of `data`; returns how many bytes, or -1 when more bytes are needed. */
  private step(data: Buffer): number {
    switch (this.state) {
      case HEAD:
        return this.readHead(data);
      case LENGTH: {
        const take = Math.min(this.remaining, data.length);
        this.events.onBody(take === data.length ? data : data.subarray(0, take));
        this.remaining -= take;
        if (this.remaining === 0) this.end();
        return take;
      }
      case CHUNK_SIZE:
        return this.readChunkSize(data);
      case CHUNK_DATA: {
        const take = Math.min(this.remaining, data.length);
        this.events.onBody(take === data.length ? data : data.subarray(0, take));
        this.remaining -= take;
        if (this.remaining === 0) this.state = CHUNK_DATA_END;
        return take;
      }
      case CHUNK_DATA_END:
        if (data.length < 2) return -1;
        if (data[0] !== 13 || data[1] !== 10) throw new ResponseParseError('Chunk data not followed by CRLF');
        this.state = CHUNK_SIZE;
        return 2;
      case TRAILERS: {
        const lineEnd = data.indexOf(CRLF);
        if (lineEnd < 0) return this.needMore(data);
        if (lineEnd === 0) this.end();
        return lineEnd + 2;
      }
      case UNTIL_CLOSE:
        this.events.onBody(data);
        return data.length;
      case DONE:
        return data.length;
    }
  }

  private readHead(data: Buffer): number {
    const end = data.indexOf(HEAD_END);
    if (end < 0) return this.needMore(data);
    const text = data.toString('latin1', 0, end);
    const lineEnd = text.indexOf('\r\n');
    const statusLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
    const statusCode = statusCodeOf(statusLine);
    const headers: IncomingHttpHeaders = {};
    // Names are read from a lower-cased copy of the head, values from the head itself: no trim() or
    // toLowerCase() per header.
    const lower = text.toLowerCase();
    for (let at = lineEnd < 0 ? text.length : lineEnd + 2; at < text.length;) {
      let next = text.indexOf('\r\n', at);
      if (next < 0) next = text.length;
      const colon = text.indexOf(':', at);
      if (colon <= at || colon >= next) {
        throw new ResponseParseError(`Malformed header line: ${text.slice(at, next)}`);
      }
      const nameStart = skipBlanks(text, at, colon);
      const valueStart = skipBlanks(text, colon + 1, next);
      addHeader(
        headers,
        lower.slice(nameStart, trimBlanks(text, nameStart, colon)),
        text.slice(valueStart, trimBlanks(text, valueStart, next)),
      );
      at = next + 2;
    }
    const used = end + 4;
    if (statusCode < 200) return used; // 1xx: the real answer follows
    const connection = headers.connection?.toLowerCase() ?? '';
    const isHttp11 = statusLine.charCodeAt(7) === 0x31;
    const isKeepAlive = isHttp11 ? !connection.includes('close') : connection.includes('keep-alive');
    const head: ResponseHead = { statusCode, headers, isKeepAlive };
    this.head = head;
    this.events.onHead(head);
    const transferEncoding = headers['transfer-encoding']?.toLowerCase();
    const contentLength = headers['content-length'];
    if (statusCode === 204 || statusCode === 304) {
      this.end();
    } else if (transferEncoding !== undefined && transferEncoding.includes('chunked')) {
      this.state = CHUNK_SIZE;
    } else if (contentLength !== undefined) {
      const length = Number(contentLength);
      if (!Number.isSafeInteger(length) || length < 0 || contentLength.length === 0)
        throw new ResponseParseError(`Invalid content-length: ${contentLength}`);
      if (length === 0) this.end();
      else {
        this.state = LENGTH;
        this.remaining = length;
      }
    } else {
      head.isKeepAlive = false;
      this.state = UNTIL_CLOSE;
    }
    return used;
  }

  private readChunkSize(data: Buffer): number {
    const lineEnd = data.indexOf(CRLF);
    if (lineEnd < 0) return this.needMore(data);
    const sizeText = data.toString('latin1', 0, lineEnd).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText))
      throw new ResponseParseError(`Invalid chunk size: ${sizeText}`);
    const size = parseInt(sizeText, 16);
    if (size === 0) this.state = TRAILERS;
    else {
      this.state = CHUNK_DATA;
      this.remaining = size;
    }
    return lineEnd + 2;
  }

  private needMore(data: Buffer): number {
    if (data.length > MAX_HEAD_BYTES) throw new ResponseParseError('Response head or line too long');
    return -1;
  }

  private end(): void {
    this.state = DONE;
    this.events.onEnd();
  }
}

/** The status of `HTTP/1.0 200 OK` or `HTTP/1.1 200` (the reason phrase is optional). */
function statusCodeOf(line: string): number {
  const isVersion =
    line.startsWith('HTTP/1.') &&
    (line.charCodeAt(7) === 0x30 || line.charCodeAt(7) === 0x31) &&
    line.charCodeAt(8) === 0x20 &&
    (line.length === 12 || line.charCodeAt(12) === 0x20);
  const code = isVersion ? threeDigits(line, 9) : -1;
  if (code < 0) throw new ResponseParseError(`Not an HTTP/1.x status line: ${line}`);
  return code;
}

function threeDigits(text: string, at: number): number {
  let value = 0;
  for (let index = at; index < at + 3; index++) {
    const digit = text.charCodeAt(index) - 0x30;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** The first index in [from, to) that is not a space or tab (`to` when none). */
function skipBlanks(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && isBlank(text.charCodeAt(at))) at++;
  return at;
}

/** `to` moved back over trailing spaces and tabs, not before `from`. */
function trimBlanks(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

function addHeader(headers: IncomingHttpHeaders, name: string, value: string): void {
  if (name === 'set-cookie') {
    (headers['set-cookie'] ??= []).push(value);
    return;
  }
  const existing = headers[name];
  headers[name] = typeof existing === 'string' ? `${existing}, ${value}` : value;
}
