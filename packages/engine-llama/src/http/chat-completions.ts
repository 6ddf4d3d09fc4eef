import { ReasoningSplitter, ValidationError, type ReasoningDelta } from '@hangar/core';
import { chatCompletionRequestSchema, type ChatCompletion } from '@hangar/contracts';
import { generateText, samplingFromRequest } from '../generate-text.js';
import { ChatChunkFormatter, sseDone } from '../sse-format.js';
import { stopList } from '../stop-matcher.js';
import { ReasoningTokenCounter, buildUsage, resolveCompletionBudget } from '../usage.js';
import { parseBody, sendJson, startEventStream } from '@hangar/engine-http';
import {
  abortOnDisconnect,
  ensureModel,
  recordRequest,
  type EngineContext,
  type RequestScope,
} from './request-scope.js';

/** `POST /v1/chat/completions`: renders the chat template, generates, splits `<think>` reasoning. */
export async function handleChatCompletion(
  context: EngineContext,
  scope: RequestScope,
  body: unknown,
): Promise<void> {
  const request = parseBody(chatCompletionRequestSchema, body);
  ensureModel(context, request.model);
  const { runtime, metrics, clock } = context;
  const rendered = runtime.chat.render(request.messages);
  const budget = resolveCompletionBudget(
    rendered.tokens.length,
    request.max_completion_tokens ?? request.max_tokens,
    runtime.contextTokens,
    'messages',
  );
  if (!budget.ok) throw new ValidationError(budget.message, { param: 'messages' }, 'context_length_exceeded');

  const signal = abortOnDisconnect(scope);
  const id = context.newId('chatcmpl');
  const created = Math.floor(clock.now() / 1000);
  const isStream = request.stream === true;
  const format = new ChatChunkFormatter({ id, created, model: context.modelName });
  const splitter = new ReasoningSplitter({ startInReasoning: rendered.startsInReasoning });
  const reasoningCounter = new ReasoningTokenCounter(rendered.startsInReasoning);
  let content = '';
  let reasoning = '';
  let firstTokenAtMs: number | undefined;
  const emit = (delta: ReasoningDelta): void => {
    if (!isStream) {
      content += delta.content;
      reasoning += delta.reasoning;
      return;
    }
    if (delta.reasoning.length > 0) scope.response.write(format.reasoning(delta.reasoning));
    if (delta.content.length > 0) scope.response.write(format.content(delta.content));
  };

  metrics.requestsRunning.inc();
  metrics.promptTokens.inc(rendered.tokens.length);
  if (isStream) {
    startEventStream(scope.response, { 'x-request-id': scope.requestId });
    scope.response.write(format.role());
  }
  try {
    const result = await generateText(runtime.decoder, runtime.detokenize, {
      promptTokens: rendered.tokens,
      maxTokens: budget.maxTokens,
      sampling: samplingFromRequest(request, clock.now()),
      stopStrings: [...stopList(request.stop), ...rendered.stopStrings],
      stopTokenIds: rendered.stopTokenIds,
      signal,
      onText: (text) => emit(splitter.push(text)),
      onTokenText: (text) => {
        firstTokenAtMs ??= clock.now();
        reasoningCounter.push(text);
      },
    });
    emit(splitter.finish());
    const usage = buildUsage(
      rendered.tokens.length,
      result.completionTokens,
      reasoningCounter.reasoningTokens,
      result.cachedPromptTokens,
    );
    recordRequest(context, scope, {
      route: 'chat',
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
    const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content };
    if (reasoning.length > 0) message.reasoning_content = reasoning;
    const completion: ChatCompletion = {
      id,
      object: 'chat.completion',
      created,
      model: context.modelName,
      choices: [{ index: 0, message, finish_reason: result.finishReason }],
      usage,
    };
    sendJson(scope.response, 200, completion, { 'x-request-id': scope.requestId });
  } finally {
    metrics.requestsRunning.dec();
  }
}
