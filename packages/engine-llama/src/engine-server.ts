import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { errorMessage, systemClock, type Clock } from '@hangar/core';
import type { EngineOptions } from './engine-args.js';
import { EngineMetrics } from './engine-metrics.js';
import { routeRequest } from './http/router.js';
import type { EngineContext } from './http/request-scope.js';
import { loadModelRuntime, type ModelRuntime } from './model-runtime.js';
import { nativeBuildHint } from './native-build.js';

/** A running engine: listening at once, answering `/health` 503 until `ready` resolves. */
export interface EngineServer {
  /** `http://host:port` (the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** Resolves when the model is loaded; rejects (with a HangarError) if it cannot be. */
  readonly ready: Promise<void>;
  /** Stops accepting, aborts generations, closes connections, disposes context, model and llama. */
  close(): Promise<void>;
}

export interface EngineServerDependencies {
  /** Defaults to JSON lines on stdout. */
  logger?: Logger;
  clock?: Clock;
}

/** Starts the embedded engine's OpenAI-compatible HTTP server and loads the model behind it. */
export async function startEngineServer(
  options: EngineOptions,
  dependencies: EngineServerDependencies = {},
): Promise<EngineServer> {
  const logger = dependencies.logger ?? pino({ base: { scope: 'engine-llama', model: options.modelName } });
  const clock = dependencies.clock ?? systemClock;
  const metrics = new EngineMetrics();
  let context: EngineContext | undefined;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const header = request.headers['x-request-id'];
    const requestId = typeof header === 'string' && header.length > 0 ? header : randomUUID();
    void routeRequest(context, metrics, { requestId, startedAtMs: clock.now(), request, response });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { port, host: options.host, threads: options.threads, parallel: options.parallel },
    'engine-start',
  );

  const loadStartedAtMs = clock.now();
  const runtimePromise: Promise<ModelRuntime> = loadModelRuntime(options, logger);
  const ready = runtimePromise.then(
    (runtime) => {
      metrics.attachDecoder(runtime.decoder);
      context = {
        modelName: options.modelName,
        runtime,
        metrics,
        logger,
        clock,
        newId: (prefix) => `${prefix}-${randomUUID().replaceAll('-', '')}`,
      };
      logger.info(
        {
          loadMs: clock.now() - loadStartedAtMs,
          contextTokens: runtime.contextTokens,
          sequences: runtime.sequences,
          chatTemplate: runtime.chat.wrapperName,
          nativeBuild: runtime.nativeBuild,
        },
        'model-loaded',
      );
      const hint = nativeBuildHint(runtime.nativeBuild, options.threads, process.env.UV_THREADPOOL_SIZE);
      if (hint !== undefined) logger.warn({ threads: options.threads, hint }, 'native-build-slow');
    },
    (error: unknown) => {
      logger.error({ err: error, modelPath: options.modelPath }, 'model-load-failed');
      throw error;
    },
  );
  // Callers observe failures through `ready`; this keeps an unobserved rejection from crashing the process.
  ready.catch(() => undefined);

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    const runtime = await runtimePromise.catch(() => undefined);
    if (runtime !== undefined) await runtime.decoder.close();
    // Let handlers of aborted generations finish their responses before connections are cut.
    await new Promise((resolve) => setImmediate(resolve));
    server.closeAllConnections();
    await stopped;
    if (runtime !== undefined) await runtime.close();
    logger.info({}, 'engine-stop');
  };
  return {
    url: `http://${options.host}:${port}`,
    port,
    ready,
    close: () =>
      (closing ??= close().catch((error: unknown) => {
        logger.error({ err: error, message: errorMessage(error) }, 'engine-stop-failed');
        throw error;
      })),
  };
}
