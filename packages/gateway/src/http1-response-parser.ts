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

type State =
  | { kind: 'head' }
  | { kind: 'length'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'chunk-data-end' }
  | { kind: 'trailers' }
  | { kind: 'until-close' }
  | { kind: 'done' };

/**
 * An incremental parser of one HTTP/1.x response at a time, for the gateway's connections to engines: status
 * line and headers, then a body framed by Content-Length, chunked transfer coding, or the connection's end.
 * `1xx` answers are skipped; `204`, `304` and `HEAD`-less empty lengths have no body. Bytes after the end of
 * the response are kept as `leftover` (a well-behaved engine sends none: the connection is then not reused).
 */
export class ResponseParser {
  private state: State = { kind: 'head' };
  private pending: Buffer | undefined;
  private head: ResponseHead | undefined;
  leftover: Buffer | undefined;

  constructor(private readonly events: ResponseEvents) {}

  get isDone(): boolean {
    return this.state.kind === 'done';
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
      data = data.subarray(used);
      if (this.state.kind === 'done' && data.length > 0) {
        this.leftover = data;
        return;
      }
    }
  }

  /** The connection ended: completes a close-delimited body; true when the response was complete. */
  finish(): boolean {
    if (this.state.kind === 'until-close') {
      this.state = { kind: 'done' };
      this.events.onEnd();
    }
    return this.state.kind === 'done';
  }

  /** Consumes a prefix of `data`; returns how many bytes, or -1 when more bytes are needed. */
  private step(data: Buffer): number {
    const state = this.state;
    switch (state.kind) {
      case 'head':
        return this.readHead(data);
      case 'length': {
        const take = Math.min(state.remaining, data.length);
        this.events.onBody(data.subarray(0, take));
        state.remaining -= take;
        if (state.remaining === 0) this.end();
        return take;
      }
      case 'chunk-size':
        return this.readChunkSize(data);
      case 'chunk-data': {
        const take = Math.min(state.remaining, data.length);
        this.events.onBody(data.subarray(0, take));
        state.remaining -= take;
        if (state.remaining === 0) this.state = { kind: 'chunk-data-end' };
        return take;
      }
      case 'chunk-data-end':
        if (data.length < 2) return -1;
        if (data[0] !== 13 || data[1] !== 10) throw new ResponseParseError('Chunk data not followed by CRLF');
        this.state = { kind: 'chunk-size' };
        return 2;
      case 'trailers': {
        const lineEnd = data.indexOf(CRLF);
        if (lineEnd < 0) return this.needMore(data);
        if (lineEnd === 0) this.end();
        return lineEnd + 2;
      }
      case 'until-close':
        this.events.onBody(data);
        return data.length;
      case 'done':
        return data.length;
    }
  }

  private readHead(data: Buffer): number {
    const end = data.indexOf(HEAD_END);
    if (end < 0) return this.needMore(data);
    const lines = data.toString('latin1', 0, end).split('\r\n');
    const status = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0] ?? '');
    if (status === null) throw new ResponseParseError(`Not an HTTP/1.x status line: ${lines[0]}`);
    const statusCode = Number(status[2]);
    const headers: IncomingHttpHeaders = {};
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index]!;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new ResponseParseError(`Malformed header line: ${line}`);
      addHeader(headers, line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const used = end + 4;
    if (statusCode < 200) return used; // 1xx: the real answer follows
    const connection = headers.connection?.toLowerCase() ?? '';
    const isHttp11 = status[1] === '1';
    const isKeepAlive = isHttp11 ? !connection.includes('close') : connection.includes('keep-alive');
    this.head = { statusCode, headers, isKeepAlive };
    this.events.onHead(this.head);
    const transferEncoding = headers['transfer-encoding']?.toLowerCase();
    const contentLength = headers['content-length'];
    if (statusCode === 204 || statusCode === 304) {
      this.end();
    } else if (transferEncoding !== undefined && transferEncoding.includes('chunked')) {
      this.state = { kind: 'chunk-size' };
    } else if (contentLength !== undefined) {
      const length = Number(contentLength);
      if (!Number.isSafeInteger(length) || length < 0)
        throw new ResponseParseError(`Invalid content-length: ${contentLength}`);
      if (length === 0) this.end();
      else this.state = { kind: 'length', remaining: length };
    } else {
      this.head.isKeepAlive = false;
      this.state = { kind: 'until-close' };
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
    this.state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', remaining: size };
    return lineEnd + 2;
  }

  private needMore(data: Buffer): number {
    if (data.length > MAX_HEAD_BYTES) throw new ResponseParseError('Response head or line too long');
    return -1;
  }

  private end(): void {
    this.state = { kind: 'done' };
    this.events.onEnd();
  }
}

function addHeader(headers: IncomingHttpHeaders, name: string, value: string): void {
  if (name === 'set-cookie') {
    (headers['set-cookie'] ??= []).push(value);
    return;
  }
  const existing = headers[name];
  headers[name] = typeof existing === 'string' ? `${existing}, ${value}` : value;
}
