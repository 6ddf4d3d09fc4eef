import { ValidationError } from '@hangar/core';
import { embeddingRequestSchema, type EmbeddingList } from '@hangar/contracts';
import { parseBody, sendJson } from '@hangar/engine-http';
import { ensureModel, type EngineContext, type RequestScope } from './request-scope.js';

/** `POST /v1/embeddings`: one vector (n_embd long) per input, from a lazily created embedding context. */
export async function handleEmbeddings(
  context: EngineContext,
  scope: RequestScope,
  body: unknown,
): Promise<void> {
  const request = parseBody(embeddingRequestSchema, body);
  ensureModel(context, request.model);
  const { runtime, metrics } = context;
  const inputs = typeof request.input === 'string' ? [request.input] : request.input;
  inputs.forEach((input, index) => {
    const tokens = runtime.tokenize(input).length;
    if (tokens > runtime.contextTokens) {
      throw new ValidationError(
        `This model's maximum context length is ${runtime.contextTokens} tokens. However, input ${index} has ` +
          `${tokens} tokens. Please reduce the length of the input.`,
        { param: 'input' },
        'context_length_exceeded',
      );
    }
  });
  metrics.requestsRunning.inc();
  try {
    const { vectors, promptTokens } = await runtime.embed(inputs);
    metrics.promptTokens.inc(promptTokens);
    metrics.requests.inc({ status: 'ok' });
    const isBase64 = request.encoding_format === 'base64';
    const list: Omit<EmbeddingList, 'data'> & {
      data: { object: 'embedding'; index: number; embedding: number[] | string }[];
    } = {
      object: 'list',
      model: context.modelName,
      data: vectors.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: isBase64 ? Buffer.from(Float32Array.from(vector).buffer).toString('base64') : vector,
      })),
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    };
    context.logger.info(
      {
        requestId: scope.requestId,
        route: 'embeddings',
        promptTokens,
        inputs: inputs.length,
        ms: context.clock.now() - scope.startedAtMs,
      },
      'request-finish',
    );
    sendJson(scope.response, 200, list, { 'x-request-id': scope.requestId });
  } finally {
    metrics.requestsRunning.dec();
  }
}
