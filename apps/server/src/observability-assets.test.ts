import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderInstanceMetrics, type HistogramData, type NormalizedEngineMetrics } from '@hangar/engines';
import { createGatewayMetrics } from '@hangar/gateway';
import { createMetricsRegistry } from '@hangar/observability';

const dashboardPath = new URL(
  '../../../deploy/observability/grafana-dashboard-gateway.json',
  import.meta.url,
);

/** Every metric name the server's `/metrics` can expose: the gateway's, the process's, every instance series. */
async function exposedNames(): Promise<Set<string>> {
  const registry = createMetricsRegistry();
  createGatewayMetrics(registry);
  const names = new Set((await registry.getMetricsAsJSON()).map((metric) => metric.name));
  const histogram: HistogramData = { buckets: [{ le: Infinity, count: 1 }], sum: 1, count: 1 };
  const everything: NormalizedEngineMetrics = {
    requestsRunning: 1,
    requestsWaiting: 1,
    kvCacheUsageRatio: 0.5,
    promptTokensTotal: 1,
    generationTokensTotal: 1,
    prefixCacheQueriedTokensTotal: 1,
    prefixCacheHitTokensTotal: 1,
    requestsFinishedTotal: 1,
    timeToFirstTokenSeconds: histogram,
    interTokenLatencySeconds: histogram,
    e2eRequestLatencySeconds: histogram,
  };
  const text = renderInstanceMetrics([
    { labels: { deployment: 'd', engine: 'vllm', instance: '0' }, metrics: everything },
  ]);
  for (const match of text.matchAll(/^# TYPE (\S+)/gm)) names.add(match[1]!);
  return names;
}

describe('deploy/observability Grafana dashboard', () => {
  it('queries only metrics that Hangar exposes', async () => {
    const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const exposed = await exposedNames();
    const queried = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) =>
        [...target.expr.matchAll(/hangar_[a-z0-9_]+/g)].map((match) => ({
          panel: panel.title,
          name: match[0].replace(/_(bucket|sum|count)$/, ''),
        })),
      ),
    );
    expect(queried.length).toBeGreaterThan(8);
    expect(queried.filter(({ name }) => !exposed.has(name))).toEqual([]);
  });
});
