import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../main.js';

/** What a fake route answers: JSON `body`, or raw `text` with its content type. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  text?: string;
  contentType?: string;
}

/** Routes keyed by `METHOD /path` (without the query string). */
export type FakeRoutes = Record<string, (body: unknown) => FakeAnswer>;

export interface RecordedRequest {
  method: string;
  /** Path with the query string. */
  url: string;
  body: unknown;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fake admin API on 127.0.0.1 and a way to run `hangar` against it (integration tests only). */
export interface FakeAdminApi {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Runs `hangar --server <fake> --token t --home <temp> ...argv`. */
  run(argv: readonly string[], stdinText?: string): Promise<CliRun>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text ? JSON.parse(text) : undefined;
}

/** Starts the fake; unknown routes answer 404 in the admin error envelope. */
export async function startFakeAdminApi(routes: FakeRoutes): Promise<FakeAdminApi> {
  const requests: RecordedRequest[] = [];
  const home = await mkdtemp(join(tmpdir(), 'hangar-cli-fake-'));
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const url = request.url ?? '';
      requests.push({ method: request.method ?? '', url, body });
      const route = `${request.method} ${url.split('?')[0]}`;
      const answer = routes[route]?.(body) ?? {
        status: 404,
        body: { error: { code: 'route_not_found', message: `No route ${route}`, requestId: 'r' } },
      };
      const isText = answer.text !== undefined;
      response
        .writeHead(answer.status ?? 200, {
          'content-type': answer.contentType ?? (isText ? 'text/plain' : 'application/json'),
        })
        .end(isText ? answer.text : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    async run(argv, stdinText = '') {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await main(['--server', baseUrl, '--token', 't', '--home', home, ...argv], {
        stdin: Readable.from([stdinText]),
        stdout,
        stderr,
        env: {},
        sleep: () => Promise.resolve(),
      });
      return { code, stdout: out, stderr: err };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await rm(home, { recursive: true, force: true });
    },
  };
}
