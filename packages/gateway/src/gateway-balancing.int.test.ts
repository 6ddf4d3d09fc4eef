import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPortUrl, startFakeUpstream, type FakeUpstream } from './test-support/fake-upstream.js';
import {
  routeOf,
  startGatewayHarness,
  upstreamAt,
  VALID_KEY,
  type GatewayHarness,
} from './test-support/gateway-harness.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engine(delayMs = 0): Promise<FakeUpstream> {
  const fake = await startFakeUpstream({ delayMs });
  cleanups.push(() => fake.close());
  return fake;
}

async function harnessFor(...args: Parameters<typeof startGatewayHarness>): Promise<GatewayHarness> {
  const harness = await startGatewayHarness(...args);
  cleanups.push(() => harness.close());
  return harness;
}

function client(harness: GatewayHarness): OpenAI {
  return new OpenAI({ apiKey: VALID_KEY, baseURL: `${harness.baseUrl}/v1`, maxRetries: 0 });
}

describe('gateway: balancing and retries', () => {
  it('spreads concurrent requests over two slow upstreams by outstanding requests', async () => {
    const [a, b] = [await engine(80), await engine(80)];
    const harness = await harnessFor([
      routeOf('m', [upstreamAt(a.baseUrl, 'a'), upstreamAt(b.baseUrl, 'b')]),
    ]);
    const openai = client(harness);
    await Promise.all(
      Array.from({ length: 20 }, () => openai.chat.completions.create({ model: 'm', messages })),
    );
    expect(a.requests.length + b.requests.length).toBe(20);
    expect(a.requests.length).toBeGreaterThanOrEqual(8);
    expect(b.requests.length).toBeGreaterThanOrEqual(8);
  });

  it('prefers the idle upstream while the other is busy', async () => {
    const [busy, idle] = [await engine(300), await engine(0)];
    const upstreams = [upstreamAt(busy.baseUrl, 'busy'), upstreamAt(idle.baseUrl, 'idle')];
    // Ties go to the first upstream, so the first request lands on the slow one.
    const harness = await harnessFor([routeOf('m', upstreams)], { random: { next: () => 0 } });
    const openai = client(harness);
    const slow = openai.chat.completions.create({ model: 'm', messages });
    while (busy.active === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    for (let index = 0; index < 5; index++) await openai.chat.completions.create({ model: 'm', messages });
    await slow;
    expect([busy.requests.length, idle.requests.length]).toEqual([1, 5]);
  });

  it('retries a refused connection on another upstream: every request succeeds', async () => {
    const alive = await engine();
    const dead = await closedPortUrl();
    const harness = await harnessFor([
      routeOf('m', [upstreamAt(dead, 'dead'), upstreamAt(alive.baseUrl, 'alive')]),
    ]);
    const openai = client(harness);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => openai.chat.completions.create({ model: 'm', messages })),
    );
    expect(
      results.every((result) => result.choices[0]?.message.content === 'Hello from the fake engine.'),
    ).toBe(true);
    expect(alive.requests).toHaveLength(10);
    await harness.waitForUsage(10);
    expect(new Set(harness.usage.map((record) => record.instanceId))).toEqual(new Set(['alive']));
    expect(harness.summaries.some((summary) => summary.attempts === 2)).toBe(true);
    expect(harness.logs.some((log) => log.message === 'upstream-connect-failed')).toBe(true);
  });

  it('retries a stream whose connection is refused before anything was sent', async () => {
    const alive = await engine();
    const dead = await closedPortUrl();
    const harness = await harnessFor(
      [routeOf('m', [upstreamAt(dead, 'dead'), upstreamAt(alive.baseUrl, 'alive')])],
      {
        random: { next: () => 0 },
      },
    );
    const stream = await client(harness).chat.completions.create({ model: 'm', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from the fake engine.');
    await harness.waitForSummaries(1);
    expect(harness.summaries[0]).toMatchObject({ attempts: 2, instanceId: 'alive' });
  });

  it('answers 502 upstream_unavailable when no upstream can be reached', async () => {
    const harness = await harnessFor([
      routeOf('m', [upstreamAt(await closedPortUrl(), 'x'), upstreamAt(await closedPortUrl(), 'y')]),
    ]);
    await expect(client(harness).chat.completions.create({ model: 'm', messages })).rejects.toMatchObject({
      status: 502,
      code: 'upstream_unavailable',
    });
    await harness.waitForSummaries(1);
    expect(harness.summaries[0]).toMatchObject({
      attempts: 2,
      status: 502,
      errorCode: 'upstream_unavailable',
    });
  });

  it('answers 504 when the upstream takes longer than the total timeout', async () => {
    const slow = await engine(1_000);
    const harness = await harnessFor([routeOf('m', [upstreamAt(slow.baseUrl, 's')])], {
      timeouts: { totalMs: 100 },
    });
    await expect(client(harness).chat.completions.create({ model: 'm', messages })).rejects.toMatchObject({
      status: 504,
      code: 'upstream_timeout',
    });
  });

  it('aborts in-flight upstream requests on close()', async () => {
    const slow = await engine(5_000);
    const harness = await startGatewayHarness([routeOf('m', [upstreamAt(slow.baseUrl, 's')])]);
    const closed = slow.nextEarlyClose();
    const pending = fetch(`${harness.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${VALID_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages }),
    });
    while (slow.active === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await harness.gateway.close();
    expect((await closed).wasClosedEarly).toBe(true);
    const response = await pending;
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('gateway_closing');
    await harness.close();
  });
});
