import { HangarError, NotFoundError } from '@hangar/core';
import type { ModelList } from '@hangar/contracts';
import type { EngineMetrics } from '../engine-metrics.js';
import { sseEvent } from '../sse-format.js';
import { handleChatCompletion } from './chat-completions.js';
import { handleCompletion } from './completions.js';
import { handleEmbeddings } from './embeddings.js';
import { readJsonBody, sendJson, toOpenAIError } from '@hangar/engine-http';
import type { EngineContext, RequestScope } from './request-scope.js';

type PostHandler = (context: EngineContext, scope: RequestScope, body: unknown) => Promise<void>;

const postRoutes: Record<string, PostHandler> = {
  '/v1/chat/completions': handleChatCompletion,
  '/v1/completions': handleCompletion,
  '/v1/embeddings': handleEmbeddings,
};

/** Routes one request; `context` is undefined while the model loads. Never throws. */
export async function routeRequest(
  context: EngineContext | undefined,
  metrics: EngineMetrics,
  scope: RequestScope,
): Promise<void> {
  const { request, response } = scope;
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  try {
    if (request.method === 'GET' && path === '/health') {
      sendJson(response, context === undefined ? 503 : 200, {
        status: context === undefined ? 'loading' : 'ok',
      });
      return;
    }
    if (request.method === 'GET' && path === '/metrics') {
      const text = await metrics.registry.metrics();
      response.writeHead(200, { 'content-type': metrics.registry.contentType });
      response.end(text);
      return;
    }
    const post = postRoutes[path];
    const isModels = path === '/v1/models';
    if (post === undefined && !isModels)
      throw new NotFoundError(`No route for ${request.method} ${path}.`, 'not_found');
    if (request.method !== (isModels ? 'GET' : 'POST')) {
      throw new HangarError(`Method ${request.method} is not allowed on ${path}.`, {
        code: 'method_not_allowed',
        status: 405,
        kind: 'user',
      });
    }
    if (context === undefined) {
      throw new HangarError('The model is still loading; retry shortly.', {
        code: 'model_loading',
        status: 503,
        kind: 'operational',
      });
    }
    if (isModels) {
      sendJson(response, 200, listModels(context));
      return;
    }
    const body = await readJsonBody(request);
    await post!(context, scope, body);
  } catch (error) {
    sendFailure(context, metrics, scope, error);
  }
}

function listModels(context: EngineContext): ModelList {
  return {
    object: 'list',
    data: [{ id: context.modelName, object: 'model', created: 0, owned_by: 'hangar' }],
  };
}

function sendFailure(
  context: EngineContext | undefined,
  metrics: EngineMetrics,
  scope: RequestScope,
  error: unknown,
): void {
  const { status, body } = toOpenAIError(error);
  metrics.requests.inc({ status: status >= 500 ? 'server_error' : 'client_error' });
  if (status >= 500) context?.logger.error({ requestId: scope.requestId, err: error }, 'request-error');
  const { response } = scope;
  if (response.writableEnded || response.destroyed) return;
  if (response.headersSent) {
    // The stream had started: one OpenAI-format error event, then the stream closes.
    response.end(sseEvent(body));
    return;
  }
  sendJson(response, status, body, { 'x-request-id': scope.requestId });
}
