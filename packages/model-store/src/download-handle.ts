import type { Clock } from '@hangar/core';
import { EventEmitter } from 'node:events';
import type { ModelSource } from './hub-client.js';
import type { ModelStoreError } from './hub-errors.js';
import { ProgressTracker, type DownloadProgress, type DownloadState } from './download-progress.js';
import type { StoredFile } from './model-manifest.js';

/** What to download. */
export interface DownloadRequest {
  source: ModelSource;
  /** `owner/name`. */
  repo: string;
  /** Branch, tag or commit; `main` (Hugging Face) or `master` (ModelScope) when left out. */
  revision?: string;
  /** Globs of the files to fetch (`*Q4_K_M*.gguf`, `safetensorsInclude`); everything when empty. */
  include?: readonly string[];
  /** Picks one GGUF quant (`Q4_K_M`, all shards of it) after `include` is applied. */
  quant?: string;
  /** The name the caller will register the model under; carried along for views. */
  targetName?: string;
}

/** The result of a finished download. */
export interface DownloadResult {
  directory: string;
  commit: string;
  files: StoredFile[];
  /** What an engine is given: the first GGUF (shard) when the files are GGUF, otherwise the folder. */
  modelPath: string;
}

/** Everything known about a download, for views. */
export interface DownloadSnapshot extends DownloadProgress {
  source: ModelSource;
  repo: string;
  revision: string;
  commit: string | null;
  include: string[];
  quant: string | null;
  targetName: string | null;
  directory: string;
  error: { code: string; message: string } | null;
  createdAtMs: number;
  finishedAtMs: number | null;
}

/** Events of a `DownloadHandle`. */
export interface DownloadEvents {
  /** Throttled to one per `progressIntervalMs`, and always on a state change. */
  'download-progress': [DownloadProgress];
  /** Once, when the download is done, failed or cancelled. */
  'download-finish': [DownloadSnapshot];
}

const finalStates: ReadonlySet<DownloadState> = new Set(['done', 'failed', 'cancelled']);

/**
 * One download in progress, shared by everyone who asked for the same files: a second
 * `ModelStore.download()` of the same repo, revision and filter gets this same handle and sees the same
 * progress. `done` settles once (resolves with the files, rejects with a `ModelStoreError`).
 */
export class DownloadHandle extends EventEmitter<DownloadEvents> {
  readonly id: string;
  readonly request: Readonly<Required<Pick<DownloadRequest, 'source' | 'repo' | 'revision'>>> &
    DownloadRequest;
  readonly directory: string;
  readonly done: Promise<DownloadResult>;
  /** @internal Used by the store's runner. */
  readonly tracker: ProgressTracker;
  /** @internal Aborted on cancel. */
  readonly controller = new AbortController();
  private currentState: DownloadState = 'queued';
  private isCancelRequestedValue = false;
  private commit: string | null = null;
  private failure: ModelStoreError | null = null;
  private readonly createdAtMs: number;
  private finishedAtMs: number | null = null;
  private lastEmitMs = Number.NEGATIVE_INFINITY;
  private readonly clock: Clock;
  private readonly progressIntervalMs: number;
  private settle!: { resolve: (result: DownloadResult) => void; reject: (error: unknown) => void };
  /** @internal Set by the store: what cancel does beyond aborting. */
  onCancel: (options: { deleteFiles: boolean }) => Promise<void> = async () => {};

  constructor(options: {
    id: string;
    request: DownloadHandle['request'];
    directory: string;
    clock: Clock;
    progressIntervalMs: number;
  }) {
    super();
    this.id = options.id;
    this.request = options.request;
    this.directory = options.directory;
    this.clock = options.clock;
    this.progressIntervalMs = options.progressIntervalMs;
    this.createdAtMs = options.clock.now();
    this.tracker = new ProgressTracker(options.clock);
    this.done = new Promise<DownloadResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // A handle nobody awaits must not crash the process with an unhandled rejection.
    this.done.catch(() => {});
  }

  get state(): DownloadState {
    return this.currentState;
  }

  /** True once `cancel()` was called. */
  get isCancelRequested(): boolean {
    return this.isCancelRequestedValue;
  }

  get isFinished(): boolean {
    return finalStates.has(this.currentState);
  }

  /** Current progress (also between events). */
  progress(): DownloadProgress {
    return this.tracker.snapshot(this.id, this.currentState);
  }

  snapshot(): DownloadSnapshot {
    return {
      ...this.progress(),
      source: this.request.source,
      repo: this.request.repo,
      revision: this.request.revision,
      commit: this.commit,
      include: [...(this.request.include ?? [])],
      quant: this.request.quant ?? null,
      targetName: this.request.targetName ?? null,
      directory: this.directory,
      error: this.failure ? { code: this.failure.code, message: this.failure.message } : null,
      createdAtMs: this.createdAtMs,
      finishedAtMs: this.finishedAtMs,
    };
  }

  /**
   * Stops the download. The `.part` files stay for a later resume unless `deleteFiles` is set. Resolves
   * when the transfer has stopped; a finished download is left as it is.
   */
  async cancel(options: { deleteFiles?: boolean } = {}): Promise<void> {
    if (this.isFinished) return;
    this.isCancelRequestedValue = true;
    this.controller.abort();
    await this.done.catch(() => {});
    await this.onCancel({ deleteFiles: options.deleteFiles ?? false });
  }

  /** @internal */
  setCommit(commit: string): void {
    this.commit = commit;
  }

  /** @internal */
  setState(state: DownloadState): void {
    if (this.isFinished || state === this.currentState) return;
    this.currentState = state;
    this.emitProgress(true);
  }

  /** @internal Emits progress unless one was emitted less than `progressIntervalMs` ago. */
  emitProgress(force = false): void {
    const now = this.clock.now();
    if (!force && now - this.lastEmitMs < this.progressIntervalMs) return;
    this.lastEmitMs = now;
    this.emit('download-progress', this.progress());
  }

  /** @internal */
  finish(
    outcome: { result: DownloadResult } | { error: ModelStoreError; state: 'failed' | 'cancelled' },
  ): void {
    if (this.isFinished) return;
    this.finishedAtMs = this.clock.now();
    if ('result' in outcome) {
      this.setState('done');
      this.settle.resolve(outcome.result);
    } else {
      this.failure = outcome.error;
      this.setState(outcome.state);
      this.settle.reject(outcome.error);
    }
    this.emit('download-finish', this.snapshot());
  }
}
