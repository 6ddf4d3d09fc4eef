import type { IncomingHttpHeaders } from 'node:http';
import { abortedError, type Cancellation } from './cancellation.js';

/** Queued body bytes above which the engine's connection is paused until the client catches up. */
const HIGH_WATER_BYTES = 64 * 1024;

/** An engine's answer: status and headers, with the body still arriving. */
export interface UpstreamAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: AnswerBody;
}

/** The body of an `UpstreamAnswer`, read whole or chunk by chunk (not both). */
export interface AnswerBody {
  /** When the first body byte arrived (`now()` of the client), or `null` before. */
  readonly firstChunkAt: number | null;
  /** The whole body once it ended; rejects with the transport error if it failed. */
  readAll(): Promise<Buffer>;
  /**
   * The whole body of an answer that resolved complete (anything but an event stream), without a promise;
   * throws the transport error if it failed.
   */
  takeWhole(): Buffer;
  /** The bytes that arrived since the last call (waiting for some), or `null` at the end. */
  next(): Promise<Buffer | null>;
  /** Drops the body but lets it finish, so that the keep-alive connection can be reused. */
  discard(): void;
  /** Aborts the body unless it already ended (the connection is closed). */
  close(): void;
}

/** What a call needs from the connection carrying it. */
export interface CallTransport {
  pause(): void;
  resume(): void;
  /** Ends the exchange now (the connection is not reused) and reports `error` back through `fail`. */
  abort(error: Error): void;
}

/**
 * One request to an engine, as the connection carrying it reports it: the response head, body bytes, the end
 * or a failure; and the answer's body for the gateway to read. No stream objects or promises per chunk: a
 * reader waits on one callback.
 *
 * An answer that is not an event stream is read whole by the gateway anyway, so `answer` resolves only once
 * its body has arrived (or failed after the head): one promise per request instead of two, and `readAll()`
 * then has it at once. An event stream's `answer` resolves at the head, and its body is read with `next()`.
 */
export class UpstreamCall implements AnswerBody {
  firstChunkAt: number | null = null;
  /** Resolves at the response headers (event streams) or at the end of the body (anything else). */
  readonly answer: Promise<UpstreamAnswer>;
  private resolveAnswer!: (answer: UpstreamAnswer) => void;
  private rejectAnswer!: (error: Error) => void;
  private head: UpstreamAnswer | undefined;
  private hasAnswer = false;
  private transport: CallTransport | undefined;
  private isPaused = false;
  private readonly chunks: Buffer[] = [];
  private queuedBytes = 0;
  private isEnded = false;
  private failure: Error | undefined;
  private isDiscarding = false;
  private wake: (() => void) | undefined;
  private readonly stopListening: () => void;

  constructor(private readonly cancellation: Cancellation) {
    this.answer = new Promise<UpstreamAnswer>((resolve, reject) => {
      this.resolveAnswer = resolve;
      this.rejectAnswer = reject;
    });
    this.stopListening = cancellation.onAbort(() => this.abort(abortedError()));
  }

  /** The connection that carries the call (once it has one). */
  attach(transport: CallTransport): void {
    this.transport = transport;
    if (this.cancellation.isAborted) transport.abort(abortedError());
  }

  onHead(statusCode: number, headers: IncomingHttpHeaders): void {
    const head: UpstreamAnswer = { statusCode, headers, body: this };
    this.head = head;
    if (isEventStreamType(headers['content-type'])) this.settleAnswer();
  }

  onData(chunk: Buffer, now: () => number): void {
    if (this.isDiscarding) return;
    this.firstChunkAt ??= now();
    this.chunks.push(chunk);
    this.queuedBytes += chunk.length;
    // A body read whole is not paused: nothing would read it before its end.
    if (this.hasAnswer && this.queuedBytes > HIGH_WATER_BYTES && !this.isPaused) {
      this.isPaused = true;
      this.transport?.pause();
    }
    this.notify();
  }

  onEnd(): void {
    this.isEnded = true;
    this.stopListening();
    this.settleAnswer();
    this.notify();
  }

  /** The exchange failed (connection error, timeout, abort). */
  fail(error: Error): void {
    if (this.isEnded) return;
    this.failure ??= error;
    this.stopListening();
    // After the head, the failure is the body's: the engine answered, and may have done the work.
    if (this.head !== undefined) this.settleAnswer();
    else if (!this.hasAnswer) {
      this.hasAnswer = true;
      this.rejectAnswer(error);
    }
    this.notify();
  }

  readAll(): Promise<Buffer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.isEnded) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      this.wake = () => {
        if (this.failure !== undefined) reject(this.failure);
        else if (this.isEnded) resolve(this.take());
        else return;
        this.wake = undefined;
      };
    });
  }

  takeWhole(): Buffer {
    if (this.failure !== undefined) throw this.failure;
    if (!this.isEnded) throw new Error('takeWhole() before the body ended: read it with readAll()');
    return this.take();
  }

  next(): Promise<Buffer | null> {
    if (this.queuedBytes > 0) return Promise.resolve(this.take());
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.isEnded) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.wake = () => {
        this.wake = undefined;
        if (this.queuedBytes > 0) resolve(this.take());
        else if (this.failure !== undefined) reject(this.failure);
        else resolve(null);
      };
    });
  }

  discard(): void {
    this.isDiscarding = true;
    this.chunks.length = 0;
    this.queuedBytes = 0;
    this.resumeTransport();
  }

  close(): void {
    if (!this.isEnded && this.failure === undefined) this.abort(abortedError());
  }

  private settleAnswer(): void {
    if (this.hasAnswer || this.head === undefined) return;
    this.hasAnswer = true;
    this.resolveAnswer(this.head);
  }

  private abort(error: Error): void {
    if (this.transport !== undefined) this.transport.abort(error);
    // Not on a connection yet: fail now; `attach` aborts it when it gets one.
    else this.fail(error);
  }

  private resumeTransport(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.transport?.resume();
  }

  private take(): Buffer {
    const { chunks } = this;
    const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.queuedBytes);
    chunks.length = 0;
    this.queuedBytes = 0;
    this.resumeTransport();
    return bytes;
  }

  private notify(): void {
    this.wake?.();
  }
}

/** Whether a `content-type` says SSE (`text/event-stream`, with or without parameters). */
export function isEventStreamType(value: string | string[] | undefined): boolean {
  const type = Array.isArray(value) ? value[0] : value;
  return type !== undefined && type.startsWith('text/event-stream');
}
