import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundError } from '@hangar/core';
import { parseBody, readJsonBody, sendJson, toOpenAIError } from './index.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server answering what `handle` returns (or its error, in OpenAI format). */
async function serve(handle: (request: IncomingMessage, response: ServerResponse) => Promise<unknown>) {
  const server = createServer((request, response) => {
    handle(request, response).then(
      (body) => sendJson(response, 200, body),
      (error: unknown) => {
        const { status, body } = toOpenAIError(error, 'Test engine error');
        sendJson(response, status, body);
      },
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('engine HTTP helpers', () => {
  it('reads JSON, and answers 400 for malformed JSON and 413 past the size limit', async () => {
    const url = await serve((request) => readJsonBody(request, 64));
    const post = (body: string) => fetch(url, { method: 'POST', body });
    expect(await (await post('{"a":1}')).json()).toEqual({ a: 1 });
    const bad = await post('{"a":');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_json', type: 'invalid_request_error' },
    });
    const big = await post(JSON.stringify({ a: 'x'.repeat(100) }));
    expect(big.status).toBe(413);
  });

  it('names the offending field of an invalid body', () => {
    const schema = z.object({ model: z.string(), max_tokens: z.number().int().positive().optional() });
    expect(() => parseBody(schema, { model: 'm', max_tokens: -1 })).toThrow(/'max_tokens'/);
    expect(parseBody(schema, { model: 'm' })).toEqual({ model: 'm' });
  });

  it('turns Hangar errors into their status and anything else into a labelled 500', () => {
    expect(toOpenAIError(new NotFoundError('No such model', 'model_not_found'))).toMatchObject({
      status: 404,
      body: { error: { code: 'model_not_found', message: 'No such model' } },
    });
    expect(toOpenAIError(new Error('boom'), 'Simulator error')).toMatchObject({
      status: 500,
      body: { error: { code: 'internal_error', message: 'Simulator error: boom' } },
    });
  });
});
