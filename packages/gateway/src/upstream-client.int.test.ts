import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Cancellation } from './cancellation.js';
import { UpstreamClient, type UpstreamRequest } from './upstream-client.js';

const servers: Server[] = [];
const clients: UpstreamClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** A local HTTP server answering with `answer`; counts the TCP connections it accepted. */
async function serve(answer: (response: ServerResponse, body: string) => void) {
  const seen = { connections: 0, bodies: [] as string[], requestIds: [] as string[] };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.bodies.push(body);
      seen.requestIds.push(String(request.headers['x-request-id']));
      answer(response, body);
    });
  });
  server.on('connection', () => seen.connections++);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  servers.push(server);
  return { seen, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function client(timeouts: Partial<{ connectMs: number; firstByteMs: number }> = {}, keepAliveMs = 4_000) {
  const instance = new UpstreamClient(
    { connectMs: 1_000, firstByteMs: 5_000, totalMs: 10_000, ...timeouts },
    keepAliveMs,
    () => Date.now(),
  );
  clients.push(instance);
  return instance;
}

function request(baseUrl: string, body = '{"n":1}', cancellation = new Cancellation()): UpstreamRequest {
  return {
    upstream: { instanceId: 'i', deploymentId: 'd', baseUrl, needsReasoningSplit: false },
    path: '/v1/chat/completions',
    body: Buffer.from(body),
    requestIdHeader: 'x-request-id',
    requestId: 'req-1',
    cancellation,
  };
}

describe('UpstreamClient (HTTP/1.1 over keep-alive sockets)', () => {
  it('sends the body and request id, reads the answer, and reuses one connection', async () => {
    const { seen, baseUrl } = await serve((response, body) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"echo":${body}}`);
    });
    const upstream = client();
    for (let index = 0; index < 3; index++) {
      const answer = await upstream.send(request(baseUrl, `{"n":${index}}`));
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('application/json');
      expect((await answer.body.readAll()).toString()).toBe(`{"echo":{"n":${index}}}`);
    }
    expect(seen.bodies).toEqual(['{"n":0}', '{"n":1}', '{"n":2}']);
    expect(seen.requestIds).toEqual(['req-1', 'req-1', 'req-1']);
    expect(seen.connections).toBe(1);
  });

  it('streams a chunked answer piece by piece', async () => {
    const { baseUrl } = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      setTimeout(() => response.end('data: [DONE]\n\n'), 20);
    });
    const answer = await client().send(request(baseUrl));
    const pieces: string[] = [];
    for (let piece = await answer.body.next(); piece !== null; piece = await answer.body.next())
      pieces.push(piece.toString());
    expect(pieces).toEqual(['data: 1\n\n', 'data: [DONE]\n\n']);
    expect(answer.body.firstChunkAt).not.toBeNull();
  });

  it('opens a new connection after an answer with Connection: close, and after the keep-alive time', async () => {
    const { seen, baseUrl } = await serve((response) => {
      response.writeHead(200, { connection: 'close', 'content-length': '2' });
      response.end('ok');
    });
    const upstream = client({}, 50);
    await (await upstream.send(request(baseUrl))).body.readAll();
    await (await upstream.send(request(baseUrl))).body.readAll();
    expect(seen.connections).toBe(2);

    const kept = await serve((response) => response.end('ok'));
    await (await upstream.send(request(kept.baseUrl))).body.readAll();
    await new Promise((done) => setTimeout(done, 150));
    expect(upstream.openConnections).toBe(0);
    await (await upstream.send(request(kept.baseUrl))).body.readAll();
    expect(kept.seen.connections).toBe(2);
  });

  it('fails with the codes the gateway classifies: refused, cut mid-body, no answer in time', async () => {
    const refused = await serve(() => undefined);
    const port = new URL(refused.baseUrl).port;
    servers.pop()!.close();
    await expect(client().send(request(`http://127.0.0.1:${port}`))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });

    const cut = await serve((response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const answer = await client().send(request(cut.baseUrl));
    await expect(answer.body.readAll()).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });

    const silent = await serve(() => undefined);
    await expect(client({ firstByteMs: 100 }).send(request(silent.baseUrl))).rejects.toMatchObject({
      code: 'UND_ERR_HEADERS_TIMEOUT',
    });
  });

  it('reads a JSON answer larger than the pause threshold whole (a buffered body is never paused)', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(300_000) });
    const { baseUrl } = await serve((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      // Written in pieces, so that the client sees many chunks before the end.
      for (let at = 0; at < big.length; at += 16_384) response.write(big.slice(at, at + 16_384));
      response.end();
    });
    const answer = await client({ firstByteMs: 2_000 }).send(request(baseUrl));
    expect((await answer.body.readAll()).toString()).toBe(big);
  });

  it('times out an engine that goes silent mid-answer, and one that stalls a stream', async () => {
    const stalled = await serve((response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
    });
    const answer = await client({ firstByteMs: 100 }).send(request(stalled.baseUrl));
    await expect(answer.body.readAll()).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });

    const stream = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // Chunks within the timeout keep the stream alive; then it stalls.
      let sent = 0;
      const timer = setInterval(() => {
        response.write(`data: ${sent}\n\n`);
        if (++sent === 4) clearInterval(timer);
      }, 60);
    });
    const streamed = await client({ firstByteMs: 150 }).send(request(stream.baseUrl));
    let text = '';
    await expect(
      (async () => {
        for (let chunk = await streamed.body.next(); chunk !== null; chunk = await streamed.body.next()) {
          text += chunk.toString();
        }
      })(),
    ).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
    expect(text).toBe('data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\n');
  });

  it('closes the connection when the request is cancelled, so the engine sees the client go', async () => {
    let closed = false;
    const { baseUrl } = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      response.on('close', () => (closed = true));
    });
    const cancellation = new Cancellation();
    const answer = await client().send(request(baseUrl, '{}', cancellation));
    expect((await answer.body.next())?.toString()).toBe('data: 1\n\n');
    cancellation.abort();
    await expect(answer.body.next()).rejects.toThrow();
    await new Promise((done) => setTimeout(done, 50));
    expect(closed).toBe(true);
  });
});
