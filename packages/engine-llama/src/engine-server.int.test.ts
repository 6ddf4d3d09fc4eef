import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  Completion,
  EmbeddingList,
  ModelList,
  OpenAIErrorBody,
} from '@hangar/contracts';
import { startEngineServer, type EngineServer } from './engine-server.js';
import { stories260KPath } from './test-model.js';

// Real inference on stories260K (no chat template: the chatml fallback renders chats), over real HTTP.
let engine: EngineServer;
const model = 'tiny';

beforeAll(async () => {
  engine = await startEngineServer(
    {
      modelPath: stories260KPath(),
      port: 0,
      host: '127.0.0.1',
      threads: 1,
      parallel: 8,
      contextTokens: 512,
      modelName: model,
      fallbackChatTemplate: 'chatml',
      flashAttention: 'auto',
      batchSize: 512,
    },
    { logger: pino({ enabled: false }) },
  );
  await engine.ready;
});

afterAll(async () => {
  await engine?.close();
});

async function post<T>(path: string, body: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${engine.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** Posts a streaming request and returns the parsed `data:` events (the last one is `[DONE]`). */
async function postStream<T>(path: string, body: unknown): Promise<(T | '[DONE]')[]> {
  const response = await fetch(`${engine.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...(body as object), stream: true }),
  });
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.length > 0)
    .map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as T);
    });
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${engine.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name} `) || entry.startsWith(`${name}{`));
  return Number(line?.split(' ').pop());
}

const completion = { model, prompt: 'Once upon a time', temperature: 0 };

describe('embedded engine over HTTP', () => {
  it('reports health and the served model', async () => {
    const health = await fetch(`${engine.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const models = (await (await fetch(`${engine.url}/v1/models`)).json()) as ModelList;
    expect(models).toEqual({
      object: 'list',
      data: [{ id: model, object: 'model', created: 0, owned_by: 'hangar' }],
    });
  });

  it('answers a chat completion with real usage', async () => {
    const { status, json } = await post<ChatCompletion>('/v1/chat/completions', {
      model,
      messages: [{ role: 'user', content: 'Tell me a story.' }],
      max_tokens: 12,
      temperature: 0,
    });
    expect(status).toBe(200);
    expect(json.object).toBe('chat.completion');
    expect(json.choices[0]!.message.role).toBe('assistant');
    expect(typeof json.choices[0]!.message.content).toBe('string');
    expect(json.usage.prompt_tokens).toBeGreaterThan(5);
    expect(json.usage.completion_tokens).toBeLessThanOrEqual(12);
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);
  });

  it('streams a chat completion that matches the non-streamed one, with usage last', async () => {
    const body = { model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16, temperature: 0 };
    const whole = await post<ChatCompletion>('/v1/chat/completions', body);
    const events = await postStream<ChatCompletionChunk>('/v1/chat/completions', {
      ...body,
      stream_options: { include_usage: true },
    });
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1) as ChatCompletionChunk[];
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '' });
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    // The same counts; the second request reuses the first one's cached prompt, so only that detail differs.
    const { prompt_tokens_details: streamedCache, ...streamedCounts } = usageChunk.usage!;
    const { prompt_tokens_details: wholeCache, ...wholeCounts } = whole.json.usage;
    expect(streamedCounts).toEqual(wholeCounts);
    expect(streamedCache!.cached_tokens).toBeGreaterThan(wholeCache!.cached_tokens);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]!.finish_reason).toBe(whole.json.choices[0]!.finish_reason);
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe(whole.json.choices[0]!.message.content);
  });

  it('stops at max_tokens with finish_reason length and exact completion tokens', async () => {
    const { status, json } = await post<Completion>('/v1/completions', { ...completion, max_tokens: 8 });
    expect(status).toBe(200);
    expect(json.choices[0]!.finish_reason).toBe('length');
    expect(json.usage?.completion_tokens).toBe(8);
    expect(json.choices[0]!.text.length).toBeGreaterThan(0);
  });

  it('streams a completion whose text equals the non-streamed one', async () => {
    const whole = await post<Completion>('/v1/completions', { ...completion, max_tokens: 20 });
    const events = await postStream<Completion>('/v1/completions', { ...completion, max_tokens: 20 });
    const chunks = events.slice(0, -1) as Completion[];
    expect(chunks.map((chunk) => chunk.choices[0]!.text).join('')).toBe(whole.json.choices[0]!.text);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('length');
  });

  it('reuses the KV cache of an earlier prompt prefix and still answers the same', async () => {
    const prompt = 'Once upon a time, there was a little girl named Lily. She loved to play in the park with';
    const request = { model, prompt, max_tokens: 12, temperature: 0 };
    const first = await post<Completion>('/v1/completions', request);
    const cachedBefore = await metric('hangar_engine_prompt_tokens_cached_total');
    const second = await post<Completion>('/v1/completions', request);
    const promptTokens = second.json.usage!.prompt_tokens;
    expect(await metric('hangar_engine_prompt_tokens_cached_total')).toBe(cachedBefore + promptTokens - 1);
    // All but the last prompt token came from the cache (that one is evaluated again for its logits).
    expect(second.json.usage?.prompt_tokens_details?.cached_tokens).toBe(promptTokens - 1);
    expect(second.json.choices[0]!.text).toBe(first.json.choices[0]!.text);
    // A prompt that branches off midway reuses the shared part and answers as a fresh sequence would.
    const branched = { ...request, prompt: `${prompt} her dog` };
    const cached = await post<Completion>('/v1/completions', branched);
    expect(cached.json.usage?.prompt_tokens_details?.cached_tokens).toBeGreaterThanOrEqual(promptTokens - 1);
    const fresh = await Promise.all(
      Array.from({ length: 8 }, () => post<Completion>('/v1/completions', branched)),
    );
    const cachedCounts = fresh.map((answer) => answer.json.usage?.prompt_tokens_details?.cached_tokens ?? 0);
    const least = fresh[cachedCounts.indexOf(Math.min(...cachedCounts))]!;
    expect(Math.min(...cachedCounts), 'some of 8 concurrent requests share less of the cache').toBeLessThan(
      promptTokens - 1,
    );
    expect(least.json.choices[0]!.text).toBe(cached.json.choices[0]!.text);
  });

  it('applies stop sequences and leaves the stop text out', async () => {
    const whole = await post<Completion>('/v1/completions', { ...completion, max_tokens: 40 });
    const full = whole.json.choices[0]!.text;
    const stop = ' named';
    expect(full).toContain(stop);
    const expected = full.slice(0, full.indexOf(stop));
    const { json } = await post<Completion>('/v1/completions', {
      ...completion,
      max_tokens: 40,
      stop: [stop, 'zz'],
    });
    expect(json.choices[0]!.text).toBe(expected);
    expect(json.choices[0]!.finish_reason).toBe('stop');
    const streamed = await postStream<Completion>('/v1/completions', { ...completion, max_tokens: 40, stop });
    const chunks = streamed.slice(0, -1) as Completion[];
    expect(chunks.map((chunk) => chunk.choices[0]!.text).join('')).toBe(expected);
  });

  it('returns embeddings of n_embd values per input', async () => {
    const { status, json } = await post<EmbeddingList>('/v1/embeddings', {
      model,
      input: ['hello there', 'a cat'],
    });
    expect(status).toBe(200);
    expect(json.data).toHaveLength(2);
    expect(json.data[0]!.embedding).toHaveLength(64);
    expect(json.data[1]!.index).toBe(1);
    expect(json.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('rejects bad requests with the OpenAI error envelope', async () => {
    const tooLong = await post<OpenAIErrorBody>('/v1/completions', { ...completion, max_tokens: 600 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.code).toBe('context_length_exceeded');
    expect(tooLong.json.error.message).toMatch(
      /^This model's maximum context length is 512 tokens\. However, you requested 605 tokens \(5 in the prompt, 600 in the completion\)/,
    );
    const malformed = await post<OpenAIErrorBody>('/v1/chat/completions', '{"model": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    const unknown = await post<OpenAIErrorBody>('/v1/chat/completions', {
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    const invalid = await post<OpenAIErrorBody>('/v1/chat/completions', { model, messages: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.param).toBe('messages');
  });

  it('decodes 8 concurrent streams together', async () => {
    const requests = Array.from({ length: 8 }, (_, index) =>
      postStream<Completion>('/v1/completions', { ...completion, prompt: `Story ${index}:`, max_tokens: 24 }),
    );
    const results = await Promise.all(requests);
    for (const events of results) {
      expect(events.at(-1)).toBe('[DONE]');
      expect((events.at(-2) as Completion).choices[0]!.finish_reason).toMatch(/^(length|stop)$/);
    }
    expect(await metric('hangar_engine_sequences_active_peak')).toBeGreaterThan(1);
    expect(await metric('hangar_engine_sequences_active')).toBe(0);
  });

  it('frees the sequence when the client disconnects mid-stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${engine.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Greedy stories260K never emits an end token here: only the disconnect can end this generation early.
      body: JSON.stringify({ ...completion, max_tokens: 500, stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    let active = 1;
    for (let attempt = 0; attempt < 100 && active !== 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      active = await metric('hangar_engine_sequences_active');
    }
    expect(active).toBe(0);
    expect(await metric('hangar_engine_requests_total{status="aborted"}')).toBe(1);
    const after = await post<Completion>('/v1/completions', { ...completion, max_tokens: 4 });
    expect(after.json.usage?.completion_tokens).toBe(4);
  });
});
