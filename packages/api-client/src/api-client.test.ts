import type { ChatCompletionChunk } from '@hangar/contracts';
import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import { ApiError } from './api-error.js';
import type { FetchFunction } from './http-transport.js';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (call: Call) => Response | Promise<Response>): {
  fetch: FetchFunction;
  calls: Call[];
} {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      const call = { url, init };
      calls.push(call);
      return respond(call);
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function sse(...parts: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const chunk = (delta: ChatCompletionChunk['choices'][number]['delta']): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('createApiClient', () => {
  it('sends the bearer token and JSON body, unwraps lists', async () => {
    const { fetch, calls } = fakeFetch(({ url }) =>
      url.endsWith('/api/keys') && calls.length === 1
        ? json(201, { id: 'k1', key: 'hk-x' })
        : json(200, { data: [{ id: 'k1' }] }),
    );
    const client = createApiClient({ baseUrl: 'http://h:1/', token: 'tok', fetch });
    expect(await client.createKey({ name: 'dev' })).toEqual({ id: 'k1', key: 'hk-x' });
    expect(await client.listKeys()).toEqual([{ id: 'k1' }]);
    expect(calls[0]!.url).toBe('http://h:1/api/keys');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.body).toBe('{"name":"dev"}');
    expect(calls[0]!.init.headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'application/json',
    });
  });

  it('encodes path segments and query parameters', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { data: [] }));
    const client = createApiClient({ baseUrl: 'http://h:1', fetch });
    await client.listEvents({ deployment: 'a b', limit: 5 });
    await client.listEvents();
    await client.getModel('qwen/7b:q4');
    expect(calls.map((call) => call.url)).toEqual([
      'http://h:1/api/events?deployment=a+b&limit=5',
      'http://h:1/api/events',
      'http://h:1/api/models/qwen%2F7b%3Aq4',
    ]);
    expect(calls[0]!.init.headers).not.toHaveProperty('authorization');
  });

  it('returns undefined for 204 answers', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 204 }));
    await expect(createApiClient({ baseUrl: 'http://h:1', fetch }).deleteModel('m')).resolves.toBeUndefined();
  });

  it('parses the admin error envelope', async () => {
    const { fetch } = fakeFetch(() =>
      json(404, {
        error: { code: 'model_not_found', message: 'No model "x".', details: { name: 'x' }, requestId: 'r1' },
      }),
    );
    const error = await caught(createApiClient({ baseUrl: 'http://h:1', fetch }).getModel('x'));
    expect(error).toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: 'No model "x".',
      requestId: 'r1',
    });
    expect(error.details).toEqual({ name: 'x' });
  });

  it('parses the OpenAI error envelope and takes the request id from the header', async () => {
    const { fetch } = fakeFetch(() =>
      json(
        401,
        { error: { message: 'Bad key', type: 'authentication_error', param: null, code: null } },
        { 'x-request-id': 'r2' },
      ),
    );
    const error = await caught(createApiClient({ baseUrl: 'http://h:1', fetch }).listGatewayModels());
    expect(error).toMatchObject({
      status: 401,
      code: 'authentication_error',
      message: 'Bad key',
      requestId: 'r2',
    });
  });

  it('turns a non-JSON error into http_<status> with the text', async () => {
    const { fetch } = fakeFetch(() => new Response('Bad Gateway', { status: 502 }));
    const error = await caught(createApiClient({ baseUrl: 'http://h:1', fetch }).listModels());
    expect(error).toMatchObject({
      status: 502,
      code: 'http_502',
      message: 'The server answered HTTP 502: Bad Gateway',
    });
  });

  it('says how to fix an unreachable server', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const error = await caught(createApiClient({ baseUrl: 'http://127.0.0.1:8080', fetch }).health());
    expect(error.status).toBe(0);
    expect(error.code).toBe('server_unreachable');
    expect(error.message).toBe(
      'Cannot reach the Hangar server at http://127.0.0.1:8080 — is `hangar serve` running?',
    );
  });
});

describe('streamChat', () => {
  const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

  it('yields chunks until [DONE] and forces stream: true', async () => {
    const { fetch, calls } = fakeFetch(() =>
      sse(
        chunk({ role: 'assistant', reasoning_content: 'hm' }),
        chunk({ content: 'Hel' }).slice(0, 20),
        chunk({ content: 'Hel' }).slice(20),
        chunk({ content: 'lo' }),
        'data: [DONE]\n\n',
      ),
    );
    const deltas = [];
    for await (const item of createApiClient({ baseUrl: 'http://h:1', fetch }).streamChat(request)) {
      deltas.push(item.choices[0]!.delta);
    }
    expect(deltas).toEqual([
      { role: 'assistant', reasoning_content: 'hm' },
      { content: 'Hel' },
      { content: 'lo' },
    ]);
    expect(JSON.parse(calls[0]!.init.body as string)).toMatchObject({ model: 'm', stream: true });
  });

  it('throws the error event sent mid-stream', async () => {
    const { fetch } = fakeFetch(() =>
      sse(
        chunk({ content: 'a' }),
        'data: {"error":{"message":"Instance crashed","type":"server_error","param":null,"code":"upstream_failed"}}\n\n',
      ),
    );
    const seen: string[] = [];
    const run = async () => {
      for await (const item of createApiClient({ baseUrl: 'http://h:1', fetch }).streamChat(request)) {
        seen.push(item.choices[0]!.delta.content ?? '');
      }
    };
    const error = await caught(run());
    expect(seen).toEqual(['a']);
    expect(error).toMatchObject({ status: 502, code: 'upstream_failed', message: 'Instance crashed' });
  });

  it('throws when the stream ends without [DONE]', async () => {
    const { fetch } = fakeFetch(() => sse(chunk({ content: 'a' })));
    const run = async () => {
      for await (const _ of createApiClient({ baseUrl: 'http://h:1', fetch }).streamChat(request));
    };
    expect((await caught(run())).code).toBe('stream_incomplete');
  });

  it('throws the error envelope of a refused request', async () => {
    const { fetch } = fakeFetch(() =>
      json(404, {
        error: { message: 'No model m', type: 'not_found_error', param: 'model', code: 'model_not_found' },
      }),
    );
    const run = async () => {
      for await (const _ of createApiClient({ baseUrl: 'http://h:1', fetch }).streamChat(request));
    };
    expect(await caught(run())).toMatchObject({ status: 404, code: 'model_not_found' });
  });
});

describe('createEmbeddings', () => {
  it('posts embeddings to the gateway', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { object: 'list', data: [] }));
    const client = createApiClient({ baseUrl: 'http://h:1', fetch });
    expect(await client.createEmbeddings({ model: 'bge', input: 'hi' })).toEqual({
      object: 'list',
      data: [],
    });
    expect(calls.map((call) => [call.init.method, call.url, call.init.body])).toEqual([
      ['POST', 'http://h:1/v1/embeddings', '{"model":"bge","input":"hi"}'],
    ]);
  });
});
