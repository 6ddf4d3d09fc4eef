import { Registry, collectDefaultMetrics } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per server process; names follow `hangar_<subsystem>_<what>_<unit>`. */
export function createMetricsRegistry(options: { collectDefaults?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.collectDefaults ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'hangar_process_' });
  return registry;
}
