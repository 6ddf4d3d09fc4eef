import { errorMessage, type Clock } from '@hangar/core';
import type { Logger } from '@hangar/observability';
import type { Store } from '@hangar/store';

export const DEFAULT_USAGE_RETENTION_DAYS = 90;

/** Deletes usage ledger rows older than the retention setting: at start, hourly, and when the setting changes. */
export class UsageRetention {
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.apply();
    this.timer = setInterval(() => this.apply(), 3_600_000);
    this.timer.unref();
  }

  days(): number {
    return this.store.settings.get<number>('usageRetentionDays') ?? DEFAULT_USAGE_RETENTION_DAYS;
  }

  apply(): void {
    try {
      const removed = this.store.usage.deleteBefore(this.clock.now() - this.days() * 86_400_000);
      if (removed > 0) this.logger.info({ removed, days: this.days() }, 'usage-retention');
    } catch (error) {
      this.logger.error({ error: errorMessage(error) }, 'usage-retention-failed');
    }
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }
}
