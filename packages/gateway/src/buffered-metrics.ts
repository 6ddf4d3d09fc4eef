import { Counter, Histogram, type Registry } from '@hangar/observability';

/**
 * prom-client hashes the label object, validates it and allocates on every `inc()` / `observe()`: a few
 * microseconds per call, five calls per request. These two keep the per-request work to a map lookup and an
 * addition, and hand the numbers to prom-client when the registry is read (at each scrape).
 */

interface MetricConfig {
  name: string;
  help: string;
  labelNames: readonly string[];
  registry: Registry;
}

/** Label values joined into one map key (label values cannot hold NUL in practice). */
function keyOf(first: string, second?: string, third?: string): string {
  if (second === undefined) return first;
  return third === undefined ? `${first}\u0000${second}` : `${first}\u0000${second}\u0000${third}`;
}

function labelsOf(names: readonly string[], values: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  names.forEach((name, index) => (labels[name] = values[index] ?? ''));
  return labels;
}

interface CounterSeries {
  labels: Record<string, string>;
  pending: number;
}

/** A counter whose increments accumulate here and reach prom-client when the registry collects it. */
export class BufferedCounter {
  private readonly series = new Map<string, CounterSeries>();

  constructor(private readonly config: MetricConfig) {
    const series = this.series;
    new Counter({
      name: config.name,
      help: config.help,
      labelNames: [...config.labelNames],
      registers: [config.registry],
      collect() {
        for (const entry of series.values()) {
          if (entry.pending === 0) continue;
          this.inc(entry.labels, entry.pending);
          entry.pending = 0;
        }
      },
    });
  }

  /** Adds `amount` to the series of the label values, in `labelNames` order. */
  inc(amount: number, first: string, second?: string, third?: string): void {
    const key = keyOf(first, second, third);
    let entry = this.series.get(key);
    if (entry === undefined) {
      const values =
        third === undefined
          ? second === undefined
            ? [first]
            : [first, second]
          : [first, second ?? '', third];
      entry = { labels: labelsOf(this.config.labelNames, values), pending: 0 };
      this.series.set(key, entry);
    }
    entry.pending += amount;
  }
}

interface HistogramSeries {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

interface ExposedValue {
  labels: { le?: number | string };
  /** prom-client's shape: the series' labels travel apart from `le`. */
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
}

type HistogramConfig = ConstructorParameters<typeof Histogram<string>>[0];

/**
 * prom-client's `Histogram` with its values supplied from outside: the registry reads `getForPromString()` (and
 * `get()` goes through it), so overriding it is enough.
 */
class ExposedHistogram extends Histogram<string> {
  private readonly exposedName: string;
  private readonly exposedHelp: string;

  constructor(
    config: HistogramConfig,
    private readonly valuesOf: () => ExposedValue[],
  ) {
    super(config);
    this.exposedName = config.name;
    this.exposedHelp = config.help;
  }

  getForPromString(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: ExposedValue[];
    aggregator: 'sum';
  }> {
    return Promise.resolve({
      name: this.exposedName,
      help: this.exposedHelp,
      type: 'histogram',
      values: this.valuesOf(),
      aggregator: 'sum',
    });
  }
}

/** A histogram kept here and exposed through a prom-client `Histogram` in the registry. */
export class BufferedHistogram {
  private readonly series = new Map<string, HistogramSeries>();
  private readonly upperBounds: readonly number[];

  constructor(private readonly config: MetricConfig & { buckets: readonly number[] }) {
    this.upperBounds = [...config.buckets].sort((left, right) => left - right);
    new ExposedHistogram(
      {
        name: config.name,
        help: config.help,
        labelNames: [...config.labelNames],
        buckets: [...this.upperBounds],
        registers: [config.registry],
      },
      () => this.exposition(),
    );
  }

  /** Records `value` in the series of the label values, in `labelNames` order. */
  observe(value: number, first: string, second?: string): void {
    const key = keyOf(first, second);
    let entry = this.series.get(key);
    if (entry === undefined) {
      const values = second === undefined ? [first] : [first, second];
      entry = {
        labels: labelsOf(this.config.labelNames, values),
        counts: new Array<number>(this.upperBounds.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, entry);
    }
    const bounds = this.upperBounds;
    let index = 0;
    while (index < bounds.length && value > (bounds[index] as number)) index++;
    entry.counts[index] = (entry.counts[index] ?? 0) + 1;
    entry.sum += value;
    entry.count++;
  }

  private exposition(): ExposedValue[] {
    const bucketName = `${this.config.name}_bucket`;
    const values: ExposedValue[] = [];
    for (const entry of this.series.values()) {
      const sharedLabels = entry.labels;
      let cumulative = 0;
      this.upperBounds.forEach((le, index) => {
        cumulative += entry.counts[index] ?? 0;
        values.push({ labels: { le }, sharedLabels, value: cumulative, metricName: bucketName });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels, value: entry.count, metricName: bucketName },
        { labels: {}, sharedLabels, value: entry.sum, metricName: `${this.config.name}_sum` },
        { labels: {}, sharedLabels, value: entry.count, metricName: `${this.config.name}_count` },
      );
    }
    return values;
  }
}
