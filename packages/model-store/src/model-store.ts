import { systemClock, ValidationError, type Clock } from '@hangar/core';
import type { Logger } from '@hangar/observability';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { Agent } from 'undici';
import { DownloadHandle, type DownloadRequest } from './download-handle.js';
import { runDownload } from './download-runner.js';
import { splitRepo, type HubClient, type HubSourceOptions, type ModelSource } from './hub-client.js';
import { defaultRetryPolicy, defaultSleep, HubHttp, type RetryPolicy, type Sleep } from './hub-http.js';
import { HuggingFaceClient } from './huggingface-client.js';
import { ModelScopeClient } from './modelscope-client.js';
import { modelDirectory } from './model-layout.js';
import { readManifest } from './model-manifest.js';
import { SlotQueue } from './slot-queue.js';
import {
  describeDownloadFolder,
  downloadFolders,
  ImportRegistry,
  isLocked,
  removePartFiles,
  type StoredModel,
} from './store-inventory.js';

export const defaultEndpoints: Record<ModelSource, string> = {
  huggingface: 'https://huggingface.co',
  modelscope: 'https://www.modelscope.cn',
};

const defaultRevisions: Record<ModelSource, string> = { huggingface: 'main', modelscope: 'master' };

export interface ModelStoreOptions {
  /** Hangar's data directory; files live under `<home>/models`. */
  home: string;
  /** Endpoint (mirror) and token per hub. */
  sources?: Partial<Record<ModelSource, HubSourceOptions>>;
  /** Files of one download fetched at once (default 4). */
  maxParallelFiles?: number;
  /** Downloads running at once; later ones wait in `queued` (default 2). */
  maxParallelDownloads?: number;
  retry?: Partial<RetryPolicy>;
  /** Least time between two `download-progress` events of a handle (default 250 ms). */
  progressIntervalMs?: number;
  /** How often a download polls another process's lock (default 1000 ms). */
  lockPollMs?: number;
  clock?: Clock;
  sleep?: Sleep;
  logger?: Logger;
  createId?: () => string;
  /** Replaces the HTTP clients (tests). */
  clients?: Partial<Record<ModelSource, HubClient>>;
}

/** What `deleteUnused` removed. */
export interface DeleteUnusedResult {
  deleted: { path: string; kind: StoredModel['kind']; sizeBytes: number }[];
  freedBytes: number;
}

const keptFinished = 50;

/**
 * Hangar's model files: downloads from Hugging Face and ModelScope into `<home>/models` (shared between
 * callers, resumable, verified, locked against other processes), local imports, listing and clean-up.
 * `close()` stops running downloads (keeping their `.part` files) and closes the HTTP connections.
 */
export class ModelStore {
  readonly modelsRoot: string;
  private readonly options: ModelStoreOptions;
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connect: { timeout: 30_000 } });
  private readonly clients: Record<ModelSource, HubClient>;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly slots: SlotQueue;
  private readonly handles = new Map<string, DownloadHandle>();
  private readonly active = new Map<string, DownloadHandle>();
  private readonly holders = new Map<DownloadHandle, { count: number; isPermanent: boolean }>();
  private readonly imports: ImportRegistry;
  private closing: Promise<void> | undefined;

  constructor(options: ModelStoreOptions) {
    this.options = options;
    this.modelsRoot = join(resolve(options.home), 'models');
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? defaultSleep;
    this.slots = new SlotQueue(options.maxParallelDownloads ?? 2);
    this.imports = new ImportRegistry(this.modelsRoot);
    this.clients = {
      huggingface: options.clients?.huggingface ?? new HuggingFaceClient(this.http('huggingface')),
      modelscope: options.clients?.modelscope ?? new ModelScopeClient(this.http('modelscope')),
    };
  }

  /** The hub client of a source (also for listing or resolving without downloading). */
  client(source: ModelSource): HubClient {
    return this.clients[source];
  }

  /**
   * Starts (or joins) a download. A download of the same repo, revision and filter that is still running is
   * joined: the same handle is returned and no byte is fetched twice. When `signal` aborts, this caller lets
   * go; the download is cancelled once every caller that passed a signal has let go (and none came without).
   */
  download(request: DownloadRequest, signal?: AbortSignal): DownloadHandle {
    const normalized = this.normalize(request);
    const directory = modelDirectory(
      this.modelsRoot,
      normalized.source,
      normalized.repo,
      normalized.revision,
    );
    const key = [directory, [...(normalized.include ?? [])].sort().join('\0'), normalized.quant ?? ''].join(
      '\n',
    );
    let handle = this.active.get(key);
    if (!handle) {
      handle = this.start(key, normalized, directory);
    }
    this.hold(handle, signal);
    return handle;
  }

  /** A download by id (running, or among the last finished ones). */
  get(id: string): DownloadHandle | undefined {
    return this.handles.get(id);
  }

  /** Running downloads and the most recently finished ones, oldest first. */
  list(): DownloadHandle[] {
    return [...this.handles.values()];
  }

  /** Cancels a download by id; false when there is no such download. */
  async cancel(id: string, options: { deleteFiles?: boolean } = {}): Promise<boolean> {
    const handle = this.handles.get(id);
    if (!handle) return false;
    await handle.cancel(options);
    return true;
  }

  /** Registers an existing local file or folder in place (nothing is copied). */
  async importLocal(path: string, options: { name?: string } = {}): Promise<StoredModel> {
    const absolute = resolve(path);
    const entry = {
      name: options.name ?? basename(absolute),
      path: absolute,
      importedAt: new Date().toISOString(),
    };
    const described = await ImportRegistry.describe(entry);
    await mkdir(this.modelsRoot, { recursive: true });
    const entries = (await this.imports.list()).filter((existing) => existing.path !== absolute);
    await this.imports.save([...entries, entry]);
    return described;
  }

  /** Downloaded folders (complete or not) and imports; an import whose path is gone is left out. */
  async listFiles(): Promise<StoredModel[]> {
    const downloaded = await Promise.all(
      (await downloadFolders(this.modelsRoot)).map(({ source, directory }) =>
        describeDownloadFolder(this.modelsRoot, source, directory),
      ),
    );
    const imported = await Promise.all(
      (await this.imports.list()).map((entry) => ImportRegistry.describe(entry).catch(() => null)),
    );
    return [...downloaded, ...imported.filter((entry): entry is StoredModel => entry !== null)];
  }

  /**
   * Deletes every downloaded folder that no path in `inUse` points into and that no download is writing,
   * and unregisters unused imports (their files are the user's and stay where they are).
   */
  async deleteUnused(inUse: readonly string[]): Promise<DeleteUnusedResult> {
    const used = inUse.map((path) => resolve(path));
    const isUsed = (path: string) =>
      used.some(
        (candidate) =>
          candidate === path ||
          candidate.startsWith(`${path}${sep}`) ||
          path.startsWith(`${candidate}${sep}`),
      );
    const busy = new Set([...this.active.values()].map((handle) => handle.directory));
    const deleted: DeleteUnusedResult['deleted'] = [];
    for (const model of await this.listFiles()) {
      if (isUsed(model.path)) continue;
      if (model.kind === 'downloaded') {
        if (busy.has(model.path) || (await isLocked(model.path))) continue;
        await rm(model.path, { recursive: true, force: true });
      }
      deleted.push({
        path: model.path,
        kind: model.kind,
        sizeBytes: model.kind === 'downloaded' ? model.sizeBytes : 0,
      });
    }
    const removedImports = new Set(
      deleted.filter((entry) => entry.kind === 'imported').map((entry) => entry.path),
    );
    if (removedImports.size > 0) {
      await this.imports.save(
        (await this.imports.list()).filter((entry) => !removedImports.has(resolve(entry.path))),
      );
    }
    return { deleted, freedBytes: deleted.reduce((sum, entry) => sum + entry.sizeBytes, 0) };
  }

  /** Stops running downloads (their `.part` files stay for a resume) and closes connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.active.values()].map((handle) => handle.cancel()));
      await this.agent.close();
    })();
    return this.closing;
  }

  private http(source: ModelSource): HubHttp {
    const settings = this.options.sources?.[source] ?? {};
    return new HubHttp({
      endpoint: settings.endpoint ?? defaultEndpoints[source],
      token: settings.token,
      dispatcher: this.agent,
      retry: this.retry,
      sleep: (ms, signal) => this.sleep(ms, signal),
      clock: this.clock,
      userAgent: 'hangar/0.1 (model-store)',
    });
  }

  private normalize(request: DownloadRequest): DownloadHandle['request'] {
    if (request.source !== 'huggingface' && request.source !== 'modelscope') {
      throw new ValidationError(
        `Unknown model source "${String(request.source)}": use huggingface or modelscope.`,
      );
    }
    if (!splitRepo(request.repo)) {
      throw new ValidationError(
        `"${request.repo}" is not a repository id: use owner/name.`,
        { repo: request.repo },
        'invalid_repo',
      );
    }
    const revision = request.revision?.trim() || defaultRevisions[request.source];
    if (revision.includes('..'))
      throw new ValidationError(`Invalid revision "${revision}".`, {}, 'invalid_revision');
    const quant = request.quant?.trim().toUpperCase() || undefined;
    return { ...request, revision, quant, include: [...(request.include ?? [])] };
  }

  private start(key: string, request: DownloadHandle['request'], directory: string): DownloadHandle {
    const handle = new DownloadHandle({
      id: this.options.createId?.() ?? `dl-${randomUUID().slice(0, 8)}`,
      request,
      directory,
      clock: this.clock,
      progressIntervalMs: this.options.progressIntervalMs ?? 250,
    });
    handle.onCancel = async ({ deleteFiles }) => {
      if (!deleteFiles) return;
      await removePartFiles(directory);
      if ((await readManifest(directory)) === null) await rm(directory, { recursive: true, force: true });
    };
    this.active.set(key, handle);
    this.handles.set(handle.id, handle);
    handle.once('download-finish', () => {
      this.active.delete(key);
      this.holders.delete(handle);
      this.forgetOldFinished();
    });
    void runDownload(handle, {
      client: this.clients[request.source],
      retry: this.retry,
      sleep: (ms, signal) => this.sleep(ms, signal),
      maxParallelFiles: this.options.maxParallelFiles ?? 4,
      lockPollMs: this.options.lockPollMs ?? 1000,
      logger: this.options.logger?.child({ scope: 'model-store' }),
      acquireSlot: (signal) => this.slots.acquire(signal),
    });
    return handle;
  }

  private hold(handle: DownloadHandle, signal: AbortSignal | undefined): void {
    const holder = this.holders.get(handle) ?? { count: 0, isPermanent: false };
    this.holders.set(handle, holder);
    if (!signal) {
      holder.isPermanent = true;
      return;
    }
    holder.count += 1;
    const letGo = () => {
      holder.count -= 1;
      if (holder.count <= 0 && !holder.isPermanent) void handle.cancel();
    };
    if (signal.aborted) letGo();
    else signal.addEventListener('abort', letGo, { once: true });
  }

  private forgetOldFinished(): void {
    const finished = [...this.handles.values()].filter((handle) => handle.isFinished);
    for (const handle of finished.slice(0, Math.max(0, finished.length - keptFinished))) {
      this.handles.delete(handle.id);
    }
  }
}
