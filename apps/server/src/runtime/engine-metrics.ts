import { errorMessage, type Clock, type EngineLoad, type UpstreamLoad } from '@hangar/core';
import {
  renderInstanceMetrics,
  scrapeEngineMetrics,
  type InstanceStatus,
  type NormalizedEngineMetrics,
} from '@hangar/engines';
import type { Logger } from '@hangar/observability';
import type { Store } from '@hangar/store';

interface Scraped {
  at: number;
  deployment: string;
  engine: NonNullable<InstanceStatus['engine']>;
  ordinal: number;
  metrics: NormalizedEngineMetrics;
}

const STALE_MS = 15_000;

/**
 * Scrapes every ready instance's `/metrics` on an interval: the latest figures feed the gateway's load-aware routing
 * (`UpstreamLoad`) and are exposed once, under Hangar's names, on the server's `/metrics`.
 */
export class EngineMetricsScraper implements UpstreamLoad {
  private readonly latest = new Map<string, Scraped>();
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly options: {
      store: Store;
      statuses: () => InstanceStatus[];
      clock: Clock;
      logger: Logger;
      intervalMs: number;
    },
  ) {
    this.timer = setInterval(() => void this.scrapeAll(), options.intervalMs);
    this.timer.unref();
  }

  load(instanceId: string): EngineLoad | undefined {
    const scraped = this.latest.get(instanceId);
    if (!scraped || this.options.clock.now() - scraped.at > STALE_MS) return undefined;
    return {
      requestsRunning: scraped.metrics.requestsRunning ?? 0,
      requestsWaiting: scraped.metrics.requestsWaiting ?? 0,
      kvCacheUsageRatio: scraped.metrics.kvCacheUsageRatio ?? undefined,
    };
  }

  /** Prometheus text of the instances' normalised metrics. */
  render(): string {
    const now = this.options.clock.now();
    const fresh = [...this.latest.values()].filter((scraped) => now - scraped.at <= STALE_MS);
    return renderInstanceMetrics(
      fresh.map((scraped) => ({
        labels: { deployment: scraped.deployment, engine: scraped.engine, instance: String(scraped.ordinal) },
        metrics: scraped.metrics,
      })),
    );
  }

  async scrapeAll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const ready = this.options
        .statuses()
        .filter((status) => status.state === 'ready' && status.metrics && status.engine);
      const alive = new Set(ready.map((status) => status.instanceId));
      for (const id of this.latest.keys()) if (!alive.has(id)) this.latest.delete(id);
      await Promise.all(ready.map((status) => this.scrapeOne(status)));
    } finally {
      this.running = false;
    }
  }

  private async scrapeOne(status: InstanceStatus): Promise<void> {
    const instance = this.options.store.instances.findById(status.instanceId);
    const deployment = instance && this.options.store.deployments.findById(instance.deploymentId);
    if (!instance || !deployment || !status.metrics || !status.engine) return;
    try {
      const metrics = await scrapeEngineMetrics(status.metrics, { timeoutMs: 2000 });
      this.latest.set(status.instanceId, {
        at: this.options.clock.now(),
        deployment: deployment.name,
        engine: status.engine,
        ordinal: instance.ordinal,
        metrics,
      });
    } catch (error) {
      this.options.logger.debug(
        { instanceId: status.instanceId, error: errorMessage(error) },
        'metrics-scrape-failed',
      );
    }
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }
}
