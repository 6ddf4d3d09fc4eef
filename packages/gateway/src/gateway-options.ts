import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  Admission,
  Authenticator,
  Clock,
  Random,
  UpstreamDirectory,
  UpstreamLoad,
  UsageRecord,
  UsageSink,
} from '@hangar/core';
import type { CircuitBreakerOptions } from './routing/circuit-breaker.js';
import type { QueueOptions } from './routing/request-queue.js';
import type { RetryOptions } from './retry-options.js';

/** The slice of a pino logger the gateway uses: a pino `Logger` satisfies it. */
export interface GatewayLogger {
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
  /**
   * A child logger. The gateway passes `{ redact: [] }` for its access log, whose fields are fixed and hold no
   * secret: pino's redaction costs more than the rest of the line (a pino `Logger` takes the option).
   */
  child(bindings: Record<string, unknown>, options?: { redact?: string[] }): GatewayLogger;
}

/**
 * Upstream timeouts, in milliseconds. `firstByteMs` and the keep-alive expiry are checked by one timer, eight
 * times per the shorter of the two (at most every 0.5 s), so they fire up to an eighth late (ADR 0007).
 */
export interface GatewayTimeouts {
  /** Establishing a TCP connection to an instance. */
  connectMs: number;
  /**
   * Waiting for the response headers, and then between two body chunks. A non-streamed completion sends its
   * headers only when generation is done, so this is long by default.
   */
  firstByteMs: number;
  /** The whole exchange with the upstream, streaming included. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: GatewayTimeouts = {
  connectMs: 5_000,
  firstByteMs: 300_000,
  totalMs: 1_800_000,
};

export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** One finished request, for metrics: the usage record plus how it was served. */
export interface GatewayRequestSummary extends UsageRecord {
  isStream: boolean;
  /** Upstreams tried (more than 1 after connection failures). */
  attempts: number;
  /** The deployment's model name that served (or would have served) the request; `null` when none matched. */
  routedModel: string | null;
  /** Set when a fallback model served the request instead of the one asked for. */
  fallbackFrom: string | null;
}

/** What the gateway reports as it goes: `createGatewayMetrics()` implements it over Prometheus. */
export interface GatewayInstrumentation {
  requestFinished(summary: GatewayRequestSummary): void;
  streamStarted(): void;
  streamEnded(): void;
  /** Requests waiting for a free instance, all deployments together. */
  queueLengthChanged(length: number): void;
  /** A failed attempt on an instance: connection failure, timeout, or a 502/503 answer that was retried. */
  upstreamFailed(model: string, code: string): void;
}

export interface GatewayOptions {
  directory: UpstreamDirectory;
  authenticator: Authenticator;
  /** Called once per authenticated request that named a model. */
  usage: UsageSink;
  logger: GatewayLogger;
  clock: Clock;
  /** Breaks balancer ties. */
  random: Random;
  /** Header carrying the request id in and out, and to engines. Default `x-request-id`. */
  requestIdHeader?: string;
  timeouts?: Partial<GatewayTimeouts>;
  /** Largest accepted request body. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Called once after every request on `/v1/*`. */
  onRequestFinished?: (summary: GatewayRequestSummary) => void;
  /** Metrics (see `createGatewayMetrics`). */
  instrumentation?: GatewayInstrumentation;
  /** Rate limits and budgets, asked before forwarding and settled after (see `createLimitsAdmission`). */
  admission?: Admission;
  /** Engine-reported load per instance, for the `engine-load` policy. */
  upstreamLoad?: UpstreamLoad;
  retry?: Partial<RetryOptions>;
  circuitBreaker?: Partial<CircuitBreakerOptions>;
  /** Waiting for a free instance when every instance is at its concurrency bound. */
  queue?: Partial<QueueOptions>;
  /** Requests one instance runs at once, unless its route says otherwise. Default: unbounded (no queueing). */
  maxConcurrentPerUpstream?: number;
  /** `prefix-affinity`: how many characters of the prompt make its key. Default 1024. */
  prefixBlockChars?: number;
  /** Prompt tokens of a request body for admission; default: body bytes / 4. */
  estimatePromptTokens?: (body: Record<string, unknown>, raw: Buffer) => number;
  /**
   * How long an accepted API key or session token is trusted before the authenticator is asked again, in
   * milliseconds. Default 0: asked on every request. With a cache (1 000 is plenty: a busy key then costs one
   * lookup per second), call `Gateway.invalidateCredentials()` whenever keys, users or sessions change, or a
   * revoked key keeps working until its entry expires.
   */
  credentialCacheTtlMs?: number;
  /** Cookie accepted as a credential when there is no `Authorization` header. Default `hangar_session`. */
  sessionCookieName?: string;
  /**
   * One info line per request (`request-finished`). Default true: through `logger`. A function receives each
   * line ready-made instead (JSON with a trailing newline, in pino's layout) to write to the log's destination:
   * the gateway then builds it itself, for ~3 µs where a pino call costs ~25 µs in bench/gateway.
   */
  accessLog?: boolean | ((line: string) => void);
  /**
   * Idle keep-alive connections to engines are closed after this long. Default 4 s: below the 5 s that common
   * engine servers (uvicorn, node:http) keep an idle connection without saying so, so that the gateway does
   * not reuse a socket the engine is closing.
   */
  keepAliveTimeoutMs?: number;
}

/** The request handler the server mounts ahead of its admin routes for every URL starting with `/v1/`. */
export type GatewayHandle = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** The OpenAI-compatible data plane, mounted by the server for URLs starting with `/v1/`. */
export interface Gateway {
  /** Serves one request; never rejects (every failure becomes an OpenAI-format error). */
  handle: GatewayHandle;
  /**
   * Forgets the API keys and session tokens accepted recently (see `credentialCacheTtlMs`): call it when a key
   * is revoked or changed, a user disabled or a session ended, so that the change applies to the next request.
   */
  invalidateCredentials(): void;
  /** Aborts in-flight upstream requests and closes upstream connections. */
  close(): Promise<void>;
}
