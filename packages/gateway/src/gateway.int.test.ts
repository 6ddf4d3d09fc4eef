import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './test-support/fake-upstream.js';
import {
  REVOKED_KEY,
  routeOf,
  startGatewayHarness,
  upstreamAt,
  VALID_KEY,
  type GatewayHarness,
} from './test-support/gateway-harness.js';

let engine: FakeUpstream;
let harness: GatewayHarness;

function client(apiKey = VALID_KEY): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${harness.baseUrl}/v1`, maxRetries: 0 });
}

async function post(
  path: string,
  body: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${harness.baseUrl}${path}`, {
    method: 'POST',
    signal,
    headers: { authorization: `Bearer ${VALID_KEY}`, 'content-type': 'application/json', ...headers },
    body,
  });
}

beforeEach(async () => {
  engine = await startFakeUpstream();
  harness = await startGatewayHarness([
    routeOf('deepseek-r1', [upstreamAt(engine.baseUrl, 'i-1')]),
    routeOf('bge-m3', [upstreamAt(engine.baseUrl, 'i-2')]),
    routeOf('starting', []),
  ]);
});

afterEach(async () => {
  await harness.close();
  await engine.close();
});

describe('gateway: auth and errors', () => {
  it('rejects a missing, unknown or revoked key with 401 in OpenAI format', async () => {
    await expect(client('hk-nope').models.list()).rejects.toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
    await expect(client(REVOKED_KEY).models.list()).rejects.toMatchObject({ status: 401 });
    const response = await fetch(`${harness.baseUrl}/v1/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        message: "Missing API key. Send it as 'Authorization: Bearer <key>'.",
        type: 'authentication_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(harness.usage).toEqual([]);
  });

  it('answers 404 for unknown /v1 paths', async () => {
    const response = await post('/v1/nothing', '{}');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unknown_url');
  });

  it('answers 400 for bad JSON and for a missing model', async () => {
    const badJson = await post('/v1/chat/completions', '{"model":');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const noModel = await post('/v1/chat/completions', '{"messages":[]}');
    expect(noModel.status).toBe(400);
    expect(((await noModel.json()) as { error: { param: string } }).error.param).toBe('model');
  });

  it('answers 413 for a body over the limit', async () => {
    await harness.close();
    harness = await startGatewayHarness([routeOf('deepseek-r1', [upstreamAt(engine.baseUrl, 'i-1')])], {
      maxBodyBytes: 100,
    });
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({ model: 'deepseek-r1', pad: 'x'.repeat(200) }),
    );
    expect(response.status).toBe(413);
    expect(engine.requests).toEqual([]);
  });

  it('answers 404 model_not_found listing available models, and 503 when no instance is ready', async () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await expect(client().chat.completions.create({ model: 'gpt-9', messages })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: expect.stringContaining(
        "The model 'gpt-9' does not exist. Available: deepseek-r1, bge-m3, starting",
      ),
    });
    await expect(client().chat.completions.create({ model: 'starting', messages })).rejects.toMatchObject({
      status: 503,
      code: 'no_ready_instance',
      message: expect.stringContaining('no ready instance yet'),
    });
    await harness.waitForUsage(2);
    expect(harness.usage.map((record) => [record.model, record.status, record.errorCode])).toEqual([
      ['gpt-9', 404, 'model_not_found'],
      ['starting', 503, 'no_ready_instance'],
    ]);
  });

  it('passes upstream error statuses through as they are', async () => {
    engine.behaviour.errorStatus = 400;
    const messages = [{ role: 'user' as const, content: 'hi' }];
    await expect(client().chat.completions.create({ model: 'deepseek-r1', messages })).rejects.toMatchObject({
      status: 400,
      code: 'fake_failure',
      message: expect.stringContaining('Fake engine error.'),
    });
    await harness.waitForUsage(1);
    expect(harness.usage[0]).toMatchObject({ status: 400, errorCode: 'fake_failure', instanceId: 'i-1' });
  });
});

describe('gateway: endpoints', () => {
  it('lists deployed models', async () => {
    const page = await client().models.list();
    expect(page.data).toEqual([
      { id: 'deepseek-r1', object: 'model', created: 1_700_000_000, owned_by: 'hangar' },
      { id: 'bge-m3', object: 'model', created: 1_700_000_000, owned_by: 'hangar' },
      { id: 'starting', object: 'model', created: 1_700_000_000, owned_by: 'hangar' },
    ]);
    expect((await client().models.retrieve('bge-m3')).id).toBe('bge-m3');
  });

  it('serves a non-streamed chat completion and accounts its usage', async () => {
    const completion = await client().chat.completions.create({
      model: 'deepseek-r1',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello from the fake engine.');
    expect(engine.requests[0]?.path).toBe('/v1/chat/completions');
    expect(engine.requests[0]?.headers.authorization).toBeUndefined();
    await harness.waitForUsage(1);
    expect(harness.usage[0]).toMatchObject({
      userId: 'user-1',
      keyId: 'key-1',
      model: 'deepseek-r1',
      deploymentId: 'deployment-deepseek-r1',
      instanceId: 'i-1',
      endpoint: '/v1/chat/completions',
      promptTokens: 7,
      completionTokens: 5,
      reasoningTokens: 0,
      status: 200,
      errorCode: null,
    });
    await harness.waitForSummaries(1);
    expect(harness.summaries.at(-1)).toMatchObject({ isStream: false, attempts: 1 });
  });

  it('relays answers byte for byte: multi-byte UTF-8, small and large bodies', async () => {
    for (const content of ['深度求索 你好 — é 🚀', `长文本 ${'é🚀'.repeat(6_000)}`]) {
      engine.behaviour.content = content;
      const completion = await client().chat.completions.create({
        model: 'deepseek-r1',
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(completion.choices[0]?.message.content).toBe(content);
    }
  });

  it('serves completions and embeddings', async () => {
    const completion = await client().completions.create({ model: 'deepseek-r1', prompt: 'Once' });
    expect(completion.choices[0]?.text).toBe('Hello from the fake engine.');
    const embedding = await client().embeddings.create({ model: 'bge-m3', input: ['a', 'b'] });
    expect(embedding.data.map((item) => item.embedding)).toEqual([
      [0.25, -0.5, 0],
      [0.25, -0.5, 1],
    ]);
    await harness.waitForUsage(2);
    expect(harness.usage.map((record) => [record.endpoint, record.promptTokens, record.instanceId])).toEqual([
      ['/v1/completions', 7, 'i-1'],
      ['/v1/embeddings', 7, 'i-2'],
    ]);
  });

  it('forwards the original body bytes untouched', async () => {
    const body = '{"model":"deepseek-r1",  "messages":[{"role":"user","content":"hi"}], "extra_field": 1}';
    const response = await post('/v1/chat/completions', body);
    expect(response.status).toBe(200);
    expect(engine.requests[0]?.body).toEqual(JSON.parse(body));
    expect(engine.requests[0]?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('forwards a given request id upstream and echoes it; mints one otherwise', async () => {
    const body = JSON.stringify({ model: 'deepseek-r1', messages: [{ role: 'user', content: 'hi' }] });
    const given = await post('/v1/chat/completions', body, { 'x-request-id': 'req-abc-123' });
    expect(given.headers.get('x-request-id')).toBe('req-abc-123');
    expect(engine.requests[0]?.headers['x-request-id']).toBe('req-abc-123');
    const minted = await post('/v1/chat/completions', body);
    const mintedId = minted.headers.get('x-request-id');
    expect(mintedId).toMatch(/^[0-9a-f-]{36}$/);
    expect(engine.requests[1]?.headers['x-request-id']).toBe(mintedId);
    await harness.waitForUsage(2);
    expect(harness.usage.map((record) => record.requestId)).toEqual(['req-abc-123', mintedId]);
  });

  it('aborts a non-streamed upstream request when the client goes away', async () => {
    engine.behaviour.delayMs = 5_000;
    const closed = engine.nextEarlyClose();
    const controller = new AbortController();
    const body = JSON.stringify({ model: 'deepseek-r1', messages: [{ role: 'user', content: 'hi' }] });
    const pending = post('/v1/chat/completions', body, {}, controller.signal);
    while (engine.active === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect((await closed).wasClosedEarly).toBe(true);
    await harness.waitForUsage(1);
    expect(harness.usage[0]).toMatchObject({ status: 499, errorCode: 'client_closed_request' });
  });

  it('splits reasoning out of content for flagged upstreams only', async () => {
    harness.routes.push(routeOf('r1-split', [upstreamAt(engine.baseUrl, 'i-3', true)]));
    engine.behaviour.content = '<think>2+2 is 4</think>\n\nFour.';
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const split = await client().chat.completions.create({ model: 'r1-split', messages });
    const message = split.choices[0]?.message as { content: string; reasoning_content?: string };
    expect(message).toMatchObject({ content: 'Four.', reasoning_content: '2+2 is 4' });
    const untouched = await client().chat.completions.create({ model: 'deepseek-r1', messages });
    expect(untouched.choices[0]?.message.content).toBe('<think>2+2 is 4</think>\n\nFour.');
  });
});
