import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from './test-support/fake-upstream.js';
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

async function engine(behaviour: Parameters<typeof startFakeUpstream>[0] = {}): Promise<FakeUpstream> {
  const fake = await startFakeUpstream(behaviour);
  cleanups.push(() => fake.close());
  return fake;
}

async function harnessFor(...args: Parameters<typeof startGatewayHarness>): Promise<GatewayHarness> {
  const harness = await startGatewayHarness(...args);
  cleanups.push(() => harness.close());
  return harness;
}

const client = (harness: GatewayHarness) =>
  new OpenAI({ apiKey: VALID_KEY, baseURL: `${harness.baseUrl}/v1`, maxRetries: 0 });

function post(harness: GatewayHarness, model: string): Promise<Response> {
  return fetch(`${harness.baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${VALID_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages }),
  });
}

describe('gateway: resilience', () => {
  it('retries a 503 from one engine on another', async () => {
    const [failing, healthy] = [await engine({ errorStatus: 503 }), await engine()];
    const harness = await harnessFor(
      [routeOf('m', [upstreamAt(failing.baseUrl, 'failing'), upstreamAt(healthy.baseUrl, 'healthy')])],
      { random: { next: () => 0 } },
    );
    const answer = await client(harness).chat.completions.create({ model: 'm', messages });
    expect(answer.choices[0]?.message.content).toBe('Hello from the fake engine.');
    expect([failing.requests.length, healthy.requests.length]).toEqual([1, 1]);
    await harness.waitForSummaries(1);
    expect(harness.summaries[0]).toMatchObject({ attempts: 2, instanceId: 'healthy', status: 200 });
  });

  it('opens the circuit of a failing engine and probes it after the cool-down', async () => {
    const [failing, healthy] = [await engine({ errorStatus: 503 }), await engine()];
    const clock = { at: 0, now: () => clock.at };
    const harness = await harnessFor(
      [routeOf('m', [upstreamAt(failing.baseUrl, 'failing'), upstreamAt(healthy.baseUrl, 'healthy')])],
      { random: { next: () => 0 }, clock, circuitBreaker: { failureThreshold: 2, coolDownMs: 1_000 } },
    );
    for (let index = 0; index < 5; index++)
      await client(harness).chat.completions.create({ model: 'm', messages });
    expect(failing.requests.length).toBe(2);
    clock.at = 1_000;
    failing.behaviour.errorStatus = undefined;
    for (let index = 0; index < 4; index++)
      await client(harness).chat.completions.create({ model: 'm', messages });
    expect(failing.requests.length).toBeGreaterThanOrEqual(3);
  });

  it('falls back to another model when the first has no instance, and says so in a header', async () => {
    const backup = await engine();
    const harness = await harnessFor([
      { ...routeOf('big', []), fallbacks: ['missing', 'small'] },
      routeOf('small', [upstreamAt(backup.baseUrl, 'b')]),
    ]);
    const response = await post(harness, 'big');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-hangar-fallback-model')).toBe('small');
    expect(backup.requests[0]?.body.model).toBe('small');
    await harness.waitForSummaries(1);
    expect(harness.summaries[0]).toMatchObject({ model: 'big', routedModel: 'small', fallbackFrom: 'big' });
  });

  it('queues past the concurrency bound and answers 429 with Retry-After beyond the queue bound', async () => {
    const slow = await engine({ delayMs: 150 });
    const harness = await harnessFor(
      [{ ...routeOf('m', [upstreamAt(slow.baseUrl, 's')]), maxConcurrentPerUpstream: 1 }],
      {
        queue: { maxWaiting: 1, maxWaitMs: 5_000 },
      },
    );
    const responses = await Promise.all([post(harness, 'm'), post(harness, 'm'), post(harness, 'm')]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const refused = responses.find((response) => response.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(await refused?.json()).toMatchObject({
      error: { type: 'rate_limit_error', code: 'model_overloaded' },
    });
    expect(slow.requests.length).toBe(2);
  });

  it('retries once on the same (only) instance when it reset a reused keep-alive connection', async () => {
    // An engine that answers the first request of each connection and drops the connection on the second.
    const server: Server = createServer((request, response) => {
      const socket = request.socket as Socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) {
        socket.destroy();
        return;
      }
      request.resume();
      request.on('end', () => {
        const body = JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          created: 0,
          model: 'm',
          choices: [],
        });
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const harness = await harnessFor([routeOf('m', [upstreamAt(baseUrl, 'only')])]);
    expect((await post(harness, 'm')).status).toBe(200);
    expect((await post(harness, 'm')).status).toBe(200);
    await harness.waitForSummaries(2);
    expect(harness.summaries[1]).toMatchObject({ attempts: 2, status: 200 });
  });
});
