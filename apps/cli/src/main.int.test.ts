import type { CreatedApiKey, InstanceView, ModelView } from '@hangar/contracts';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from './main.js';

const token = 'session-token';
const model: ModelView = {
  id: 'm1',
  name: 'stories260K',
  source: 'local',
  format: 'gguf',
  path: '/models/stories260K.gguf',
  sizeBytes: 1_185_376,
  architecture: 'llama',
  contextTokens: 512,
  parameterCount: 292_352,
  quantization: 'F32',
  embeddingLength: 64,
  hasChatTemplate: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};
const instance = (id: string, state: string, lastError: string | null): InstanceView => ({
  id,
  deploymentId: 'd1',
  deployment: 'stories',
  ordinal: Number(id.slice(-1)),
  state,
  port: state === 'ready' ? 39000 : null,
  pid: state === 'ready' ? 4242 : null,
  restarts: state === 'failed' ? 3 : 0,
  startedAt: null,
  readyAt: null,
  uptimeSeconds: state === 'ready' ? 192 : null,
  lastError,
});

const deployment = (name: string, instances: InstanceView[]) => ({
  id: 'd1',
  name,
  model: 'stories260K',
  modelId: 'm1',
  engine: 'llama-cpp',
  replicas: 1,
  readyReplicas: instances.filter((entry) => entry.state === 'ready').length,
  state: 'running',
  options: {},
  instances: instances.map((entry) => ({ ...entry, deployment: name })),
  createdAt: '2025-01-01T00:00:00Z',
});

let server: Server;
let deploymentPolls = 0;
let baseUrl: string;
let home: string;
const requests: { method: string; url: string; body: unknown }[] = [];

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text ? JSON.parse(text) : undefined;
}

function chatChunk(delta: Record<string, string>): string {
  const chunk = {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'stories',
    choices: [{ index: 0, delta, finish_reason: null }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const route = `${request.method} ${request.url}`;
  requests.push({ method: request.method ?? '', url: request.url ?? '', body });
  const send = (status: number, payload: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
  };
  if (route === 'POST /api/auth/login') {
    const { password } = body as { password: string };
    if (password !== 'secret-pw')
      return send(401, {
        error: { code: 'invalid_credentials', message: 'Wrong user name or password.', requestId: 'r0' },
      });
    return send(200, {
      token,
      user: { id: 'u1', username: 'admin', role: 'admin', mustChangePassword: false },
      expiresAt: '2030-01-01T00:00:00Z',
    });
  }
  if (request.headers.authorization !== `Bearer ${token}`) {
    return send(401, {
      error: { code: 'unauthenticated', message: 'Missing or invalid session.', requestId: 'r1' },
    });
  }
  switch (route) {
    case 'GET /api/auth/me':
      return send(200, { id: 'u1', username: 'admin', role: 'admin', mustChangePassword: false });
    case 'POST /api/models':
      return send(201, { ...model, path: (body as { path: string }).path });
    case 'GET /api/instances':
      return send(200, {
        data: [
          instance('stories-0', 'ready', null),
          instance('other-1', 'failed', 'exit code 1: out of memory'),
        ],
      });
    case 'POST /api/keys': {
      const key: CreatedApiKey = {
        id: 'k1',
        name: 'dev',
        prefix: 'hk-abcd',
        userId: 'u1',
        createdAt: '2025-01-01T00:00:00Z',
        revokedAt: null,
        lastUsedAt: null,
        key: 'hk-abcd1234secret',
      };
      return send(201, key);
    }
    case 'POST /api/deployments': {
      const { name } = body as { name: string };
      deploymentPolls = 0;
      return send(201, deployment(name, [instance(`${name}-0`, 'pending', null)]));
    }
    case 'GET /api/deployments/stories':
      deploymentPolls += 1;
      return send(
        200,
        deployment('stories', [instance('stories-0', deploymentPolls < 2 ? 'starting' : 'ready', null)]),
      );
    case 'GET /api/deployments/broken':
      return send(200, deployment('broken', [instance('broken-0', 'failed', 'model file is not a GGUF')]));
    case 'DELETE /api/models/missing':
      return send(404, {
        error: {
          code: 'model_not_found',
          message: "No model 'missing'. See `hangar model ls`.",
          requestId: 'r2',
        },
      });
    case 'POST /v1/chat/completions': {
      const { messages } = body as { messages: unknown[] };
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', reasoning_content: 'Thinking' }));
      response.write(chatChunk({ reasoning_content: ' hard.' }).slice(0, 10));
      response.write(chatChunk({ reasoning_content: ' hard.' }).slice(10));
      response.write(chatChunk({ content: '\n\n' }));
      response.write(chatChunk({ content: `Answer to ${messages.length} messages` }));
      return void response.end('data: [DONE]\n\n');
    }
    default:
      return send(404, { error: { code: 'route_not_found', message: `No route ${route}`, requestId: 'r3' } });
  }
}

async function run(argv: string[], stdinText = '', withServer = true) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const server = withServer ? ['--server', baseUrl] : [];
  const code = await main([...server, '--home', home, ...argv], {
    stdin: Readable.from([stdinText]),
    stdout,
    stderr,
    env: {},
    sleep: () => Promise.resolve(),
  });
  return { code, stdout: out, stderr: err };
}

beforeAll(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'hangar-cli-'));
  requests.length = 0;
  return () => rm(home, { recursive: true, force: true });
});

describe('hangar CLI against a fake admin API', () => {
  it('uses the local admin token when nothing else is configured', async () => {
    await writeFile(join(home, 'admin.token'), `${token}\n`, { mode: 0o600 });
    const result = await run(['whoami']);
    expect(result).toEqual({
      code: 0,
      stdout: `admin (admin) on ${baseUrl}, via the local admin token\n`,
      stderr: '',
    });
  });

  it('fails with a hint when there is no token', async () => {
    const result = await run(['ps']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: Missing or invalid session.\nhint: log in with `hangar login`, or pass --token (HANGAR_TOKEN)\n',
    );
  });

  it('logs in with --password-stdin, saves credentials 0600, then uses them', async () => {
    const login = await run(['login', '--password-stdin'], 'secret-pw\n');
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`Logged in to ${baseUrl} as admin (admin)`);
    const path = join(home, 'credentials.json');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ server: baseUrl, token });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    // No --server: the server comes from the credentials too.
    expect((await run(['whoami'], '', false)).stdout).toBe(`admin (admin) on ${baseUrl}, via hangar login\n`);
  });

  it('reports a wrong password as an error without a stack trace', async () => {
    expect(await run(['login', '--password-stdin'], 'nope\n')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Wrong user name or password.\n',
    });
  });

  it('model add prints the metadata and sends an absolute path', async () => {
    const result = await run(['--token', token, 'model', 'add', 'models/stories260K.gguf']);
    expect(result.code).toBe(0);
    expect(requests[0]?.body).toEqual({ path: join(process.cwd(), 'models/stories260K.gguf') });
    expect(result.stdout).toBe(
      [
        'Added model stories260K',
        '  architecture   llama',
        '  context        512 tokens',
        '  parameters     292K',
        '  quantization   F32',
        '  size           1.1 MiB',
        '  chat template  no',
        `  path           ${join(process.cwd(), 'models/stories260K.gguf')}`,
        '',
      ].join('\n'),
    );
  });

  it('ps prints the instance table with the last error of failed instances', async () => {
    const result = await run(['--token', token, 'ps']);
    expect(result.stdout).toBe(
      [
        'ID         DEPLOYMENT  STATE   PORT   PID   RESTARTS  UPTIME',
        'stories-0  stories     ready   39000  4242  0         3m12s',
        'other-1    stories     failed  -      -     3         -',
        '',
        'Last errors:',
        '  other-1: exit code 1: out of memory',
        '',
      ].join('\n'),
    );
  });

  it('ps --json prints the views', async () => {
    const result = await run(['--token', token, '--json', 'ps']);
    expect((JSON.parse(result.stdout) as InstanceView[]).map((entry) => entry.id)).toEqual([
      'stories-0',
      'other-1',
    ]);
  });

  it('key create prints the key once with a warning', async () => {
    const result = await run(['--token', token, 'key', 'create', '--name', 'dev']);
    expect(requests[0]?.body).toEqual({ name: 'dev' });
    expect(result.stdout).toBe(
      'Created API key dev (k1)\n\n  hk-abcd1234secret\n\nCopy it now: it will not be shown again.\n',
    );
  });

  it('prints API errors as `error: <message>` with exit 1, usage errors with exit 2', async () => {
    expect(await run(['--token', token, 'model', 'rm', 'missing'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: No model 'missing'. See `hangar model ls`.\n",
    });
    const usage = await run(['--token', token, 'scale', 'stories', 'many']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: command-argument value 'many' is invalid for argument 'replicas'");
    expect((await run(['key', 'create'])).code).toBe(2);
  });

  it('says how to fix an unreachable server', async () => {
    const result = await run(['--server', 'http://127.0.0.1:9', 'ps'], '', false);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Cannot reach the Hangar server at http://127.0.0.1:9 — is `hangar serve` running?\n',
    });
  });

  it('deploy --wait sends the options and polls until ready, showing states', async () => {
    const argv = ['--token', token, 'deploy', 'stories260K', '--name', 'stories', '--replicas', '1'];
    const result = await run([...argv, '--context', '256', '--parallel', '2', '--wait']);
    expect(requests[0]?.body).toEqual({
      model: 'stories260K',
      name: 'stories',
      replicas: 1,
      options: { contextTokens: 256, parallelSequences: 2 },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'stories: 0/1 ready (stories-0 pending)\nstories: 0/1 ready (stories-0 starting)\nstories: 1/1 ready (stories-0 ready)\n',
    );
    expect(result.stdout).toBe(
      'Created deployment stories (model stories260K, 1 replica)\nDeployment stories is ready\n',
    );
  });

  it('deploy --wait fails with the instance error when an instance failed', async () => {
    const result = await run(['--token', token, 'deploy', 'stories260K', '--name', 'broken', '--wait']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: deployment broken failed\n  broken-0 failed: model file is not a GGUF\n',
    );
  });

  it('chat reads one turn per stdin line, streams thinking apart, and keeps the history', async () => {
    const result = await run(
      ['--token', token, 'chat', 'stories', '--system', 'Be brief.', '--max-tokens', '32'],
      'Hello\n\nAnd then?\n',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const turn = (count: number) => `[thinking]\nThinking hard.\n[answer]\nAnswer to ${count} messages\n`;
    expect(result.stdout).toBe(turn(2) + turn(4));
    const chats = requests.filter((entry) => entry.url === '/v1/chat/completions');
    expect(chats[1]?.body).toEqual({
      model: 'stories',
      max_tokens: 32,
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Answer to 2 messages' },
        { role: 'user', content: 'And then?' },
      ],
    });
  });

  it('chat exits 1 when a turn failed in non-interactive use', async () => {
    const result = await run(['chat', 'stories'], 'Hello\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: Missing or invalid session.\n');
  });
});
