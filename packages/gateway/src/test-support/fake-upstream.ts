import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a fake engine answers; change it between requests through `behaviour`. */
export interface FakeBehaviour {
  /** Generated text, streamed in pieces of `pieceLength` characters. */
  content: string;
  pieceLength: number;
  /** Wait before answering (or before the first chunk when streaming). */
  delayMs: number;
  /** Wait between stream chunks. */
  chunkDelayMs: number;
  /** Destroy the socket after this many content chunks of a stream. */
  dieAfterChunks: number | undefined;
  /** Answer with this status and an OpenAI-format error instead. */
  errorStatus: number | undefined;
  promptTokens: number;
}

/** A request the fake engine received. */
export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The connection went away before the fake finished answering. */
  wasClosedEarly: boolean;
}

/** A small OpenAI-compatible engine on 127.0.0.1 for integration tests. */
export interface FakeUpstream {
  baseUrl: string;
  behaviour: FakeBehaviour;
  requests: RecordedRequest[];
  /** Requests being answered right now. */
  active: number;
  /** Resolves when a request's connection closes before the fake finished answering. */
  nextEarlyClose(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const DEFAULT_BEHAVIOUR: FakeBehaviour = {
  content: 'Hello from the fake engine.',
  pieceLength: 6,
  delayMs: 0,
  chunkDelayMs: 0,
  dieAfterChunks: undefined,
  errorStatus: undefined,
  promptTokens: 7,
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a fake engine on an ephemeral port. */
export async function startFakeUpstream(behaviour: Partial<FakeBehaviour> = {}): Promise<FakeUpstream> {
  const earlyCloseWaiters: ((request: RecordedRequest) => void)[] = [];
  const fake: FakeUpstream = {
    baseUrl: '',
    behaviour: { ...DEFAULT_BEHAVIOUR, ...behaviour },
    requests: [],
    active: 0,
    nextEarlyClose: () => new Promise((resolve) => earlyCloseWaiters.push(resolve)),
    close: () => closeServer(server),
  };
  const server = createServer((request, response) => {
    void serve(fake, request, response, (recorded) => {
      recorded.wasClosedEarly = true;
      for (const waiter of earlyCloseWaiters.splice(0)) waiter(recorded);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

async function serve(
  fake: FakeUpstream,
  request: IncomingMessage,
  response: ServerResponse,
  onEarlyClose: (recorded: RecordedRequest) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  const recorded: RecordedRequest = {
    path: request.url ?? '',
    headers: request.headers,
    body,
    wasClosedEarly: false,
  };
  fake.requests.push(recorded);
  fake.active++;
  response.on('close', () => {
    fake.active--;
    if (!response.writableFinished) onEarlyClose(recorded);
  });
  const behaviour = fake.behaviour;
  await sleep(behaviour.delayMs);
  if (response.destroyed) return;
  if (behaviour.errorStatus !== undefined) {
    const error = { message: 'Fake engine error.', type: 'server_error', param: null, code: 'fake_failure' };
    response.writeHead(behaviour.errorStatus, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error }));
    return;
  }
  if (recorded.path === '/v1/embeddings') return sendJson(response, embeddings(body, behaviour));
  const isChat = recorded.path === '/v1/chat/completions';
  if (body.stream === true) return streamCompletion(response, body, behaviour, isChat);
  return sendJson(response, completion(body, behaviour, isChat));
}

function usage(behaviour: FakeBehaviour): Record<string, number> {
  const completionTokens = Math.ceil(behaviour.content.length / behaviour.pieceLength);
  return {
    prompt_tokens: behaviour.promptTokens,
    completion_tokens: completionTokens,
    total_tokens: behaviour.promptTokens + completionTokens,
  };
}

function completion(body: Record<string, unknown>, behaviour: FakeBehaviour, isChat: boolean): unknown {
  const choice = isChat
    ? { index: 0, message: { role: 'assistant', content: behaviour.content }, finish_reason: 'stop' }
    : { index: 0, text: behaviour.content, finish_reason: 'stop' };
  const object = isChat ? 'chat.completion' : 'text_completion';
  return { id: 'fake-1', object, created: 1, model: body.model, choices: [choice], usage: usage(behaviour) };
}

function embeddings(body: Record<string, unknown>, behaviour: FakeBehaviour): unknown {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.25, -0.5, index] }));
  const tokens = { prompt_tokens: behaviour.promptTokens, total_tokens: behaviour.promptTokens };
  return { object: 'list', model: body.model, data, usage: tokens };
}

function sendJson(response: ServerResponse, value: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}

async function streamCompletion(
  response: ServerResponse,
  body: Record<string, unknown>,
  behaviour: FakeBehaviour,
  isChat: boolean,
): Promise<void> {
  const object = isChat ? 'chat.completion.chunk' : 'text_completion';
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ id: 'fake-1', object, created: 1, model: body.model, choices, ...extra })}\n\n`;
  const piece = (text: string, finishReason: string | null): unknown =>
    isChat
      ? { index: 0, delta: text.length > 0 ? { content: text } : {}, finish_reason: finishReason }
      : { index: 0, text, finish_reason: finishReason };
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  if (isChat) response.write(chunk([{ index: 0, delta: { role: 'assistant' }, finish_reason: null }]));
  let sent = 0;
  for (let at = 0; at < behaviour.content.length; at += behaviour.pieceLength) {
    if (behaviour.dieAfterChunks !== undefined && sent >= behaviour.dieAfterChunks) {
      await sleep(20); // Let the chunks already written leave before the socket dies.
      response.socket?.destroy();
      return;
    }
    await sleep(behaviour.chunkDelayMs);
    if (response.destroyed) return;
    response.write(chunk([piece(behaviour.content.slice(at, at + behaviour.pieceLength), null)]));
    sent++;
  }
  response.write(chunk([piece('', 'stop')]));
  const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
  if (streamOptions?.include_usage === true) response.write(chunk([], { usage: usage(behaviour) }));
  response.end('data: [DONE]\n\n');
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A base URL nothing listens on: connections to it are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await closeServer(server);
  return `http://127.0.0.1:${port}`;
}
