import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@hangar/core';
import { createLimiter } from './limits/limiter.js';
import { createLimitsAdmission } from './limits/admission.js';
import { startFakeUpstream, type FakeUpstream } from './test-support/fake-upstream.js';
import {
  routeOf,
  startGatewayHarness,
  upstreamAt,
  VALID_KEY,
  type GatewayHarness,
} from './test-support/gateway-harness.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const principals: Record<string, Principal> = {
  'hk-limited': {
    userId: 'u1',
    username: 'ada',
    keyId: 'k1',
    keyName: 'dev',
    limits: { key: { requestsPerMinute: 2 } },
  },
  'hk-narrow': { userId: 'u2', username: 'bob', keyId: 'k2', allowedModels: ['small'] },
  'session-cookie-value': { userId: 'u3', username: 'eve', keyId: null },
};

let engine: FakeUpstream;
let harness: GatewayHarness;

beforeAll(async () => {
  engine = await startFakeUpstream();
  const clock = { now: () => Date.UTC(2026, 0, 1) };
  harness = await startGatewayHarness(
    [
      routeOf('deepseek-r1', [upstreamAt(engine.baseUrl, 'i-1')]),
      { ...routeOf('small', [upstreamAt(engine.baseUrl, 'i-2')]), aliases: ['tiny'] },
    ],
    {
      authenticator: { authenticate: (token) => principals[token] },
      admission: createLimitsAdmission(createLimiter({ clock })),
    },
  );
});

afterAll(async () => {
  await harness.close();
  await engine.close();
});

const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${harness.baseUrl}/v1`, maxRetries: 0 });

describe('gateway: governance', () => {
  it('answers 429 in OpenAI format with Retry-After past the key rate limit', async () => {
    const openai = client('hk-limited');
    await openai.chat.completions.create({ model: 'deepseek-r1', messages });
    await openai.chat.completions.create({ model: 'deepseek-r1', messages });
    const response = await fetch(`${harness.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer hk-limited', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'deepseek-r1', messages }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toEqual({
      error: {
        message: 'Rate limit reached for key dev: 2 requests per minute; retry in 30 s.',
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    expect(engine.requests.length).toBe(2);
  });

  it('hides models a key may not call and answers 404 for them', async () => {
    const openai = client('hk-narrow');
    expect((await openai.models.list()).data.map((model) => model.id)).toEqual(['small', 'tiny']);
    await expect(openai.chat.completions.create({ model: 'deepseek-r1', messages })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
    const answer = await openai.chat.completions.create({ model: 'tiny', messages });
    expect(answer.choices[0]?.message.content).toBe('Hello from the fake engine.');
  });

  it("rewrites an alias to the deployment's model name before forwarding, and keeps the rest", async () => {
    const before = engine.requests.length;
    await client('hk-narrow').chat.completions.create({ model: 'tiny', messages, max_tokens: 5, user: 'u' });
    expect(engine.requests[before]?.body).toEqual({ model: 'small', messages, max_tokens: 5, user: 'u' });
    await client('hk-narrow').chat.completions.create({ model: 'small', messages });
    expect(engine.requests[before + 1]?.body).toEqual({ model: 'small', messages });
  });

  it('accepts the console session cookie when there is no Authorization header', async () => {
    const response = await fetch(`${harness.baseUrl}/v1/models`, {
      headers: { cookie: 'theme=dark; hangar_session=session-cookie-value' },
    });
    expect(response.status).toBe(200);
    const refused = await fetch(`${harness.baseUrl}/v1/models`, {
      headers: { cookie: 'hangar_session=nope' },
    });
    expect(refused.status).toBe(401);
  });

  it('writes one access log line per request, and forwards the request id to the engine', async () => {
    const before = engine.requests.length;
    await fetch(`${harness.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { cookie: 'hangar_session=session-cookie-value', 'x-request-id': 'req-abc' },
      body: JSON.stringify({ model: 'small', messages }),
    });
    expect(engine.requests[before]?.headers['x-request-id']).toBe('req-abc');
    const lines = harness.logs.filter(
      (log) => log.message === 'request-finished' && log.data.requestId === 'req-abc',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]?.data).toMatchObject({ model: 'small', status: 200, instanceId: 'i-2', promptTokens: 7 });
  });
});

describe('gateway: access lines written by the gateway itself', () => {
  it("hands one ready-made JSON line per request to the writer, in pino's layout, escaping client strings", async () => {
    const lines: string[] = [];
    const direct = await startGatewayHarness([routeOf('small', [upstreamAt(engine.baseUrl, 'i-2')])], {
      accessLog: (line) => lines.push(line),
    });
    try {
      await fetch(`${direct.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${VALID_KEY}`, 'x-request-id': 'req-"quoted"' },
        body: JSON.stringify({ model: 'small', messages }),
      });
      await fetch(`${direct.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${VALID_KEY}` },
        body: JSON.stringify({ model: 'no-such-model\n', messages }),
      });
      expect(lines).toHaveLength(2);
      expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
      const [served, refused] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(served).toMatchObject({
        level: 30,
        scope: 'gateway',
        msg: 'request-finished',
        requestId: 'req-"quoted"',
        model: 'small',
        status: 200,
        instanceId: 'i-2',
        promptTokens: 7,
        userId: 'user-1',
        keyId: 'key-1',
      });
      expect(typeof served?.time).toBe('number');
      expect(refused).toMatchObject({ model: 'no-such-model\n', status: 404, instanceId: null });
      // Nothing went through the logger as well.
      expect(direct.logs.filter((log) => log.message === 'request-finished')).toEqual([]);
    } finally {
      await direct.close();
    }
  });
});

describe('gateway: credential cache', () => {
  it('trusts an accepted key for the TTL, and refuses it once the server invalidates credentials', async () => {
    const keys = new Map<string, Principal>([['hk-cached', { userId: 'u9', username: 'cy', keyId: 'k9' }]]);
    let lookups = 0;
    const cached = await startGatewayHarness([routeOf('small', [upstreamAt(engine.baseUrl, 'i-2')])], {
      authenticator: {
        authenticate(token) {
          lookups++;
          return keys.get(token);
        },
      },
      credentialCacheTtlMs: 60_000,
    });
    try {
      const list = (): Promise<Response> =>
        fetch(`${cached.baseUrl}/v1/models`, { headers: { authorization: 'Bearer hk-cached' } });
      expect((await list()).status).toBe(200);
      expect((await list()).status).toBe(200);
      expect(lookups).toBe(1);
      keys.delete('hk-cached');
      cached.gateway.invalidateCredentials();
      expect((await list()).status).toBe(401);
    } finally {
      await cached.close();
    }
  });
});
