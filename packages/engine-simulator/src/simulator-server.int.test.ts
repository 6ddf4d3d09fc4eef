import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle, type StartSimulatorOptions } from './simulator-server.js';

const handles: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

async function start(options: StartSimulatorOptions = {}): Promise<SimulatorHandle> {
  const handle = await startSimulator({ modelName: 'sim', ttftMs: 5, tokenMs: 1, ...options });
  handles.push(handle);
  await handle.ready;
  return handle;
}

async function post(handle: SimulatorHandle, path: string, body: object): Promise<Response> {
  return fetch(`${handle.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function sseData(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: ') && block !== 'data: [DONE]')
    .map((block) => JSON.parse(block.slice(6)) as unknown);
}

async function metricValue(handle: SimulatorHandle, name: string): Promise<number> {
  const text = await (await fetch(`${handle.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name}{`));
  return Number(line?.split(' ').at(-1));
}

const chat = { model: 'sim', messages: [{ role: 'user', content: 'Say something.' }] };

describe('simulator engine', () => {
  it('answers chat deterministically with usage, and says it is a simulator', async () => {
    const handle = await start();
    const first = (await (await post(handle, '/v1/chat/completions', chat)).json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    const second = (await (await post(handle, '/v1/chat/completions', chat)).json()) as typeof first;
    expect(first.choices[0]!.message.content).toBe(second.choices[0]!.message.content);
    expect(first.choices[0]!.finish_reason).toBe('stop');
    expect(first.usage.completion_tokens).toBe(16);
    const models = (await (await fetch(`${handle.url}/v1/models`)).json()) as {
      data: { id: string; owned_by: string }[];
    };
    expect(models.data).toMatchObject([{ id: 'sim', owned_by: 'hangar-simulator' }]);
  });

  it('streams chat with include_usage and cuts at max_tokens', async () => {
    const handle = await start();
    const response = await post(handle, '/v1/chat/completions', {
      ...chat,
      stream: true,
      max_tokens: 3,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = sseData(text) as {
      choices: { delta: { content?: string }; finish_reason: string | null }[];
      usage?: { completion_tokens: number };
    }[];
    expect(events.filter((event) => event.choices[0]?.delta.content).length).toBe(3);
    expect(events.at(-2)?.choices[0]?.finish_reason).toBe('length');
    expect(events.at(-1)?.usage?.completion_tokens).toBe(3);
  });

  it('leaves <think> in content in tags mode and splits it out in field mode', async () => {
    const tags = await start({ reasoning: 'tags' });
    const tagged = (await (await post(tags, '/v1/chat/completions', chat)).json()) as {
      choices: { message: { content: string } }[];
      usage: { completion_tokens_details: { reasoning_tokens: number } };
    };
    expect(tagged.choices[0]!.message.content).toMatch(/^<think>.+<\/think>\n\n\S/s);
    expect(tagged.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    const field = await start({ reasoning: 'field' });
    const split = (await (await post(field, '/v1/chat/completions', chat)).json()) as {
      choices: { message: { content: string; reasoning_content: string } }[];
    };
    expect(split.choices[0]!.message.content).not.toContain('think>');
    expect(split.choices[0]!.message.reasoning_content.length).toBeGreaterThan(0);
  });

  it('serves completions and embeddings', async () => {
    const handle = await start({ embeddingDimensions: 8 });
    const completion = (await (
      await post(handle, '/v1/completions', { model: 'sim', prompt: 'Once', max_tokens: 2 })
    ).json()) as {
      choices: { text: string; finish_reason: string }[];
    };
    expect(completion.choices[0]!.finish_reason).toBe('length');
    const embeddings = (await (
      await post(handle, '/v1/embeddings', { model: 'sim', input: ['a', 'b'] })
    ).json()) as {
      data: { embedding: number[] }[];
    };
    expect(embeddings.data.map((item) => item.embedding.length)).toEqual([8, 8]);
    expect((await post(handle, '/v1/completions', { model: 'other', prompt: 'x' })).status).toBe(404);
  });

  it('queues requests beyond KV capacity and reports them as waiting', async () => {
    // Each request holds ~4 prompt + 16 output tokens; 40 tokens of KV fit two at once.
    const handle = await start({ kvCapacityTokens: 40, tokenMs: 20 });
    const requests = [0, 1, 2, 3].map(() =>
      post(handle, '/v1/chat/completions', { ...chat, messages: [{ role: 'user', content: 'x' }] }),
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await metricValue(handle, 'vllm:num_requests_running')).toBe(2);
    expect(await metricValue(handle, 'vllm:num_requests_waiting')).toBe(2);
    expect(await metricValue(handle, 'vllm:kv_cache_usage_perc')).toBeGreaterThan(0.5);
    await Promise.all(requests);
    expect(await metricValue(handle, 'vllm:num_requests_waiting')).toBe(0);
    expect(await metricValue(handle, 'vllm:time_to_first_token_seconds_count')).toBe(4);
  });

  it('counts prefix-cache hits and answers them sooner', async () => {
    const handle = await start({ ttftMs: 200, outputTokens: 1 });
    const long = { ...chat, messages: [{ role: 'user', content: 'shared system prompt '.repeat(40) }] };
    const timed = async (): Promise<number> => {
      const startedAt = performance.now();
      await (await post(handle, '/v1/chat/completions', long)).json();
      return performance.now() - startedAt;
    };
    const cold = await timed();
    const warm = await timed();
    expect(warm).toBeLessThan(cold / 2);
    expect(await metricValue(handle, 'vllm:prefix_cache_hits_total')).toBeGreaterThan(0);
  });

  it('rejects prompts longer than max-model-len with a 400', async () => {
    const handle = await start({ maxModelLen: 32 });
    const response = await post(handle, '/v1/chat/completions', { ...chat, max_tokens: 30 });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('maximum context length is 32 tokens');
  });

  it('answers 503 while starting, then 200', async () => {
    const handle = await startSimulator({ modelName: 'sim', startupDelayMs: 150 });
    handles.push(handle);
    expect((await fetch(`${handle.url}/health`)).status).toBe(503);
    await handle.ready;
    expect((await fetch(`${handle.url}/health`)).status).toBe(200);
  });

  it('dies after N requests and in the middle of a stream', async () => {
    const deaths: string[] = [];
    const crashing = await start({ crashAfter: 1, onFatal: (_code, reason) => deaths.push(reason) });
    await (await post(crashing, '/v1/chat/completions', chat)).json();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deaths).toEqual(['simulated crash after 1 requests (--crash-after)']);
    const dying = await start({ failMode: 'die-mid-stream' });
    const response = await post(dying, '/v1/chat/completions', { ...chat, stream: true });
    await expect(response.text()).rejects.toThrow();
  });

  it('prints a CUDA out-of-memory line and dies when told to', async () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const handle = await startSimulator({
      failMode: 'oom',
      log: (line) => lines.push(line),
      onFatal: (code) => exits.push(code),
    });
    handles.push(handle);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(lines[0]).toMatch(/^Hangar simulator engine \(not a real inference engine\)/);
    expect(lines.some((line) => line.includes('CUDA out of memory'))).toBe(true);
    expect(exits).toEqual([1]);
  });
});
