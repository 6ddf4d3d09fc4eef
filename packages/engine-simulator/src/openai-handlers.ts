import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@hangar/core';
import {
  chatCompletionRequestSchema,
  completionRequestSchema,
  embeddingRequestSchema,
  messageText,
  type ChatCompletion,
  type ChatCompletionChunk,
  type Completion,
  type EmbeddingList,
  type Usage,
} from '@hangar/contracts';
import { runGeneration, type GenerationResult, type SimulatorState } from './generation.js';
import { parseBody, sendJson, sseDone, sseEvent, startEventStream } from '@hangar/engine-http';
import { embedText, hashText, tokenize } from './simulated-tokens.js';

type Handler = (
  state: SimulatorState,
  body: unknown,
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<void>;

function checkModel(state: SimulatorState, model: string): void {
  if (model !== state.options.modelName) {
    throw new NotFoundError(`The model \`${model}\` does not exist.`, 'model_not_found', { param: 'model' });
  }
}

function usageOf(result: GenerationResult, withReasoning: boolean): Usage {
  const usage: Usage = {
    prompt_tokens: result.promptTokens,
    completion_tokens: result.completionTokens,
    total_tokens: result.promptTokens + result.completionTokens,
  };
  if (withReasoning) usage.completion_tokens_details = { reasoning_tokens: result.reasoningTokens };
  return usage;
}

/** Aborts when the client goes away before the response ended. */
function clientSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  return controller.signal;
}

function stopList(stop: string | string[] | null | undefined): string[] {
  if (stop == null) return [];
  return typeof stop === 'string' ? [stop] : stop;
}

const chatCompletions: Handler = async (state, body, _request, response) => {
  const parsed = parseBody(chatCompletionRequestSchema, body);
  checkModel(state, parsed.model);
  const promptText = parsed.messages
    .map((message) => `<|${message.role}|>${messageText(message)}`)
    .join('\n');
  const mode = state.options.reasoning;
  const withReasoning = mode !== 'none';
  const isField = mode === 'field';
  const id = `chatcmpl-sim-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const base = { id, created, model: parsed.model };
  const generation = {
    promptText,
    seed: (parsed.seed ?? hashText(promptText)) ^ state.options.seed,
    maxTokens: parsed.max_completion_tokens ?? parsed.max_tokens ?? null,
    stop: stopList(parsed.stop),
    withReasoning,
    signal: clientSignal(response),
  };
  if (parsed.stream === true) {
    let isStarted = false;
    const chunk = (
      delta: ChatCompletionChunk['choices'][number]['delta'],
      finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null,
    ): string =>
      sseEvent({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finish }],
      } satisfies ChatCompletionChunk);
    const result = await runGeneration(state, generation, (token) => {
      if (!isStarted) {
        startEventStream(response);
        response.write(chunk({ role: 'assistant', content: '' }));
        isStarted = true;
      }
      if (isField && token.isTag) return;
      response.write(
        chunk(isField && token.isReasoning ? { reasoning_content: token.text } : { content: token.text }),
      );
    });
    if (!isStarted) startEventStream(response);
    response.write(chunk({}, result.finishReason));
    if (parsed.stream_options?.include_usage === true) {
      response.write(
        sseEvent({
          ...base,
          object: 'chat.completion.chunk',
          choices: [],
          usage: usageOf(result, withReasoning),
        } satisfies ChatCompletionChunk),
      );
    }
    response.end(sseDone);
    return;
  }
  let content = '';
  let reasoning = '';
  const result = await runGeneration(state, generation, (token) => {
    if (isField && token.isTag) return;
    if (isField && token.isReasoning) reasoning += token.text;
    else content += token.text;
  });
  const message: ChatCompletion['choices'][number]['message'] = { role: 'assistant', content };
  if (isField) message.reasoning_content = reasoning;
  const completion: ChatCompletion = {
    ...base,
    object: 'chat.completion',
    choices: [{ index: 0, message, finish_reason: result.finishReason }],
    usage: usageOf(result, withReasoning),
  };
  sendJson(response, 200, completion);
};

const completions: Handler = async (state, body, _request, response) => {
  const parsed = parseBody(completionRequestSchema, body);
  checkModel(state, parsed.model);
  const promptText = typeof parsed.prompt === 'string' ? parsed.prompt : (parsed.prompt[0] ?? '');
  const base = {
    id: `cmpl-sim-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: parsed.model,
  };
  const generation = {
    promptText,
    seed: (parsed.seed ?? hashText(promptText)) ^ state.options.seed,
    maxTokens: parsed.max_tokens ?? null,
    stop: stopList(parsed.stop),
    withReasoning: false,
    signal: clientSignal(response),
  };
  const event = (text: string, finish: Completion['choices'][number]['finish_reason']): string =>
    sseEvent({
      ...base,
      object: 'text_completion',
      choices: [{ index: 0, text, finish_reason: finish }],
    } satisfies Completion);
  if (parsed.stream === true) {
    let isStarted = false;
    const result = await runGeneration(state, generation, (token) => {
      if (!isStarted) startEventStream(response);
      isStarted = true;
      response.write(event(token.text, null));
    });
    if (!isStarted) startEventStream(response);
    response.write(event('', result.finishReason));
    if (parsed.stream_options?.include_usage === true) {
      response.write(
        sseEvent({
          ...base,
          object: 'text_completion',
          choices: [],
          usage: usageOf(result, false),
        } satisfies Completion),
      );
    }
    response.end(sseDone);
    return;
  }
  let text = '';
  const result = await runGeneration(state, generation, (token) => {
    text += token.text;
  });
  const completion: Completion = {
    ...base,
    object: 'text_completion',
    choices: [{ index: 0, text, finish_reason: result.finishReason }],
    usage: usageOf(result, false),
  };
  sendJson(response, 200, completion);
};

const embeddings: Handler = async (state, body, _request, response) => {
  const parsed = parseBody(embeddingRequestSchema, body);
  checkModel(state, parsed.model);
  const inputs = typeof parsed.input === 'string' ? [parsed.input] : parsed.input;
  const promptTokens = inputs.reduce((sum, input) => sum + tokenize(input).length, 0);
  state.metrics.promptTokens += promptTokens;
  const list: EmbeddingList = {
    object: 'list',
    model: parsed.model,
    data: inputs.map((input, index) => ({
      object: 'embedding',
      index,
      embedding: embedText(input, state.options.embeddingDimensions),
    })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
  sendJson(response, 200, list);
};

/** The POST routes of vLLM's OpenAI-compatible server. */
export const postRoutes: Record<string, Handler> = {
  '/v1/chat/completions': chatCompletions,
  '/v1/completions': completions,
  '/v1/embeddings': embeddings,
};
