import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './test-support/fake-upstream.js';
import {
  routeOf,
  startGatewayHarness,
  upstreamAt,
  VALID_KEY,
  type GatewayHarness,
} from './test-support/gateway-harness.js';

let engine: FakeUpstream;
let harness: GatewayHarness;
const messages = [{ role: 'user' as const, content: 'hi' }];

function client(): OpenAI {
  return new OpenAI({ apiKey: VALID_KEY, baseURL: `${harness.baseUrl}/v1`, maxRetries: 0 });
}

beforeEach(async () => {
  engine = await startFakeUpstream();
  harness = await startGatewayHarness([
    routeOf('deepseek-r1', [upstreamAt(engine.baseUrl, 'i-1')]),
    routeOf('r1-split', [upstreamAt(engine.baseUrl, 'i-2', true)]),
  ]);
});

afterEach(async () => {
  await harness.close();
  await engine.close();
});

describe('gateway: streaming', () => {
  it('relays a chat stream, asks the engine for usage and keeps the usage chunk from the client', async () => {
    const stream = await client().chat.completions.create({ model: 'deepseek-r1', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello from the fake engine.',
    );
    expect(chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage == null)).toBe(true);
    expect(engine.requests[0]?.body.stream_options).toEqual({ include_usage: true });
    await harness.waitForUsage(1);
    expect(harness.usage[0]).toMatchObject({
      promptTokens: 7,
      completionTokens: 5,
      status: 200,
      errorCode: null,
    });
    expect(harness.usage[0]?.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    await harness.waitForSummaries(1);
    expect(harness.summaries.at(-1)?.isStream).toBe(true);
  });

  it('forwards the usage chunk to a client that asked for it', async () => {
    const stream = await client().chat.completions.create({
      model: 'deepseek-r1',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 5 } });
    await harness.waitForUsage(1);
    expect(harness.usage[0]?.completionTokens).toBe(5);
  });

  it('relays a completions stream', async () => {
    const stream = await client().completions.create({ model: 'deepseek-r1', prompt: 'Once', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Hello from the fake engine.');
    await harness.waitForUsage(1);
    expect(harness.usage[0]).toMatchObject({ endpoint: '/v1/completions', completionTokens: 5 });
  });

  it('splits reasoning per delta for flagged upstreams', async () => {
    engine.behaviour.content = '<think>Two and two.</think>\n\nFour.';
    engine.behaviour.pieceLength = 4;
    const stream = await client().chat.completions.create({ model: 'r1-split', messages, stream: true });
    let reasoning = '';
    let content = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
    }
    expect({ reasoning, content }).toEqual({ reasoning: 'Two and two.', content: 'Four.' });
  });

  it('aborts the upstream request when the client goes away', async () => {
    engine.behaviour.chunkDelayMs = 30;
    engine.behaviour.content = 'x'.repeat(600);
    const closed = engine.nextEarlyClose();
    const stream = await client().chat.completions.create({ model: 'deepseek-r1', messages, stream: true });
    let received = 0;
    for await (const _chunk of stream) {
      if (++received === 2) break; // Leaving the loop aborts the HTTP request.
    }
    const recorded = await closed;
    expect(recorded.wasClosedEarly).toBe(true);
    await harness.waitForUsage(1);
    expect(harness.usage[0]).toMatchObject({ status: 499, errorCode: 'client_closed_request' });
  });

  it('ends the stream with one OpenAI error event when the upstream dies mid-stream', async () => {
    engine.behaviour.dieAfterChunks = 2;
    const stream = await client().chat.completions.create({ model: 'deepseek-r1', messages, stream: true });
    const contents: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) contents.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(consume()).rejects.toMatchObject({ message: expect.stringContaining('failed mid-stream') });
    expect(contents.join('')).toBe('Hello from t');
    await harness.waitForUsage(1);
    expect(harness.usage[0]).toMatchObject({ status: 502, errorCode: 'upstream_stream_interrupted' });
  });

  it('writes the error event in OpenAI format on the wire', async () => {
    engine.behaviour.dieAfterChunks = 1;
    const response = await fetch(`${harness.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${VALID_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-r1', messages, stream: true }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text()).trim().split('\n\n');
    expect(JSON.parse(events.at(-1)!.slice('data: '.length))).toMatchObject({
      error: { type: 'server_error', code: 'upstream_stream_interrupted', param: null },
    });
  });
});
