import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sleep } from './hub-http.js';
import { lockFileName } from './model-layout.js';

/** A held lock on a model folder. */
export interface DirectoryLock {
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  owner: string;
  acquiredAt: string;
}

/** Owners this process holds: a lock file with our pid but another owner is a leftover (pid reuse). */
const ownersHere = new Set<string>();

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockContent | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number' || typeof parsed.owner !== 'string') return null;
    return { pid: parsed.pid, owner: parsed.owner, acquiredAt: String(parsed.acquiredAt) };
  } catch {
    return null;
  }
}

async function isStale(path: string, content: LockContent | null): Promise<boolean> {
  if (content === null) {
    // Unreadable: either garbage or a lock being written right now; give the writer a few seconds.
    const modifiedMs = await stat(path).then(
      (info) => info.mtimeMs,
      () => 0,
    );
    return Date.now() - modifiedMs > 5000;
  }
  if (content.pid === process.pid) return !ownersHere.has(content.owner);
  return !isProcessAlive(content.pid);
}

/**
 * Takes `<directory>/.hangar-download.lock` (created exclusively), so two Hangar processes never write the
 * same files. A lock whose process is gone is taken over. While another live process holds it, waits
 * (`onWait` is told once) and polls every `pollMs` until it is released or `signal` aborts.
 */
export async function acquireDirectoryLock(
  directory: string,
  options: { signal: AbortSignal; sleep: Sleep; pollMs?: number; onWait?: (holderPid: number) => void },
): Promise<DirectoryLock> {
  const path = join(directory, lockFileName);
  const owner = randomUUID();
  const content: LockContent = { pid: process.pid, owner, acquiredAt: new Date().toISOString() };
  await mkdir(directory, { recursive: true });
  let isWaitReported = false;
  for (;;) {
    options.signal.throwIfAborted();
    try {
      await writeFile(path, JSON.stringify(content), { flag: 'wx' });
      ownersHere.add(owner);
      return {
        release: async () => {
          ownersHere.delete(owner);
          const current = await readLock(path);
          if (current?.owner === owner) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(path);
    if (await isStale(path, holder)) {
      await rm(path, { force: true });
      continue;
    }
    if (!isWaitReported && holder) {
      isWaitReported = true;
      options.onWait?.(holder.pid);
    }
    await options.sleep(options.pollMs ?? 1000, options.signal);
  }
}
