import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { HubClient, HubFile } from './hub-client.js';
import { ModelStoreError } from './hub-errors.js';
import type { RetryPolicy, Sleep } from './hub-http.js';
import { partSuffix } from './model-layout.js';

/** One file to fetch into `target` (through `target.part`). */
export interface FileTransferRequest {
  client: HubClient;
  repo: string;
  /** Commit (or revision) to fetch from. */
  revision: string;
  file: HubFile;
  target: string;
  /** Bytes of this file on disk so far (absolute), and how many of them just came from the network. */
  onProgress: (bytesDone: number, receivedBytes: number) => void;
  retry: RetryPolicy;
  sleep: Sleep;
  signal: AbortSignal;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

/** Hashes what is already in the `.part` file, so a resumed transfer is still verified end to end. */
async function hashExisting(part: string, length: number, signal: AbortSignal): Promise<Hash> {
  const hash = createHash('sha256');
  if (length === 0) return hash;
  await pipeline(
    createReadStream(part, { end: length - 1 }),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) hash.update(chunk);
    },
    { signal },
  );
  return hash;
}

const transientCodes = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN']);

function isTransient(error: unknown): boolean {
  if (error instanceof ModelStoreError) return error.isRetryable;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('UND_ERR') || transientCodes.has(code));
}

/**
 * Downloads one file with resume: bytes already in `<target>.part` are kept and the rest is asked for with
 * `Range`; a cut connection is resumed the same way (with backoff, up to `retry.attempts`). The result is
 * checked against the listed size and sha256 before it is renamed into place; a mismatch removes the
 * `.part` file and fails with `model_file_corrupted`. An existing `target` of the right size is kept.
 */
export async function transferFile(request: FileTransferRequest): Promise<'downloaded' | 'present'> {
  const { file, target, signal } = request;
  if ((await sizeOf(target)) === file.sizeBytes) {
    request.onProgress(file.sizeBytes, 0);
    return 'present';
  }
  const part = `${target}${partSuffix}`;
  await mkdir(dirname(target), { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (await fetchIntoPart(request, part)) break;
    } catch (error) {
      if (signal.aborted || !isTransient(error) || attempt >= request.retry.attempts) throw error;
    }
    if (attempt >= request.retry.attempts) {
      throw new ModelStoreError(`The transfer of ${file.path} kept stopping short; try again later.`, {
        code: 'hub_unavailable',
        isRetryable: true,
      });
    }
    await request.sleep(
      Math.min(request.retry.baseDelayMs * 2 ** (attempt - 1), request.retry.maxDelayMs),
      signal,
    );
  }
  await rename(part, target);
  return 'downloaded';
}

/** One attempt: true when the part is complete and verified, false when the body ended short. */
async function fetchIntoPart(request: FileTransferRequest, part: string): Promise<boolean> {
  const { file, signal } = request;
  let offset = (await sizeOf(part)) ?? 0;
  if (offset > file.sizeBytes) {
    await truncate(part, 0);
    offset = 0;
  }
  if (offset < file.sizeBytes || file.sizeBytes === 0) {
    const opened = await request.client.openFile(request.repo, request.revision, file.path, {
      offset,
      signal,
    });
    if (opened.offset !== offset) offset = 0; // The hub ignored Range: start over.
    const hash = await hashExisting(part, offset, signal);
    const done = await appendBody(opened.body, part, offset, hash, request.onProgress);
    const expected = file.sha256 ?? opened.sha256;
    return verify(request, part, done, expected, hash);
  }
  // The part already holds every byte (a crash between the last write and the rename): verify it.
  return verify(request, part, offset, file.sha256, await hashExisting(part, offset, signal));
}

/**
 * Writes the body to the part file (appending from `offset`, truncating when 0), chunk by chunk, so the
 * progress reported is what is on disk: an abort or a cut connection leaves a `.part` file to resume from.
 */
async function appendBody(
  body: AsyncIterable<Buffer>,
  part: string,
  offset: number,
  hash: Hash,
  onProgress: FileTransferRequest['onProgress'],
): Promise<number> {
  const handle = await open(part, offset > 0 ? 'r+' : 'w');
  let done = offset;
  try {
    onProgress(done, 0);
    for await (const chunk of body) {
      await handle.write(chunk, 0, chunk.length, done);
      hash.update(chunk);
      done += chunk.length;
      onProgress(done, chunk.length);
    }
  } finally {
    await handle.truncate(done).catch(() => {});
    await handle.close();
  }
  return done;
}

async function verify(
  request: FileTransferRequest,
  part: string,
  bytesDone: number,
  expectedSha256: string | null,
  hash: Hash,
): Promise<boolean> {
  const { file } = request;
  if (bytesDone < file.sizeBytes) return false;
  const actual = hash.digest('hex');
  const sizeOk = bytesDone === file.sizeBytes;
  if (sizeOk && (expectedSha256 === null || actual === expectedSha256)) return true;
  await rm(part, { force: true });
  const what = sizeOk
    ? `its sha256 is ${actual}, expected ${expectedSha256 ?? ''}`
    : `it has ${bytesDone} bytes, expected ${file.sizeBytes}`;
  throw new ModelStoreError(
    `Downloaded ${file.path} from ${request.repo} is corrupted (${what}); the file was removed. Pull again, or check the mirror.`,
    { code: 'model_file_corrupted', details: { path: file.path, expectedSha256, actualSha256: actual } },
  );
}
