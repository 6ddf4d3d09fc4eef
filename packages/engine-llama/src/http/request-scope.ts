import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { NotFoundError, type Clock } from '@hangar/core';
import type { EngineMetrics, RequestStatus } from '../engine-metrics.js';
import type { ModelRuntime } from '../model-runtime.js';

/** What every route handler gets: the loaded model and the engine's services. */
export interface EngineContext {
  modelName: string;
  runtime: ModelRuntime;
  metrics: EngineMetrics;
  logger: Logger;
  clock: Clock;
  newId(prefix: string): string;
}

/** One HTTP request being served. */
export interface RequestScope {
  requestId: string;
  startedAtMs: number;
  request: IncomingMessage;
  response: ServerResponse;
}

/** Fields of the per-request log line. */
export interface RequestSummary {
  route: string;
  status: RequestStatus;
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens reused from the sequence's cached prefix. */
  cachedPromptTokens?: number;
  finishReason?: string;
  timeToFirstTokenMs?: number;
}

/** Only the configured model name is served. */
export function ensureModel(context: EngineContext, model: string): void {
  if (model === context.modelName) return;
  throw new NotFoundError(
    `The model '${model}' does not exist on this engine; it serves '${context.modelName}'.`,
    'model_not_found',
    { param: 'model' },
  );
}

/** An AbortSignal that fires when the client goes away before the response ended. */
export function abortOnDisconnect(scope: RequestScope): AbortSignal {
  const controller = new AbortController();
  scope.response.once('close', () => {
    if (!scope.response.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Records a finished generation request: counters and one log line. */
export function recordRequest(context: EngineContext, scope: RequestScope, summary: RequestSummary): void {
  const { metrics } = context;
  metrics.requests.inc({ status: summary.status });
  metrics.generationTokens.inc(summary.completionTokens);
  if (summary.cachedPromptTokens !== undefined) metrics.promptTokensCached.inc(summary.cachedPromptTokens);
  if (summary.timeToFirstTokenMs !== undefined)
    metrics.timeToFirstToken.observe(summary.timeToFirstTokenMs / 1000);
  context.logger.info(
    { requestId: scope.requestId, ms: context.clock.now() - scope.startedAtMs, ...summary },
    'request-finish',
  );
}
