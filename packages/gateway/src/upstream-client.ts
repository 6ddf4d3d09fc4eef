import { connect, type Socket } from 'node:net';
import type { Upstream } from '@hangar/core';
import type { Cancellation } from './cancellation.js';
import type { GatewayTimeouts } from './gateway-options.js';
import { ResponseParser, type ResponseEvents, type ResponseHead } from './http1-response-parser.js';
import { UpstreamCall, type CallTransport, type UpstreamAnswer } from './upstream-answer.js';

/** A request to one instance, already serialised. */
export interface UpstreamRequest {
  upstream: Upstream;
  /** `/v1/chat/completions` and the like, appended to the upstream's base URL. */
  path: string;
  body: Buffer;
  requestIdHeader: string;
  requestId: string;
  cancellation: Cancellation;
}

interface Target {
  host: string;
  port: number;
  /** `host:port`, the pool key and the Host header. */
  authority: string;
  pathPrefix: string;
}

/** A transport failure with the code the gateway classifies by (undici's codes, for the same meaning). */
export class UpstreamTransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * HTTP/1.1 client to engine instances over plain keep-alive sockets: a pool of idle connections per instance,
 * no connection limit (a stream holds its connection), one request per connection at a time.
 *
 * Why not undici: on the gateway's hot path its dispatcher cost more CPU than everything else the gateway does
 * (bench/gateway: a node:http proxy doubled its requests/s when undici was replaced by this). Engines are
 * local, trusted HTTP/1.1 servers answering JSON or SSE, which is all this speaks: Content-Length or chunked
 * bodies, or a body to the connection's end; no TLS, no proxies, no redirects, no pipelining.
 */
export class UpstreamClient {
  private readonly targets = new Map<string, Target>();
  private readonly idle = new Map<string, Connection[]>();
  private readonly open = new Set<Connection>();
  private isClosed = false;
  /** Checks every open connection's deadline; runs while there are open connections. */
  private sweeper: NodeJS.Timeout | undefined;
  private readonly sweepIntervalMs: number;

  constructor(
    private readonly timeouts: GatewayTimeouts,
    private readonly keepAliveTimeoutMs: number,
    private readonly now: () => number,
  ) {
    // Deadlines are checked eight times per the shortest timeout (at most every 0.5 s): a timeout fires up
    // to an eighth late, and an idle connection closes by 4.5 s with the default 4 s, before engines do at 5 s.
    this.sweepIntervalMs = Math.min(
      500,
      Math.max(5, Math.floor(Math.min(timeouts.firstByteMs, keepAliveTimeoutMs) / 8)),
    );
  }

  /** Sends the request; resolves at the response headers, with the body still to read. */
  send(request: UpstreamRequest): Promise<UpstreamAnswer> {
    const call = new UpstreamCall(request.cancellation);
    if (request.cancellation.isAborted) return call.answer;
    if (this.isClosed) {
      call.fail(new UpstreamTransportError('The gateway is closing.', 'UND_ERR_CLOSED'));
      return call.answer;
    }
    const target = this.target(request.upstream.baseUrl);
    const head =
      `POST ${target.pathPrefix}${request.path} HTTP/1.1\r\nhost: ${target.authority}\r\n` +
      `content-type: application/json\r\ncontent-length: ${request.body.length}\r\n` +
      `${request.requestIdHeader}: ${request.requestId}\r\n\r\n`;
    this.connectionFor(target).start(call, head, request.body);
    return call.answer;
  }

  /** Closes every connection at once; requests still running fail. */
  close(): Promise<void> {
    this.isClosed = true;
    for (const connection of [...this.open]) {
      connection.destroy(new UpstreamTransportError('The gateway is closing.', 'UND_ERR_CLOSED'));
    }
    this.idle.clear();
    this.stopSweeping();
    return Promise.resolve();
  }

  /** Connections open now (idle and busy), for tests. */
  get openConnections(): number {
    return this.open.size;
  }

  private connectionFor(target: Target): Connection {
    const idle = this.idle.get(target.authority);
    while (idle !== undefined && idle.length > 0) {
      const connection = idle.pop()!;
      if (connection.isReusable) return connection;
    }
    const connection = new Connection(target, this.timeouts, this.keepAliveTimeoutMs, this.now, {
      release: (done) => this.release(done),
      closed: (done) => this.forget(done),
    });
    this.open.add(connection);
    this.sweeper ??= setInterval(() => this.sweep(), this.sweepIntervalMs).unref();
    return connection;
  }

  /**
   * Times out connections: an engine silent for `firstByteMs` while a request waits, an idle connection older
   * than the keep-alive time. One timer for all connections instead of a socket timeout re-armed twice per
   * request and refreshed on every read.
   */
  private sweep(): void {
    const now = performance.now();
    for (const connection of this.open) connection.checkDeadline(now);
  }

  private stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private release(connection: Connection): void {
    if (this.isClosed) {
      connection.destroy(undefined);
      return;
    }
    let idle = this.idle.get(connection.target.authority);
    if (idle === undefined) {
      // Instances come and go on new ports: keep the map from growing without bound.
      if (this.idle.size >= 1024) this.dropEmptyPools();
      idle = [];
      this.idle.set(connection.target.authority, idle);
    }
    idle.push(connection);
  }

  private forget(connection: Connection): void {
    this.open.delete(connection);
    if (this.open.size === 0) this.stopSweeping();
    const idle = this.idle.get(connection.target.authority);
    const index = idle?.indexOf(connection) ?? -1;
    if (index >= 0) idle!.splice(index, 1);
  }

  private dropEmptyPools(): void {
    for (const [authority, idle] of this.idle) if (idle.length === 0) this.idle.delete(authority);
  }

  private target(baseUrl: string): Target {
    let target = this.targets.get(baseUrl);
    if (target === undefined) {
      if (this.targets.size >= 1024) this.targets.clear();
      const url = new URL(baseUrl);
      if (url.protocol !== 'http:') throw new Error(`Engines are reached over http://, not ${baseUrl}`);
      const port = url.port === '' ? 80 : Number(url.port);
      target = {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port,
        authority: url.host,
        pathPrefix: url.pathname.replace(/\/+$/, ''),
      };
      this.targets.set(baseUrl, target);
    }
    return target;
  }
}

interface PoolHooks {
  /** The response ended cleanly and the connection may carry another request. */
  release(connection: Connection): void;
  /** The socket is gone. */
  closed(connection: Connection): void;
}

/** One keep-alive socket to an instance and the call it carries, if any. */
class Connection implements CallTransport, ResponseEvents {
  private readonly socket: Socket;
  private call: UpstreamCall | undefined;
  private readonly parser: ResponseParser;
  private isConnected = false;
  private isDestroyed = false;
  private connectTimer: NodeJS.Timeout | undefined;
  /** `performance.now()` of the last sign of life: the request sent, bytes read, the connection idle. */
  private lastActivity = performance.now();
  private lastBytesRead = 0;

  constructor(
    readonly target: Target,
    private readonly timeouts: GatewayTimeouts,
    private readonly keepAliveTimeoutMs: number,
    private readonly now: () => number,
    private readonly hooks: PoolHooks,
  ) {
    this.parser = new ResponseParser(this);
    this.socket = connect({ host: target.host, port: target.port, noDelay: true });
    this.connectTimer = setTimeout(() => {
      this.destroy(
        new UpstreamTransportError(
          `Connecting to ${target.authority} took over ${timeouts.connectMs} ms.`,
          'UND_ERR_CONNECT_TIMEOUT',
        ),
      );
    }, timeouts.connectMs);
    this.socket.once('connect', () => {
      this.isConnected = true;
      clearTimeout(this.connectTimer);
      this.connectTimer = undefined;
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (error) => this.destroy(error));
    this.socket.on('end', () => this.onSocketEnd());
    this.socket.on('close', () => this.destroy(undefined));
  }

  get isReusable(): boolean {
    return !this.isDestroyed && this.call === undefined && this.isConnected;
  }

  start(call: UpstreamCall, head: string, body: Buffer): void {
    this.call = call;
    this.parser.reset();
    this.lastActivity = performance.now();
    this.lastBytesRead = this.socket.bytesRead;
    call.attach(this);
    if (this.isDestroyed) return;
    // One buffer, one write: cheaper than a corked string and buffer (a writev built by the stream).
    const headLength = Buffer.byteLength(head, 'latin1');
    const bytes = Buffer.allocUnsafe(headLength + body.length);
    bytes.write(head, 0, 'latin1');
    body.copy(bytes, headLength);
    this.socket.write(bytes);
  }

  onHead(head: ResponseHead): void {
    this.call?.onHead(head.statusCode, head.headers);
  }

  onBody(chunk: Buffer): void {
    this.call?.onData(chunk, this.now);
  }

  onEnd(): void {
    // Completion is handled after the parser returns (see `onData`).
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  abort(error: Error): void {
    this.destroy(error);
  }

  /** Closes the socket; a call still running fails with `error` (or "other side closed"). */
  destroy(error: Error | undefined): void {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    clearTimeout(this.connectTimer);
    this.socket.destroy();
    this.hooks.closed(this);
    const call = this.call;
    this.call = undefined;
    call?.fail(error ?? new UpstreamTransportError('The instance closed the connection.', 'UND_ERR_SOCKET'));
  }

  /** Called by the client's sweeper: times out a silent engine or a connection idle too long. */
  checkDeadline(now: number): void {
    if (!this.isConnected || this.isDestroyed) return;
    if (this.call === undefined) {
      // Idle longer than the keep-alive time: close before the engine does.
      if (now - this.lastActivity >= this.keepAliveTimeoutMs) this.destroy(undefined);
      return;
    }
    const bytesRead = this.socket.bytesRead;
    if (bytesRead !== this.lastBytesRead) {
      this.lastBytesRead = bytesRead;
      this.lastActivity = now;
      return;
    }
    if (now - this.lastActivity < this.timeouts.firstByteMs) return;
    const hasHead = this.parser.hasHead;
    this.destroy(
      new UpstreamTransportError(
        hasHead
          ? `The instance at ${this.target.authority} sent nothing for ${this.timeouts.firstByteMs} ms mid-answer.`
          : `The instance at ${this.target.authority} did not answer within ${this.timeouts.firstByteMs} ms.`,
        hasHead ? 'UND_ERR_BODY_TIMEOUT' : 'UND_ERR_HEADERS_TIMEOUT',
      ),
    );
  }

  private onData(chunk: Buffer): void {
    const call = this.call;
    if (call === undefined) {
      // Bytes while idle: the server is not speaking HTTP/1.1 as expected; never reuse this connection.
      this.destroy(undefined);
      return;
    }
    const parser = this.parser;
    try {
      parser.push(chunk);
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    if (parser.isDone) this.complete(call, parser);
  }

  private complete(call: UpstreamCall, parser: ResponseParser): void {
    const isKeepAlive = parser.leftover === undefined && parser.isKeepAlive;
    this.call = undefined;
    call.onEnd();
    if (!isKeepAlive) {
      this.destroy(undefined);
      return;
    }
    this.socket.resume();
    this.lastActivity = performance.now();
    this.hooks.release(this);
  }

  private onSocketEnd(): void {
    const call = this.call;
    // The body ran to the connection's end (no length, not chunked): that end completes it.
    if (call !== undefined && this.parser.finish()) {
      this.call = undefined;
      call.onEnd();
    }
    this.destroy(undefined);
  }
}
