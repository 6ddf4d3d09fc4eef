import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HangarError, NotFoundError } from '@hangar/core';
import type { ModelList } from '@hangar/contracts';
import type { SimulatorState } from './generation.js';
import { readJsonBody, sendJson, sseEvent, toOpenAIError } from '@hangar/engine-http';
import { KvScheduler } from './kv-scheduler.js';
import { postRoutes } from './openai-handlers.js';
import { PREFIX_BLOCK_TOKENS, PrefixCache } from './prefix-cache.js';
import { SimulatorMetrics } from './simulator-metrics.js';
import { defaultSimulatorOptions, type SimulatorOptions } from './simulator-options.js';
import { startupFailureLine } from './startup-failures.js';

/** `owned_by` of `/v1/models`: the simulator says what it is wherever it appears. */
export const SIMULATOR_OWNER = 'hangar-simulator';

export interface StartSimulatorOptions extends Partial<SimulatorOptions> {
  /** Log lines (the process entry writes them to stdout). */
  log?: (line: string) => void;
  /**
   * The simulated process death (crash-after, die-mid-stream, startup failures). The process entry exits; the
   * default for in-process use drops every connection and stops listening.
   */
  onFatal?: (exitCode: number, reason: string) => void;
}

export interface SimulatorHandle {
  readonly port: number;
  /** `http://host:port` */
  readonly url: string;
  readonly options: SimulatorOptions;
  /** Resolves when `/health` answers 200 (after the startup delay). */
  readonly ready: Promise<void>;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts the Hangar simulator engine: vLLM's OpenAI-compatible HTTP API (chat, completions, embeddings, models,
 * health, Prometheus metrics with vLLM's names) over a model of a GPU engine's scheduling (KV capacity, sequence
 * limit, prefix cache, TTFT and per-token latency), with deterministic text and failure modes for tests.
 */
export async function startSimulator(input: StartSimulatorOptions = {}): Promise<SimulatorHandle> {
  const { log = () => undefined, onFatal, ...rest } = input;
  const options: SimulatorOptions = { ...defaultSimulatorOptions, ...withoutUndefined(rest) };
  const sockets = new Set<Socket>();
  let isReady = false;
  let isDead = false;
  const server = createServer();
  const closeServer = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  const state: SimulatorState = {
    options,
    scheduler: new KvScheduler(options.kvCapacityTokens, options.maxNumSeqs),
    prefixCache: new PrefixCache(Math.max(1, Math.floor(options.kvCapacityTokens / PREFIX_BLOCK_TOKENS))),
    metrics: new SimulatorMetrics(options.modelName, options.legacyMetricNames, {
      blockSize: PREFIX_BLOCK_TOKENS,
      numGpuBlocks: Math.floor(options.kvCapacityTokens / PREFIX_BLOCK_TOKENS),
      prefixCaching: options.prefixCaching,
    }),
    requestsStarted: 0,
    requestsFinished: 0,
    fatal: (exitCode, reason) => {
      if (isDead) return;
      isDead = true;
      log(`Hangar simulator: ${reason}`);
      if (onFatal) onFatal(exitCode, reason);
      else void closeServer();
    },
  };
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (request, response) => {
    void route(state, () => isReady, request.method ?? 'GET', request.url ?? '/', request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log(
    `Hangar simulator engine (not a real inference engine) serving '${options.modelName}' on ` +
      `http://${options.host}:${port} with vLLM's HTTP API and metrics`,
  );
  log(`GPU KV cache size: ${options.kvCapacityTokens} tokens`);
  log(
    `Maximum concurrency for ${options.maxModelLen} tokens per request: ` +
      `${(options.kvCapacityTokens / options.maxModelLen).toFixed(2)}x`,
  );
  const ready = new Promise<void>((resolve) => {
    setTimeout(() => {
      const failure = startupFailureLine(options);
      if (failure !== null) {
        log(failure);
        state.fatal(1, `startup failure (--fail-mode ${options.failMode})`);
        return;
      }
      if (options.failMode === 'never-ready') return;
      isReady = true;
      log('Application startup complete.');
      resolve();
    }, options.startupDelayMs).unref();
  });
  return { port, url: `http://${options.host}:${port}`, options, ready, close: closeServer };
}

async function route(
  state: SimulatorState,
  isReady: () => boolean,
  method: string,
  url: string,
  request: Parameters<typeof readJsonBody>[0],
  response: ServerResponse,
): Promise<void> {
  const path = url.split('?', 1)[0] ?? '/';
  try {
    if (method === 'GET' && path === '/health') {
      response.writeHead(isReady() ? 200 : 503).end();
      return;
    }
    if (method === 'GET' && path === '/metrics') {
      const { scheduler } = state;
      const text = state.metrics.render({
        running: scheduler.running,
        waiting: scheduler.waiting,
        kvUsageRatio: scheduler.usageRatio,
      });
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
      return;
    }
    if (!isReady()) {
      throw new HangarError('The engine is still starting.', {
        code: 'engine_starting',
        status: 503,
        kind: 'operational',
      });
    }
    if (method === 'GET' && (path === '/v1/models' || path === '/version')) {
      sendJson(response, 200, path === '/version' ? { version: 'hangar-simulator' } : modelList(state));
      return;
    }
    const handler = postRoutes[path];
    if (handler === undefined || method !== 'POST')
      throw new NotFoundError(`No route for ${method} ${path}.`, 'not_found');
    await handler(state, await readJsonBody(request), request, response);
  } catch (error) {
    if (response.destroyed || response.writableEnded) return;
    const { status, body } = toOpenAIError(error, 'Simulator error');
    if (response.headersSent) response.end(sseEvent(body));
    else sendJson(response, status, body);
  }
}

function modelList(state: SimulatorState): ModelList & { data: { root: string; max_model_len: number }[] } {
  const { modelName, maxModelLen } = state.options;
  return {
    object: 'list',
    data: [
      {
        id: modelName,
        object: 'model',
        created: 0,
        owned_by: SIMULATOR_OWNER,
        root: modelName,
        max_model_len: maxModelLen,
      },
    ],
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
