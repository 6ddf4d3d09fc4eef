import { errorMessage, type UsageRecord, type UsageSink } from '@hangar/core';
import type { Logger } from '@hangar/observability';
import type { Store } from '@hangar/store';

/**
 * The usage ledger's writer: `record` only appends to memory; rows reach the database in one transaction per
 * flush (every `flushIntervalMs`, or sooner when `maxBatch` rows are waiting), so the request path never waits
 * on the disk.
 */
export class UsageWriter implements UsageSink {
  private pending: UsageRecord[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly afterFlush: () => void,
    private readonly options: { flushIntervalMs: number; maxBatch: number } = {
      flushIntervalMs: 500,
      maxBatch: 256,
    },
  ) {
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  record(usage: UsageRecord): void {
    this.pending.push(usage);
    if (this.pending.length >= this.options.maxBatch) setImmediate(() => this.flush());
  }

  flush(): void {
    this.afterFlush();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.store.usage.insertMany(batch);
    } catch (error) {
      this.logger.error({ error: errorMessage(error), rows: batch.length }, 'usage-flush-failed');
    }
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    return Promise.resolve();
  }
}
