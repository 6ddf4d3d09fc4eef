import { startFakeModelHub, type FakeModelHub } from '@hangar/testing';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadHandle } from './download-handle.js';
import type { DownloadProgress } from './download-progress.js';
import { safetensorsInclude } from './file-filter.js';
import { isModelStoreError } from './hub-errors.js';
import { ModelStore } from './model-store.js';

const bytes = (size: number, seed: number) =>
  Buffer.from(Array.from({ length: size }, (_, i) => (i * seed) % 251));
const q4 = bytes(120_000, 7);
const q8 = bytes(90_000, 11);
const shard = bytes(60_000, 13);
const sha = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const q4Path = 'tiny-R1-Q4_K_M.gguf';

let hub: FakeModelHub;
let home: string;
const stores: ModelStore[] = [];

function newStore(): ModelStore {
  const settings = { endpoint: hub.url, token: hub.token };
  const store = new ModelStore({
    home,
    sources: { huggingface: settings, modelscope: settings },
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 10 },
    progressIntervalMs: 0,
    lockPollMs: 10,
  });
  stores.push(store);
  return store;
}

/** Resolves once the handle reports at least `bytes` done. */
function progressReaches(handle: DownloadHandle, bytes: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (progress: DownloadProgress) => {
      if (progress.bytesDone < bytes) return;
      handle.off('download-progress', check);
      resolve();
    };
    handle.on('download-progress', check);
    check(handle.progress());
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => (isModelStoreError(error) ? error.code : String(error)),
  );
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );
const transfersOf = (path: string) =>
  hub.requests.filter((request) => request.filePath === path && request.status < 300);

beforeAll(async () => {
  hub = await startFakeModelHub({
    repos: [
      {
        source: 'huggingface',
        repo: 'deepseek-ai/tiny-R1-GGUF',
        files: [
          { path: 'README.md', content: '# tiny' },
          { path: q4Path, content: q4 },
          { path: 'tiny-R1-Q8_0.gguf', content: q8 },
        ],
      },
      {
        source: 'modelscope',
        repo: 'deepseek-ai/tiny-R1',
        files: [
          { path: 'config.json', content: '{"model_type":"qwen2"}' },
          { path: 'tokenizer.json', content: '{}' },
          { path: 'model-00001-of-00002.safetensors', content: shard },
          { path: 'model-00002-of-00002.safetensors', content: q8 },
          { path: 'original/consolidated.pth', content: q4 },
        ],
      },
    ],
  });
});

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'hangar-store-'));
  hub.requests.length = 0;
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await rm(home, { recursive: true, force: true });
});

afterAll(() => hub.close());

const q4Request = { source: 'huggingface', repo: 'deepseek-ai/tiny-R1-GGUF', quant: 'q4_k_m' } as const;

describe('ModelStore.download', () => {
  it('downloads one GGUF quant with progress events, verified, under the documented layout', async () => {
    const store = newStore();
    const handle = store.download({ ...q4Request, targetName: 'tiny' });
    const events: DownloadProgress[] = [];
    handle.on('download-progress', (progress) => events.push(progress));
    const result = await handle.done;
    const directory = join(home, 'models', 'huggingface', 'deepseek-ai', 'tiny-R1-GGUF', 'main');
    expect(result).toMatchObject({ directory, modelPath: join(directory, q4Path) });
    expect(sha(await readFile(result.modelPath))).toBe(sha(q4));
    expect(handle.snapshot()).toMatchObject({
      state: 'done',
      bytesDone: 120_000,
      bytesTotal: 120_000,
      error: null,
    });
    expect(events.map((event) => event.state)).toEqual(
      expect.arrayContaining(['downloading', 'verifying', 'done']),
    );
    expect(
      events.some(
        (event) => (event.bytesDone > 0 && event.bytesDone < 120_000) || event.bytesDone === 120_000,
      ),
    ).toBe(true);
    expect(transfersOf('tiny-R1-Q8_0.gguf')).toHaveLength(0);
    const manifest = JSON.parse(await readFile(join(directory, '.hangar-model.json'), 'utf8')) as {
      files: unknown;
    };
    expect(manifest.files).toEqual([{ path: q4Path, sizeBytes: 120_000, sha256: sha(q4) }]);
    expect(await exists(join(directory, '.hangar-download.lock'))).toBe(false);
  });

  it('downloads the safetensors set from ModelScope with include globs', async () => {
    const handle = newStore().download({
      source: 'modelscope',
      repo: 'deepseek-ai/tiny-R1',
      include: safetensorsInclude,
    });
    const result = await handle.done;
    expect(result.files.map((file) => file.path).sort()).toEqual([
      'config.json',
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'tokenizer.json',
    ]);
    expect(result.modelPath).toBe(join(home, 'models', 'modelscope', 'deepseek-ai', 'tiny-R1', 'master'));
  });

  it('resumes a cut transfer with Range, without fetching the first bytes again', async () => {
    hub.cutNext(q4Path, 50_000);
    const result = await newStore().download(q4Request).done;
    expect(sha(await readFile(result.modelPath))).toBe(sha(q4));
    expect(transfersOf(q4Path).map((request) => [request.range, request.bytesSent])).toEqual([
      [undefined, 50_000],
      ['bytes=50000-', 70_000],
    ]);
    expect(hub.bytesServed(q4Path)).toBe(120_000);
  });

  it('resumes from the .part file after the process went away', async () => {
    const gate = hub.holdNext(q4Path, 30_000);
    const first = newStore();
    const handle = first.download(q4Request);
    await progressReaches(handle, 30_000);
    await first.close();
    gate.release();
    expect(handle.state).toBe('cancelled');
    const part = join(handle.directory, `${q4Path}.part`);
    expect((await stat(part)).size).toBe(30_000);
    const result = await newStore().download(q4Request).done;
    expect(sha(await readFile(result.modelPath))).toBe(sha(q4));
    expect(transfersOf(q4Path).at(-1)?.range).toBe('bytes=30000-');
    expect(await exists(part)).toBe(false);
  });

  it('rejects and removes a corrupted file', async () => {
    hub.corruptNext(q4Path);
    const handle = newStore().download(q4Request);
    expect(await codeOf(handle.done)).toBe('model_file_corrupted');
    expect(handle.snapshot().error?.message).toMatch(
      /tiny-R1-Q4_K_M.gguf .* is corrupted \(its sha256 is .*, expected/,
    );
    expect(handle.state).toBe('failed');
    expect(await exists(join(handle.directory, q4Path))).toBe(false);
    expect(await exists(join(handle.directory, `${q4Path}.part`))).toBe(false);
  });

  it('lets a second caller join a running download: one transfer, same progress', async () => {
    const gate = hub.holdNext(q4Path, 10_000);
    const store = newStore();
    const first = store.download(q4Request);
    await progressReaches(first, 10_000);
    const second = store.download({ ...q4Request, quant: 'Q4_K_M' });
    expect(second).toBe(first);
    expect(store.list().map((handle) => handle.id)).toEqual([first.id]);
    gate.release();
    await Promise.all([first.done, second.done]);
    expect(transfersOf(q4Path)).toHaveLength(1);
  });

  it('cancels, keeping the .part for later or deleting it on request', async () => {
    const store = newStore();
    const gate = hub.holdNext(q4Path, 20_000);
    const handle = store.download(q4Request);
    await progressReaches(handle, 20_000);
    expect(await store.cancel(handle.id)).toBe(true);
    gate.release();
    expect(await codeOf(handle.done)).toBe('download_cancelled');
    expect(handle.snapshot()).toMatchObject({ state: 'cancelled', error: { code: 'download_cancelled' } });
    expect((await stat(join(handle.directory, `${q4Path}.part`))).size).toBe(20_000);

    const gate2 = hub.holdNext(q4Path, 5_000);
    const again = store.download(q4Request);
    await progressReaches(again, 25_000);
    await again.cancel({ deleteFiles: true });
    gate2.release();
    expect(await exists(again.directory)).toBe(false);
  });

  it('cancels when every caller that passed a signal let go', async () => {
    const gate = hub.holdNext(q4Path, 1_000);
    const controller = new AbortController();
    const handle = newStore().download(q4Request, controller.signal);
    await progressReaches(handle, 1_000);
    controller.abort();
    gate.release();
    expect(await codeOf(handle.done)).toBe('download_cancelled');
  });

  it('waits while another live process holds the folder lock', async () => {
    const store = newStore();
    const directory = join(home, 'models', 'huggingface', 'deepseek-ai', 'tiny-R1-GGUF', 'main');
    await mkdir(directory, { recursive: true });
    const lock = join(directory, '.hangar-download.lock');
    await writeFile(lock, JSON.stringify({ pid: process.ppid, owner: 'other-process', acquiredAt: '' }));
    const handle = store.download(q4Request);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handle.state).toBe('queued');
    expect(hub.requests).toHaveLength(0);
    await rm(lock);
    await handle.done;
    expect(handle.state).toBe('done');
  });

  it('fails with model_files_not_matched, listing what is there', async () => {
    const handle = newStore().download({ ...q4Request, quant: 'IQ1_S' });
    expect(await codeOf(handle.done)).toBe('model_files_not_matched');
    expect(handle.snapshot().error?.message).toMatch(
      /no GGUF file has quant IQ1_S \(available: Q4_K_M, Q8_0\)/,
    );
  });
});

describe('ModelStore files', () => {
  it('imports a local folder in place, lists it with downloads, and deletes what is unused', async () => {
    const store = newStore();
    const local = join(home, 'elsewhere', 'my-model');
    await mkdir(local, { recursive: true });
    await writeFile(join(local, 'model.gguf'), 'GGUF....');
    const imported = await store.importLocal(local, { name: 'mine' });
    expect(imported).toMatchObject({
      kind: 'imported',
      source: 'local',
      repo: 'mine',
      path: local,
      sizeBytes: 8,
    });
    const q4Result = await store.download(q4Request).done;
    const msResult = await store.download({
      source: 'modelscope',
      repo: 'deepseek-ai/tiny-R1',
      include: ['*.json'],
    }).done;
    const listed = await store.listFiles();
    expect(listed.map((model) => [model.kind, model.source, model.repo, model.isComplete])).toEqual([
      ['downloaded', 'huggingface', 'deepseek-ai/tiny-R1-GGUF', true],
      ['downloaded', 'modelscope', 'deepseek-ai/tiny-R1', true],
      ['imported', 'local', 'mine', true],
    ]);
    const result = await store.deleteUnused([q4Result.modelPath]);
    expect(result.deleted.map((entry) => [entry.kind, entry.path])).toEqual([
      ['downloaded', msResult.directory],
      ['imported', local],
    ]);
    expect(await exists(msResult.directory)).toBe(false);
    expect(await exists(join(local, 'model.gguf'))).toBe(true);
    expect((await store.listFiles()).map((model) => model.repo)).toEqual(['deepseek-ai/tiny-R1-GGUF']);
  });

  it('refuses to import a path that does not exist', async () => {
    expect(await codeOf(newStore().importLocal(join(home, 'missing')))).toBe('model_path_not_found');
  });
});
