import { startFakeModelHub, type FakeModelHub } from '@hangar/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isModelStoreError } from './hub-errors.js';
import { ModelStore } from './model-store.js';

const weights = Buffer.alloc(40_000, 7);
const config = '{"architectures":["Qwen2ForCausalLM"]}';
let hub: FakeModelHub;
let home: string;
const stores: ModelStore[] = [];
const delays: number[] = [];

function storeWith(options: { token?: string; source?: 'huggingface' | 'modelscope' } = {}): ModelStore {
  const settings = { endpoint: hub.url, token: options.token };
  const store = new ModelStore({
    home,
    sources: { huggingface: settings, modelscope: settings },
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5000 },
    sleep: async (ms) => void delays.push(ms),
  });
  stores.push(store);
  return store;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hangar-hub-'));
  hub = await startFakeModelHub({
    repos: [
      {
        source: 'huggingface',
        repo: 'deepseek-ai/tiny-R1',
        files: [
          { path: 'config.json', content: config },
          { path: 'gguf/tiny-Q4_K_M.gguf', content: weights },
        ],
      },
      {
        source: 'huggingface',
        repo: 'deepseek-ai/gated',
        files: [{ path: 'a.gguf', content: weights }],
        isGated: true,
      },
      {
        source: 'modelscope',
        repo: 'deepseek-ai/tiny-R1',
        files: [
          { path: 'config.json', content: config },
          { path: 'Q4_K_M/tiny-Q4_K_M.gguf', content: weights },
        ],
      },
    ],
  });
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  delays.length = 0;
  hub.requests.length = 0;
});

afterAll(async () => {
  await hub.close();
  await rm(home, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isModelStoreError(error) ? error.code : String(error);
  }
}

describe('Hugging Face client against the fake hub (as a mirror endpoint)', () => {
  it('resolves a branch to its commit and lists files with sizes and LFS sha256', async () => {
    const client = storeWith().client('huggingface');
    const commit = await client.resolveRevision('deepseek-ai/tiny-R1', 'main');
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const files = await client.listFiles('deepseek-ai/tiny-R1', commit);
    expect(files).toEqual([
      { path: 'config.json', sizeBytes: config.length, sha256: null },
      { path: 'gguf/tiny-Q4_K_M.gguf', sizeBytes: 40_000, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(hub.requests.map((request) => request.url)).toEqual([
      '/api/models/deepseek-ai/tiny-R1/revision/main?blobs=true',
      `/api/models/deepseek-ai/tiny-R1/revision/${commit}?blobs=true`,
    ]);
  });

  it('follows the redirect to the CDN with Range, sending the token to the hub only', async () => {
    const client = storeWith({ token: hub.token }).client('huggingface');
    const opened = await client.openFile('deepseek-ai/tiny-R1', 'main', 'gguf/tiny-Q4_K_M.gguf', {
      offset: 1000,
    });
    let received = 0;
    for await (const chunk of opened.body) received += (chunk as Buffer).length;
    expect({ offset: opened.offset, total: opened.totalBytes, received }).toEqual({
      offset: 1000,
      total: 40_000,
      received: 39_000,
    });
    expect(opened.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [resolve, cdn] = hub.requests;
    expect(resolve).toMatchObject({
      server: 'hub',
      status: 302,
      authorization: `Bearer ${hub.token}`,
      range: 'bytes=1000-',
    });
    expect(cdn).toMatchObject({ server: 'cdn', status: 206, authorization: undefined, range: 'bytes=1000-' });
  });

  it('maps 401 (gated), 404 (repo, revision, file) to stable codes with a hint', async () => {
    const client = storeWith().client('huggingface');
    const gated = client.listFiles('deepseek-ai/gated', 'main');
    await expect(gated).rejects.toThrow(/gated.*set the token \(HANGAR_HF_TOKEN\)/);
    expect(await codeOf(client.listFiles('deepseek-ai/gated', 'main'))).toBe('hub_unauthorized');
    expect(await codeOf(client.listFiles('deepseek-ai/nope', 'main'))).toBe('hub_repo_not_found');
    expect(await codeOf(client.resolveRevision('deepseek-ai/tiny-R1', 'v9'))).toBe('hub_revision_not_found');
    const missing = client.openFile('deepseek-ai/tiny-R1', 'main', 'missing.gguf', { offset: 0 });
    expect(await codeOf(missing)).toBe('hub_file_not_found');
    const withToken = storeWith({ token: hub.token }).client('huggingface');
    expect(await withToken.listFiles('deepseek-ai/gated', 'main')).toHaveLength(1);
  });

  it('retries a 429 after Retry-After, then gives up with hub_rate_limited', async () => {
    const client = storeWith().client('huggingface');
    hub.rateLimitNext(1, 2);
    expect(await client.resolveRevision('deepseek-ai/tiny-R1', 'main')).toMatch(/^[0-9a-f]{40}$/);
    expect(delays).toEqual([2000]);
    hub.rateLimitNext(10, 1);
    expect(await codeOf(client.resolveRevision('deepseek-ai/tiny-R1', 'main'))).toBe('hub_rate_limited');
    expect(hub.requests.filter((request) => request.status === 429)).toHaveLength(4);
    hub.rateLimitNext(0, 0);
  });
});

describe('ModelScope client against the fake hub', () => {
  it('resolves master to its commit and lists blobs (not folders) with Sha256', async () => {
    const client = storeWith().client('modelscope');
    const commit = await client.resolveRevision('deepseek-ai/tiny-R1', 'master');
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    const files = await client.listFiles('deepseek-ai/tiny-R1', commit);
    expect(files.map((file) => [file.path, file.sizeBytes, file.sha256?.length])).toEqual([
      ['config.json', config.length, 64],
      ['Q4_K_M/tiny-Q4_K_M.gguf', 40_000, 64],
    ]);
    expect(hub.requests.map((request) => request.url)).toEqual([
      '/api/v1/models/deepseek-ai/tiny-R1/revisions',
      `/api/v1/models/deepseek-ai/tiny-R1/repo/files?Revision=${commit}&Recursive=true`,
    ]);
  });

  it('downloads a range of a file and maps a missing repo to hub_repo_not_found', async () => {
    const client = storeWith({ token: hub.token }).client('modelscope');
    const opened = await client.openFile('deepseek-ai/tiny-R1', 'master', 'Q4_K_M/tiny-Q4_K_M.gguf', {
      offset: 39_990,
    });
    let received = 0;
    for await (const chunk of opened.body) received += (chunk as Buffer).length;
    expect(received).toBe(10);
    expect(hub.requests[0]).toMatchObject({
      url: '/api/v1/models/deepseek-ai/tiny-R1/repo?Revision=master&FilePath=Q4_K_M%2Ftiny-Q4_K_M.gguf',
      authorization: `Bearer ${hub.token}`,
      range: 'bytes=39990-',
      status: 206,
    });
    expect(await codeOf(client.listFiles('someone/nothing', 'master'))).toBe('hub_repo_not_found');
  });
});
