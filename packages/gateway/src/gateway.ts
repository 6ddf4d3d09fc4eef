import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  errorMessage,
  HangarError,
  NotFoundError,
  type ModelRoute,
  type Principal,
  type UsageRecord,
} from '@hangar/core';
import { admitRequest, estimateTokensFromBytes } from './admit.js';
import { CredentialCache } from './credential-cache.js';
import { authenticateRequest, isModelAllowed } from './credentials.js';
import { Exchange } from './exchange.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUTS,
  type Gateway,
  type GatewayLogger,
  type GatewayOptions,
} from './gateway-options.js';
import { listModels, modelNotFound, retrieveModel } from './models.js';
import { errorCodeOfBody, toOpenAIError } from './openai-errors.js';
import { closingError, proxyToUpstream } from './proxy.js';
import type { ProxyContext } from './proxy-context.js';
import { readBody } from './read-body.js';
import { bodyFor, parseRoutingFields, type RoutingFields } from './request-body.js';
import { CircuitBreaker, DEFAULT_CIRCUIT_BREAKER } from './routing/circuit-breaker.js';
import { createRoutingState, type RoutingKeys } from './routing/policies.js';
import { promptPrefixOf } from './routing/prompt-prefix.js';
import { DEFAULT_QUEUE, RequestQueue } from './routing/request-queue.js';
import { DEFAULT_RETRY } from './retry-options.js';
import { isRouteUnavailable } from './send-with-retries.js';
import { UpstreamClient } from './upstream-client.js';
import { extractUsage } from './usage.js';

/** The `/v1/*` POST endpoints forwarded to engines; the value says whether it streams chat chunks. */
const PROXIED_PATHS: ReadonlyMap<string, { isChat: boolean; canStream: boolean }> = new Map([
  ['/v1/chat/completions', { isChat: true, canStream: true }],
  ['/v1/completions', { isChat: false, canStream: true }],
  ['/v1/embeddings', { isChat: false, canStream: false }],
]);

const MODELS_PREFIX = '/v1/models/';
const VALID_REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

/** Creates the OpenAI-compatible data plane. It owns an upstream connection pool: call `close()`. */
export function createGateway(options: GatewayOptions): Gateway {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const requestIdHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  const logger: GatewayLogger = options.logger.child({ scope: 'gateway' });
  const client = new UpstreamClient(timeouts, options.keepAliveTimeoutMs ?? 4_000, () => options.clock.now());
  const instrumentation = options.instrumentation;
  const cookieName = options.sessionCookieName ?? 'hangar_session';
  const credentials = new CredentialCache(
    options.authenticator,
    options.clock,
    options.credentialCacheTtlMs ?? 0,
  );
  const writeAccessLine = typeof options.accessLog === 'function' ? options.accessLog : undefined;
  const accessLogger =
    options.accessLog === false || writeAccessLine !== undefined
      ? undefined
      : logger.child({}, { redact: [] });
  const context: ProxyContext = {
    client,
    routing: createRoutingState(options.random, options.upstreamLoad),
    breaker: new CircuitBreaker(options.clock, { ...DEFAULT_CIRCUIT_BREAKER, ...options.circuitBreaker }),
    queue: new RequestQueue({ ...DEFAULT_QUEUE, ...options.queue }, (length) =>
      instrumentation?.queueLengthChanged(length),
    ),
    retry: { ...DEFAULT_RETRY, ...options.retry },
    maxConcurrentPerUpstream: options.maxConcurrentPerUpstream,
    inFlight: new Map(),
    clock: options.clock,
    logger,
    requestIdHeader,
    totalTimeoutMs: timeouts.totalMs,
    instrumentation,
  };

  async function route(
    exchange: Exchange,
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
  ): Promise<void> {
    const principal = authenticateRequest(request, credentials, cookieName);
    exchange.principal = principal;
    if (request.method === 'GET' && path === '/v1/models') {
      return sendJson(
        exchange,
        response,
        200,
        JSON.stringify(listModels(options.directory, principal)),
        requestIdHeader,
      );
    }
    if (request.method === 'GET' && path.startsWith(MODELS_PREFIX)) {
      const model = decodePathSegment(path.slice(MODELS_PREFIX.length));
      return sendJson(
        exchange,
        response,
        200,
        JSON.stringify(retrieveModel(options.directory, model, principal)),
        requestIdHeader,
      );
    }
    const endpoint = PROXIED_PATHS.get(path);
    if (endpoint === undefined || request.method !== 'POST') {
      throw new NotFoundError(`Unknown endpoint: ${request.method ?? ''} ${path}.`, 'unknown_url');
    }
    const raw = await readBody(request, maxBodyBytes);
    const fields = parseRoutingFields(raw);
    exchange.model = fields.model;
    exchange.isStream = endpoint.canStream && fields.isStream;
    const modelRoute = options.directory.resolve(fields.model);
    if (modelRoute === undefined || !isAllowed(principal, modelRoute, fields.model)) {
      throw modelNotFound(options.directory, fields.model, principal);
    }
    exchange.deploymentId = modelRoute.deploymentId;
    exchange.routedModel = modelRoute.model;
    if (options.admission !== undefined) {
      const estimatedPromptTokens =
        options.estimatePromptTokens?.(fields.parsed, raw) ?? estimateTokensFromBytes(raw);
      exchange.ticket = admitRequest(options.admission, {
        principal,
        model: modelRoute.model,
        estimatedPromptTokens,
        maxTokens: fields.maxTokens,
        requestId: exchange.requestId,
      });
    }
    const addedIncludeUsage = exchange.isStream && !fields.includesUsage;
    // Engines know only their served name: an alias is rewritten to it.
    const isAlias = modelRoute.model !== fields.model;
    const keys = routingKeys(modelRoute, fields, request);
    const proxy = (target: ModelRoute, body: Buffer): Promise<void> =>
      proxyToUpstream(
        context,
        exchange,
        { route: target, path, body, isChat: endpoint.isChat, addedIncludeUsage, keys },
        response,
      );
    try {
      const body =
        isAlias || addedIncludeUsage
          ? bodyFor(fields, isAlias ? modelRoute.model : undefined, addedIncludeUsage)
          : raw;
      await proxy(modelRoute, body);
    } catch (error) {
      if (!isRouteUnavailable(error) || response.headersSent) throw error;
      await proxyToFallbacks(exchange, modelRoute, fields, addedIncludeUsage, response, proxy, error);
    }
  }

  /** Model A has no instance able to answer: try its fallback models in order, saying so in a header. */
  async function proxyToFallbacks(
    exchange: Exchange,
    primary: ModelRoute,
    fields: RoutingFields,
    addedIncludeUsage: boolean,
    response: ServerResponse,
    proxy: (target: ModelRoute, body: Buffer) => Promise<void>,
    primaryError: unknown,
  ): Promise<void> {
    let lastError = primaryError;
    for (const fallbackModel of primary.fallbacks ?? []) {
      const fallback = options.directory.resolve(fallbackModel);
      if (fallback === undefined || exchange.principal === undefined) continue;
      if (!isAllowed(exchange.principal, fallback, fallbackModel)) continue;
      exchange.fallbackFrom = primary.model;
      exchange.routedModel = fallback.model;
      exchange.deploymentId = fallback.deploymentId;
      response.setHeader('x-hangar-fallback-model', fallback.model);
      logger.warn(
        { requestId: exchange.requestId, model: primary.model, fallback: fallback.model },
        'model-fallback',
      );
      try {
        return await proxy(fallback, bodyFor(fields, fallback.model, addedIncludeUsage));
      } catch (error) {
        if (!isRouteUnavailable(error) || response.headersSent) throw error;
        lastError = error;
      }
    }
    if (response.hasHeader('x-hangar-fallback-model')) response.removeHeader('x-hangar-fallback-model');
    throw lastError;
  }

  function routingKeys(modelRoute: ModelRoute, fields: RoutingFields, request: IncomingMessage): RoutingKeys {
    switch (modelRoute.policy) {
      case 'prefix-affinity':
        return { prefix: promptPrefixOf(fields.parsed, options.prefixBlockChars) };
      case 'session-affinity': {
        const header = request.headers['x-session-id'];
        return { session: typeof header === 'string' ? header : fields.user };
      }
      case undefined:
      case 'least-outstanding':
      case 'engine-load':
      case 'round-robin':
        return NO_KEYS;
    }
  }

  function fail(exchange: Exchange, response: ServerResponse, error: unknown): void {
    const { status, body } = toOpenAIError(error);
    exchange.fail(status, body.error.code ?? 'error');
    if (!(error instanceof HangarError) || error.kind === 'unexpected') {
      const stack = error instanceof Error ? error.stack : undefined;
      logger.error({ requestId: exchange.requestId, error: errorMessage(error), stack }, 'request-failed');
    } else if (status >= 500) {
      logger.warn(
        { requestId: exchange.requestId, code: error.code, error: error.message },
        'request-failed',
      );
    }
    if (response.headersSent || response.destroyed) {
      if (!response.writableEnded) response.destroy();
      return;
    }
    if (status === 413) response.setHeader('connection', 'close');
    const retryAfter = error instanceof HangarError ? error.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') response.setHeader('retry-after', String(retryAfter));
    sendJson(exchange, response, status, JSON.stringify(body), requestIdHeader);
  }

  /**
   * Finished exchanges not yet accounted. Accounting (usage from the body, limits settled, the ledger record,
   * metrics, the access line) runs once per turn of the event loop for every request finished in it, after
   * their answers were written: off the path that answers the client, and in one tight loop (bench/gateway).
   */
  let finished: Exchange[] = [];
  let isAccountingScheduled = false;

  function finish(exchange: Exchange): void {
    exchange.finishedAt = options.clock.now();
    exchange.finishedWallTime = Date.now();
    finished.push(exchange);
    if (!isAccountingScheduled) {
      isAccountingScheduled = true;
      setImmediate(accountFinished);
    }
  }

  function accountFinished(): void {
    isAccountingScheduled = false;
    const batch = finished;
    finished = [];
    let lines = '';
    for (const exchange of batch) {
      try {
        lines += account(exchange);
      } catch (error) {
        logger.error({ requestId: exchange.requestId, error: errorMessage(error) }, 'usage-record-failed');
      }
    }
    if (lines.length > 0) writeAccessLine?.(lines);
  }

  /** Accounts one exchange; returns its access line when the gateway writes them itself. */
  function account(exchange: Exchange): string {
    const body = exchange.answerBody;
    if (body !== undefined) {
      exchange.answerBody = undefined;
      if (exchange.status < 400) exchange.usage = extractUsage(body);
      else exchange.errorCode ??= errorCodeOfBody(body, exchange.status);
    }
    // The summary is the usage record plus how the request was served: one object serves as both.
    const record = exchange.toSummary(exchange.finishedAt);
    if (exchange.ticket !== undefined) {
      options.admission?.settle(exchange.ticket, {
        promptTokens: record.promptTokens,
        completionTokens: record.completionTokens,
      });
    }
    if (exchange.isAccounted) options.usage.record(record);
    options.onRequestFinished?.(record);
    instrumentation?.requestFinished(record);
    if (writeAccessLine !== undefined) return accessLine(record, exchange.finishedWallTime);
    if (accessLogger !== undefined) logAccess(accessLogger, record);
    return '';
  }

  let isClosed = false;
  return {
    async handle(request, response) {
      const path = pathOf(request.url);
      const requestId = requestIdOf(request, requestIdHeader);
      const exchange = new Exchange(requestId, endpointOf(path), options.clock.now());
      exchange.clientIp = request.socket.remoteAddress ?? null;
      try {
        if (isClosed) throw closingError();
        await route(exchange, request, response, path);
      } catch (error) {
        fail(exchange, response, error);
      } finally {
        finish(exchange);
      }
    },
    invalidateCredentials() {
      credentials.invalidate();
    },
    async close() {
      isClosed = true;
      accountFinished();
      for (const [cancellation, exchange] of context.inFlight) {
        exchange.abortReason ??= 'shutdown';
        cancellation.abort();
      }
      await client.close();
    },
  };
}

/** The access log: one line per request, constant message, data in fields. */
function logAccess(logger: GatewayLogger, record: UsageRecord): void {
  logger.info(
    {
      requestId: record.requestId,
      endpoint: record.endpoint,
      model: record.model,
      instanceId: record.instanceId,
      status: record.status,
      errorCode: record.errorCode,
      durationMs: record.durationMs,
      timeToFirstTokenMs: record.timeToFirstTokenMs,
      promptTokens: record.promptTokens,
      completionTokens: record.completionTokens,
      userId: record.userId,
      keyId: record.keyId,
    },
    'request-finished',
  );
}

/**
 * The access line as pino writes it for `logAccess` (level 30 is info; `time` in epoch ms), built by hand.
 * Strings go through JSON.stringify: the model name and request id come from the client.
 */
export function accessLine(record: UsageRecord, time: number): string {
  return (
    `{"level":30,"time":${time},"scope":"gateway","requestId":${JSON.stringify(record.requestId)},` +
    `"endpoint":${JSON.stringify(record.endpoint)},"model":${JSON.stringify(record.model)},` +
    `"instanceId":${jsonOrNull(record.instanceId)},"status":${record.status},` +
    `"errorCode":${jsonOrNull(record.errorCode)},"durationMs":${record.durationMs},` +
    `"timeToFirstTokenMs":${record.timeToFirstTokenMs ?? 'null'},"promptTokens":${record.promptTokens},` +
    `"completionTokens":${record.completionTokens},"userId":${jsonOrNull(record.userId)},` +
    `"keyId":${jsonOrNull(record.keyId)},"msg":"request-finished"}\n`
  );
}

function jsonOrNull(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** Whether the principal may call the route by the name it used (keys without a model list may call all). */
function isAllowed(principal: Principal, route: ModelRoute, requested: string): boolean {
  if (principal.allowedModels === undefined || principal.allowedModels === null) return true;
  return isModelAllowed(principal, [route.model, requested, ...(route.aliases ?? [])]);
}

/** Routing keys of the policies that use none (one shared object instead of one per request). */
const NO_KEYS: RoutingKeys = Object.freeze({});

function sendJson(
  exchange: Exchange,
  response: ServerResponse,
  status: number,
  json: string,
  requestIdHeader: string,
): void {
  if (exchange.status === 0) exchange.status = status;
  const body = Buffer.from(json, 'utf8');
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': body.length,
    [requestIdHeader]: exchange.requestId,
  });
  response.end(body);
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The endpoint as accounted: a fixed set of values, so that metrics labelled with it stay low-cardinality. */
function endpointOf(path: string): string {
  if (PROXIED_PATHS.has(path) || path === '/v1/models') return path;
  if (path.startsWith(MODELS_PREFIX)) return '/v1/models/{model}';
  return 'unknown';
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function requestIdOf(request: IncomingMessage, header: string): string {
  const value = request.headers[header];
  return typeof value === 'string' && VALID_REQUEST_ID.test(value) ? value : randomUUID();
}
