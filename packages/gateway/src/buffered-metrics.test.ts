import { describe, expect, it } from 'vitest';
import { Counter, Histogram, Registry } from '@hangar/observability';
import { BufferedCounter, BufferedHistogram } from './buffered-metrics.js';

const BUCKETS = [0.01, 0.1, 1];
const OBSERVATIONS: [number, string, string][] = [
  [0.005, 'a', '/v1/chat/completions'],
  [0.01, 'a', '/v1/chat/completions'],
  [0.5, 'a', '/v1/chat/completions'],
  [7, 'a', '/v1/chat/completions'],
  [0.05, 'b', '/v1/embeddings'],
];

describe('buffered metrics', () => {
  it('expose the same text as prom-client fed the same values', async () => {
    const native = new Registry();
    const nativeHistogram = new Histogram({
      name: 'h_seconds',
      help: 'h',
      labelNames: ['model', 'endpoint'],
      buckets: BUCKETS,
      registers: [native],
    });
    const nativeCounter = new Counter({
      name: 'c_total',
      help: 'c',
      labelNames: ['model', 'endpoint', 'status'],
      registers: [native],
    });
    const buffered = new Registry();
    const histogram = new BufferedHistogram({
      name: 'h_seconds',
      help: 'h',
      labelNames: ['model', 'endpoint'],
      buckets: BUCKETS,
      registry: buffered,
    });
    const counter = new BufferedCounter({
      name: 'c_total',
      help: 'c',
      labelNames: ['model', 'endpoint', 'status'],
      registry: buffered,
    });
    for (const [value, model, endpoint] of OBSERVATIONS) {
      nativeHistogram.observe({ model, endpoint }, value);
      nativeCounter.inc({ model, endpoint, status: '200' });
      histogram.observe(value, model, endpoint);
      counter.inc(1, model, endpoint, '200');
    }
    expect(await buffered.metrics()).toBe(await native.metrics());
    // prom-client adds `exemplar: null` to its own values; nothing else differs.
    const withoutExemplars = (json: unknown): unknown =>
      JSON.parse(JSON.stringify(json, (key, value: unknown) => (key === 'exemplar' ? undefined : value)));
    expect(withoutExemplars(await buffered.getMetricsAsJSON())).toEqual(
      withoutExemplars(await native.getMetricsAsJSON()),
    );
  });

  it('hand counter increments to prom-client at every collection, once', async () => {
    const registry = new Registry();
    const counter = new BufferedCounter({
      name: 't_total',
      help: 't',
      labelNames: ['model', 'type'],
      registry,
    });
    counter.inc(5, 'm', 'input');
    expect(await registry.metrics()).toContain('t_total{model="m",type="input"} 5');
    expect(await registry.metrics()).toContain('t_total{model="m",type="input"} 5');
    counter.inc(2, 'm', 'input');
    expect(await registry.metrics()).toContain('t_total{model="m",type="input"} 7');
  });
});
