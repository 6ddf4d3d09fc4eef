import type { DownloadView } from '@hangar/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';

const base: DownloadView = {
  id: 'dl-1',
  source: 'huggingface',
  repo: 'deepseek-ai/tiny',
  revision: 'main',
  commit: null,
  include: ['*Q4_K_M*.gguf'],
  quant: null,
  name: 'tiny',
  state: 'queued',
  bytesDone: 0,
  bytesTotal: 0,
  bytesPerSecond: 0,
  etaSeconds: null,
  files: [],
  path: '/data/models/huggingface/deepseek-ai/tiny/main',
  error: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  finishedAt: null,
};
const file = { path: 'tiny-Q4_K_M.gguf', sizeBytes: 1000, bytesDone: 500, state: 'downloading' as const };
const steps: DownloadView[] = [
  {
    ...base,
    state: 'downloading',
    bytesDone: 500,
    bytesTotal: 1000,
    bytesPerSecond: 250,
    etaSeconds: 2,
    files: [file],
  },
  {
    ...base,
    state: 'done',
    bytesDone: 1000,
    bytesTotal: 1000,
    files: [{ ...file, bytesDone: 1000, state: 'done' }],
  },
];

let home: string;
let calls: { method: string; url: string; body: unknown }[] = [];
let polls: DownloadView[] = [];

async function run(argv: string[], isTty = false) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: isTty });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(['--server', 'http://127.0.0.1:9', '--token', 't', '--home', home, ...argv], {
    stdin: Readable.from(['']),
    stdout,
    stderr,
    env: {},
    sleep: () => Promise.resolve(),
    fetch: async (url, init) => {
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      calls.push({ method: init.method ?? 'GET', url: url.replace('http://127.0.0.1:9', ''), body });
      if (init.method === 'DELETE') return new Response(null, { status: 204 });
      if (url.endsWith('/api/models/pull')) return Response.json(base, { status: 202 });
      if (url.endsWith('/api/downloads')) return Response.json({ data: [steps[0]] });
      return Response.json(polls.shift() ?? base);
    },
  });
  return { code, stdout: out, stderr: err };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hangar-cli-dl-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));
beforeEach(() => {
  calls = [];
  polls = [...steps];
});

describe('hangar model pull / downloads / download cancel', () => {
  it('pulls with filters and prints plain progress lines when not on a terminal', async () => {
    const result = await run([
      'model',
      'pull',
      'hf:deepseek-ai/tiny',
      '--include',
      '*Q4_K_M*.gguf',
      '--name',
      'tiny',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: 'Downloaded deepseek-ai/tiny@main to /data/models/huggingface/deepseek-ai/tiny/main\n',
      stderr:
        'dl-1 queued 0% 0 B / 0 B\ndl-1 downloading 50% 500 B / 1000 B 250 B/s  ETA 2s\ndl-1 done 100% 1000 B / 1000 B\n',
    });
    expect(calls[0]).toEqual({
      method: 'POST',
      url: '/api/models/pull',
      body: { source: 'huggingface', repo: 'deepseek-ai/tiny', include: ['*Q4_K_M*.gguf'], name: 'tiny' },
    });
    expect(calls.slice(1).map((call) => call.url)).toEqual(['/api/downloads/dl-1', '/api/downloads/dl-1']);
  });

  it('redraws one bar on a terminal', async () => {
    const result = await run(
      ['model', 'pull', 'ms:deepseek-ai/tiny', '--revision', 'v1', '--quant', 'Q4_K_M'],
      true,
    );
    expect(result.code).toBe(0);
    expect(result.stderr.split('\r\u001b[2K')).toEqual([
      '',
      '[------------------------]    0%  0 B / 0 B  queued',
      '[############------------]   50%  500 B / 1000 B  250 B/s  ETA 2s  tiny-Q4_K_M.gguf',
      '[########################]  100%  1000 B / 1000 B  done\n',
    ]);
    expect(calls[0]?.body).toEqual({
      source: 'modelscope',
      repo: 'deepseek-ai/tiny',
      revision: 'v1',
      quant: 'Q4_K_M',
    });
  });

  it('fails with the download error and exit status 1', async () => {
    polls = [{ ...base, state: 'failed', error: { code: 'hub_unauthorized', message: 'set the token' } }];
    const result = await run(['model', 'pull', 'hf:deepseek-ai/tiny']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: download dl-1 failed: set the token\n');
  });

  it('rejects a malformed reference with exit status 2', async () => {
    expect((await run(['model', 'pull', 'nothing'])).code).toBe(2);
    expect(calls).toEqual([]);
  });

  it('lists downloads and cancels one', async () => {
    const listed = await run(['downloads']);
    expect(listed.stdout).toBe(
      'ID    STATE        SOURCE       REPO                   DONE  SIZE    RATE     ETA\n' +
        'dl-1  downloading  huggingface  deepseek-ai/tiny@main  50%   1000 B  250 B/s  2s\n',
    );
    const cancelled = await run(['download', 'cancel', 'dl-1']);
    expect(cancelled).toMatchObject({ code: 0, stdout: 'Cancelled download dl-1\n' });
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/downloads/dl-1' });
  });
});
