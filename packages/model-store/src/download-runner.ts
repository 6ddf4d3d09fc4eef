import type { Logger } from '@hangar/observability';
import { rm } from 'node:fs/promises';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.js';
import type { DownloadHandle, DownloadResult } from './download-handle.js';
import { filterFiles, pickGgufQuant } from './file-filter.js';
import { transferFile } from './file-transfer.js';
import type { HubClient, HubFile } from './hub-client.js';
import { isModelStoreError, ModelStoreError } from './hub-errors.js';
import type { RetryPolicy, Sleep } from './hub-http.js';
import { readManifest, writeManifest, type StoredFile } from './model-manifest.js';
import { filePathIn } from './model-layout.js';

/** What a download needs from its store. */
export interface RunnerDependencies {
  client: HubClient;
  retry: RetryPolicy;
  sleep: Sleep;
  maxParallelFiles: number;
  lockPollMs: number;
  logger: Logger | undefined;
  /** Waits for one of the store's download slots; the returned function gives it back. */
  acquireSlot: (signal: AbortSignal) => Promise<() => void>;
}

function cancelledError(handle: DownloadHandle): ModelStoreError {
  return new ModelStoreError(`The download of ${handle.request.repo} was cancelled.`, {
    code: 'download_cancelled',
  });
}

/** Applies `include` and `quant` to the repository's files; an empty selection is the caller's mistake. */
export function selectFiles(handle: DownloadHandle, listed: HubFile[]): HubFile[] {
  const { include = [], quant, repo, revision } = handle.request;
  const filtered = filterFiles(listed, include);
  if (quant) {
    const pick = pickGgufQuant(filtered, quant);
    if (pick.ok) return pick.files;
    const why =
      pick.reason === 'ambiguous'
        ? `several files have quant ${quant} (${pick.candidates.join(', ')}): name one with an include glob`
        : `no GGUF file has quant ${quant}${pick.candidates.length ? ` (available: ${pick.candidates.join(', ')})` : ''}`;
    throw new ModelStoreError(`${repo}@${revision}: ${why}.`, {
      code: 'model_files_not_matched',
      details: { candidates: pick.candidates },
    });
  }
  if (filtered.length === 0) {
    const sample = listed.slice(0, 20).map((file) => file.path);
    throw new ModelStoreError(
      `No file of ${repo}@${revision} matches ${include.join(', ')} (files: ${sample.join(', ') || 'none'}).`,
      { code: 'model_files_not_matched', details: { include, files: sample } },
    );
  }
  return filtered;
}

async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(workers);
}

function modelPathOf(directory: string, files: StoredFile[]): string {
  const ggufs = files
    .filter((file) => /\.gguf$/i.test(file.path))
    .sort((a, b) => a.path.localeCompare(b.path));
  return ggufs.length > 0 && ggufs.length === files.length ? (ggufs[0]?.localPath ?? directory) : directory;
}

async function transferAll(
  handle: DownloadHandle,
  deps: RunnerDependencies,
  commit: string,
  files: HubFile[],
) {
  const signal = handle.controller.signal;
  await runPool(files, deps.maxParallelFiles, async (file) => {
    signal.throwIfAborted();
    handle.tracker.setFileState(file.path, 'downloading');
    try {
      await transferFile({
        client: deps.client,
        repo: handle.request.repo,
        revision: commit,
        file,
        target: filePathIn(handle.directory, file.path),
        retry: deps.retry,
        sleep: deps.sleep,
        signal,
        onProgress: (bytesDone, receivedBytes) => {
          handle.tracker.update(file.path, bytesDone, receivedBytes);
          handle.emitProgress();
        },
      });
      handle.tracker.setFileState(file.path, 'done');
    } catch (error) {
      handle.tracker.setFileState(file.path, handle.isCancelRequested ? 'queued' : 'failed');
      // One failed file stops the others: a partial model is of no use.
      if (!signal.aborted) handle.controller.abort();
      throw error;
    }
  });
}

/** Removes stored files whose recorded sha256 differs from the hub's (a branch that moved since). */
async function dropChangedFiles(directory: string, files: HubFile[]): Promise<void> {
  const recorded = new Map((await readManifest(directory))?.files.map((file) => [file.path, file.sha256]));
  for (const file of files) {
    const previous = recorded.get(file.path);
    if (previous && file.sha256 && previous !== file.sha256)
      await rm(filePathIn(directory, file.path), { force: true });
  }
}

async function execute(handle: DownloadHandle, deps: RunnerDependencies): Promise<DownloadResult> {
  const signal = handle.controller.signal;
  const { repo, revision, source } = handle.request;
  const releaseSlot = await deps.acquireSlot(signal);
  let lock: DirectoryLock | undefined;
  try {
    lock = await acquireDirectoryLock(handle.directory, {
      signal,
      sleep: deps.sleep,
      pollMs: deps.lockPollMs,
      onWait: (holderPid) => deps.logger?.info({ repo, holderPid }, 'download waits for another process'),
    });
    handle.setState('downloading');
    const commit = await deps.client.resolveRevision(repo, revision, signal);
    handle.setCommit(commit);
    const files = selectFiles(handle, await deps.client.listFiles(repo, commit, signal));
    handle.tracker.setFiles(files);
    handle.emitProgress(true);
    await dropChangedFiles(handle.directory, files);
    await transferAll(handle, deps, commit, files);
    handle.setState('verifying');
    const stored = files.map((file) => ({ ...file, localPath: filePathIn(handle.directory, file.path) }));
    await writeManifest(handle.directory, {
      source,
      repo,
      revision,
      commit,
      files: files.map(({ path, sizeBytes, sha256 }) => ({ path, sizeBytes, sha256 })),
      updatedAt: new Date().toISOString(),
    });
    return {
      directory: handle.directory,
      commit,
      files: stored,
      modelPath: modelPathOf(handle.directory, stored),
    };
  } finally {
    await lock?.release();
    releaseSlot();
  }
}

/** Runs a download to its end and settles its handle; never rejects. */
export async function runDownload(handle: DownloadHandle, deps: RunnerDependencies): Promise<void> {
  const { repo } = handle.request;
  try {
    const result = await execute(handle, deps);
    deps.logger?.info({ repo, files: result.files.length, directory: result.directory }, 'download done');
    handle.finish({ result });
  } catch (error) {
    if (handle.isCancelRequested) {
      deps.logger?.info({ repo }, 'download cancelled');
      handle.finish({ error: cancelledError(handle), state: 'cancelled' });
      return;
    }
    const failure = isModelStoreError(error)
      ? error
      : new ModelStoreError(
          `The download of ${repo} failed: ${error instanceof Error ? error.message : String(error)}`,
          {
            code: 'hub_unavailable',
            cause: error,
          },
        );
    deps.logger?.warn({ repo, code: failure.code, error: failure.message }, 'download failed');
    handle.finish({ error: failure, state: 'failed' });
  }
}
