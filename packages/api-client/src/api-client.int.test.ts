import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import { ApiError } from './api-error.js';

let server: Server;
let baseUrl: string;
let serverSawClose = false;

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text ? JSON.parse(text) : undefined;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (request.headers.authorization !== 'Bearer secret') {
    send(401, { error: { code: 'unauthenticated', message: 'Log in first.', requestId: 'req-1' } });
    return;
  }
  if (request.url === '/api/models' && request.method === 'POST') {
    send(201, { name: 'stories', echo: await readJson(request) });
  } else if (request.url === '/api/models/stories' && request.method === 'DELETE') {
    response.writeHead(204).end();
  } else if (request.url === '/v1/chat/completions') {
    const body = (await readJson(request)) as { model: string };
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const words = ['Once', ' upon', ' a', ' time'];
    for (const word of words) {
      const chunk = {
        id: 'c',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'm',
        choices: [{ index: 0, delta: { content: word }, finish_reason: null }],
      };
      const line = `data: ${JSON.stringify(chunk)}\n\n`;
      // Split each event across two writes so the client has to reassemble lines.
      response.write(line.slice(0, 7));
      await new Promise((resolve) => setTimeout(resolve, 5));
      response.write(line.slice(7));
      if (body.model === 'slow') {
        // Never finishes: the client has to abort, and the server should see the connection close.
        response.on('close', () => (serverSawClose = true));
        return;
      }
    }
    response.end('data: [DONE]\n\n');
  } else {
    send(404, { error: { code: 'not_found', message: `No route ${request.url}`, requestId: 'req-2' } });
  }
}

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('api client over real HTTP', () => {
  it('posts JSON and reads 201 and 204 answers', async () => {
    const client = createApiClient({ baseUrl, token: 'secret' });
    expect(await client.addModel({ path: '/m/stories.gguf' })).toEqual({
      name: 'stories',
      echo: { path: '/m/stories.gguf' },
    });
    await expect(client.deleteModel('stories')).resolves.toBeUndefined();
  });

  it('throws the server error envelope as an ApiError', async () => {
    const error: unknown = await createApiClient({ baseUrl })
      .listModels()
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      message: 'Log in first.',
      requestId: 'req-1',
    });
  });

  it('streams chat chunks written in pieces', async () => {
    const client = createApiClient({ baseUrl, token: 'secret' });
    let text = '';
    for await (const chunk of client.streamChat({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('Once upon a time');
  });

  it('aborts a stream through its signal and closes the connection', async () => {
    const client = createApiClient({ baseUrl, token: 'secret' });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const chunk of client.streamChat(
        { model: 'slow', messages: [{ role: 'user', content: 'hi' }] },
        controller.signal,
      )) {
        seen.push(chunk.choices[0]?.delta.content ?? '');
        controller.abort();
      }
    };
    const error: unknown = await run().catch((reason: unknown) => reason);
    expect(seen).toEqual(['Once']);
    expect(error).toMatchObject({ name: 'AbortError' });
    await expect.poll(() => serverSawClose).toBe(true);
  });

  it('reports an unreachable server with a hint', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const error: unknown = await createApiClient({ baseUrl: url })
      .health()
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({
      code: 'server_unreachable',
      message: `Cannot reach the Hangar server at ${url} — is \`hangar serve\` running?`,
    });
  });
});
