import type { Clock } from '@hangar/core';

/** Where a download is. `queued`: waiting for a slot or another process's lock. */
export type DownloadState = 'queued' | 'downloading' | 'verifying' | 'done' | 'failed' | 'cancelled';

/** Where one file of a download is. */
export type DownloadFileState = 'queued' | 'downloading' | 'done' | 'failed';

export interface DownloadFileProgress {
  /** Path inside the repository. */
  path: string;
  sizeBytes: number;
  bytesDone: number;
  state: DownloadFileState;
}

/** Totals of a download at one moment. */
export interface DownloadProgress {
  id: string;
  state: DownloadState;
  bytesDone: number;
  bytesTotal: number;
  /** Average over the last few seconds of bytes received from the network (resumed bytes excluded). */
  bytesPerSecond: number;
  /** Seconds left at the current rate; null while unknown. */
  etaSeconds: number | null;
  files: DownloadFileProgress[];
}

const windowMs = 5000;

/** Per-file byte counts plus a sliding-window transfer rate, timed by an injected clock. */
export class ProgressTracker {
  private readonly clock: Clock;
  private readonly files = new Map<string, DownloadFileProgress>();
  private received = 0;
  private samples: { atMs: number; received: number }[] = [];

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Declares the files of the download, all queued. */
  setFiles(files: readonly { path: string; sizeBytes: number }[]): void {
    this.files.clear();
    for (const file of files) this.files.set(file.path, { ...file, bytesDone: 0, state: 'queued' });
  }

  /** Records a file's bytes on disk and how many of them just came from the network. */
  update(path: string, bytesDone: number, receivedBytes: number): void {
    const file = this.files.get(path);
    if (file) file.bytesDone = bytesDone;
    if (receivedBytes > 0) {
      this.received += receivedBytes;
      const atMs = this.clock.now();
      this.samples.push({ atMs, received: this.received });
      while (this.samples.length > 2 && (this.samples[0]?.atMs ?? atMs) < atMs - windowMs)
        this.samples.shift();
    }
  }

  setFileState(path: string, state: DownloadFileState): void {
    const file = this.files.get(path);
    if (file) file.state = state;
  }

  snapshot(id: string, state: DownloadState): DownloadProgress {
    const files = [...this.files.values()].map((file) => ({ ...file }));
    const bytesDone = files.reduce((sum, file) => sum + file.bytesDone, 0);
    const bytesTotal = files.reduce((sum, file) => sum + file.sizeBytes, 0);
    const bytesPerSecond = state === 'downloading' ? this.rate() : 0;
    const etaSeconds =
      state === 'done' ? 0 : bytesPerSecond > 0 ? Math.ceil((bytesTotal - bytesDone) / bytesPerSecond) : null;
    return { id, state, bytesDone, bytesTotal, bytesPerSecond, etaSeconds, files };
  }

  private rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last) return 0;
    // Measure up to now, so a stalled transfer's rate falls towards zero.
    const elapsedMs = Math.max(this.clock.now(), last.atMs) - first.atMs;
    if (elapsedMs <= 0) return 0;
    return Math.round(((last.received - first.received) * 1000) / elapsedMs);
  }
}
