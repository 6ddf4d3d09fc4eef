import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, errorMessage, HangarError, NotFoundError, type Principal } from '@hangar/core';
import { Exchange } from './exchange.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUTS,
  type Gateway,
  type GatewayLogger,
  type GatewayOptions,
} from './gateway-options.js';
import { listModels, modelNotFound, retrieveModel } from './models.js';
import { toOpenAIError } from './openai-errors.js';
import { closingError, proxyToUpstream, type ProxyContext } from './proxy.js';
import { readBody } from './read-body.js';
import { parseRoutingFields, withIncludeUsage } from './request-body.js';
import { UpstreamClient } from './upstream-client.js';

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
  const client = new UpstreamClient(timeouts, options.keepAliveTimeoutMs ?? 4_000);
  const context: ProxyContext = {
    client,
    outstanding: new Map(),
    inFlight: new Map(),
    random: options.random,
    clock: options.clock,
    logger,
    requestIdHeader,
    totalTimeoutMs: timeouts.totalMs,
  };

  function authenticate(request: IncomingMessage): Principal {
    const header = request.headers.authorization;
    const token = header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : '';
    if (token.length === 0) {
      throw new AuthenticationError("Missing API key. Send it as 'Authorization: Bearer <key>'.");
    }
    const principal = options.authenticator.authenticate(token);
    if (principal === undefined) {
      throw new AuthenticationError(
        'Invalid or revoked API key. Create a key in the console or with `hangar key create`.',
      );
    }
    return principal;
  }

  async function route(
    exchange: Exchange,
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
  ): Promise<void> {
    exchange.principal = authenticate(request);
    if (request.method === 'GET' && path === '/v1/models') {
      return sendJson(exchange, response, 200, JSON.stringify(listModels(options.directory)));
    }
    if (request.method === 'GET' && path.startsWith(MODELS_PREFIX)) {
      const model = decodePathSegment(path.slice(MODELS_PREFIX.length));
      return sendJson(exchange, response, 200, JSON.stringify(retrieveModel(options.directory, model)));
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
    if (modelRoute === undefined) throw modelNotFound(options.directory, fields.model);
    exchange.deploymentId = modelRoute.deploymentId;
    const addedIncludeUsage = exchange.isStream && !fields.includesUsage;
    const body = addedIncludeUsage ? withIncludeUsage(fields) : raw;
    await proxyToUpstream(
      context,
      exchange,
      { route: modelRoute, path, body, isChat: endpoint.isChat, addedIncludeUsage },
      response,
    );
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
    sendJson(exchange, response, status, JSON.stringify(body));
  }

  function finish(exchange: Exchange): void {
    const record = exchange.toRecord(options.clock.now());
    try {
      if (exchange.isAccounted) options.usage.record(record);
      options.onRequestFinished?.({ ...record, isStream: exchange.isStream, attempts: exchange.attempts });
    } catch (error) {
      logger.error({ requestId: exchange.requestId, error: errorMessage(error) }, 'usage-record-failed');
    }
  }

  let isClosed = false;
  return {
    async handle(request, response) {
      const path = pathOf(request.url);
      const requestId = requestIdOf(request, requestIdHeader);
      const exchange = new Exchange(requestId, endpointOf(path), options.clock.now());
      response.setHeader(requestIdHeader, requestId);
      try {
        if (isClosed) throw closingError();
        await route(exchange, request, response, path);
      } catch (error) {
        fail(exchange, response, error);
      } finally {
        finish(exchange);
      }
    },
    async close() {
      isClosed = true;
      for (const [controller, exchange] of context.inFlight) {
        exchange.abortReason ??= 'shutdown';
        controller.abort();
      }
      await client.close();
    },
  };
}

function sendJson(exchange: Exchange, response: ServerResponse, status: number, json: string): void {
  if (exchange.status === 0) exchange.status = status;
  const body = Buffer.from(json, 'utf8');
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
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
