import { ValidationError } from '@hangar/core';
import { completionRequestSchema, type Completion } from '@hangar/contracts';
import { generateText, samplingFromRequest } from '../generate-text.js';
import { CompletionChunkFormatter, sseDone } from '../sse-format.js';
import { stopList } from '../stop-matcher.js';
import { buildUsage, resolveCompletionBudget } from '../usage.js';
import { parseBody, sendJson, startEventStream } from '@hangar/engine-http';
import {
  abortOnDisconnect,
  ensureModel,
  recordRequest,
  type EngineContext,
  type RequestScope,
} from './request-scope.js';

/** `POST /v1/completions`: raw prompt in, text out. */
export async function handleCompletion(
  context: EngineContext,
  scope: RequestScope,
  body: unknown,
): Promise<void> {
  const request = parseBody(completionRequestSchema, body);
  ensureModel(context, request.model);
  const { runtime, metrics, clock } = context;
  const promptText = typeof request.prompt === 'string' ? request.prompt : (request.prompt[0] ?? '');
  const promptTokens = runtime.tokenizePrompt(promptText);
  if (promptTokens.length === 0) throw new ValidationError('The prompt is empty.', { param: 'prompt' });
  const budget = resolveCompletionBudget(
    promptTokens.length,
    request.max_completion_tokens ?? request.max_tokens,
    runtime.contextTokens,
    'prompt',
  );
  if (!budget.ok) throw new ValidationError(budget.message, { param: 'prompt' }, 'context_length_exceeded');

  const signal = abortOnDisconnect(scope);
  const id = context.newId('cmpl');
  const created = Math.floor(clock.now() / 1000);
  const isStream = request.stream === true;
  const format = new CompletionChunkFormatter({ id, created, model: context.modelName });
  let text = '';
  let firstTokenAtMs: number | undefined;

  metrics.requestsRunning.inc();
  metrics.promptTokens.inc(promptTokens.length);
  if (isStream) startEventStream(scope.response, { 'x-request-id': scope.requestId });
  try {
    const result = await generateText(runtime.decoder, runtime.detokenize, {
      promptTokens,
      maxTokens: budget.maxTokens,
      sampling: samplingFromRequest(request, clock.now()),
      stopStrings: stopList(request.stop),
      signal,
      onText: isStream ? (piece) => scope.response.write(format.text(piece)) : (piece) => (text += piece),
      onTokenText: () => (firstTokenAtMs ??= clock.now()),
    });
    const usage = buildUsage(
      promptTokens.length,
      result.completionTokens,
      undefined,
      result.cachedPromptTokens,
    );
    recordRequest(context, scope, {
      route: 'completions',
      status: result.isAborted ? 'aborted' : 'ok',
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      cachedPromptTokens: result.cachedPromptTokens,
      finishReason: result.finishReason,
      timeToFirstTokenMs: firstTokenAtMs === undefined ? undefined : firstTokenAtMs - scope.startedAtMs,
    });
    if (result.isAborted) {
      scope.response.destroy();
      return;
    }
    if (isStream) {
      scope.response.write(format.finish(result.finishReason));
      if (request.stream_options?.include_usage === true) scope.response.write(format.usage(usage));
      scope.response.end(sseDone);
      return;
    }
    const completion: Completion = {
      id,
      object: 'text_completion',
      created,
      model: context.modelName,
      choices: [{ index: 0, text, finish_reason: result.finishReason }],
      usage,
    };
    sendJson(scope.response, 200, completion, { 'x-request-id': scope.requestId });
  } finally {
    metrics.requestsRunning.dec();
  }
}
