import type { EngineName } from '@hangar/core';
import type { HistogramData, NormalizedEngineMetrics } from './normalize-engine-metrics.js';

/**
 * Labels of one instance's series. Low cardinality by construction: the deployment name, the engine, and the
 * replica ordinal (0..replicas-1) — never an instance id, which changes on every restart.
 */
export interface InstanceMetricLabels {
  deployment: string;
  engine: EngineName;
  /** The replica ordinal, as a string (`"0"`). */
  instance: string;
}

export interface InstanceMetrics {
  labels: InstanceMetricLabels;
  metrics: NormalizedEngineMetrics;
}

type Scalar = {
  [K in keyof NormalizedEngineMetrics]: NormalizedEngineMetrics[K] extends number | null ? K : never;
}[keyof NormalizedEngineMetrics];
type Histogram = Exclude<keyof NormalizedEngineMetrics, Scalar>;

const SCALARS: { field: Scalar; name: string; type: 'gauge' | 'counter'; help: string }[] = [
  {
    field: 'requestsRunning',
    name: 'hangar_instance_requests_running',
    type: 'gauge',
    help: 'Requests the engine is decoding.',
  },
  {
    field: 'requestsWaiting',
    name: 'hangar_instance_requests_waiting',
    type: 'gauge',
    help: 'Requests queued in the engine.',
  },
  {
    field: 'kvCacheUsageRatio',
    name: 'hangar_instance_kv_cache_usage_ratio',
    type: 'gauge',
    help: 'Share of the KV cache in use (0..1).',
  },
  {
    field: 'promptTokensTotal',
    name: 'hangar_instance_prompt_tokens_total',
    type: 'counter',
    help: 'Prompt tokens processed.',
  },
  {
    field: 'generationTokensTotal',
    name: 'hangar_instance_generation_tokens_total',
    type: 'counter',
    help: 'Tokens generated.',
  },
  {
    field: 'prefixCacheQueriedTokensTotal',
    name: 'hangar_instance_prefix_cache_queried_tokens_total',
    type: 'counter',
    help: 'Prompt tokens looked up in the prefix cache.',
  },
  {
    field: 'prefixCacheHitTokensTotal',
    name: 'hangar_instance_prefix_cache_hit_tokens_total',
    type: 'counter',
    help: 'Prompt tokens found in the prefix cache.',
  },
  {
    field: 'requestsFinishedTotal',
    name: 'hangar_instance_requests_finished_total',
    type: 'counter',
    help: 'Requests the engine finished.',
  },
];

const HISTOGRAMS: { field: Histogram; name: string; help: string }[] = [
  {
    field: 'timeToFirstTokenSeconds',
    name: 'hangar_instance_time_to_first_token_seconds',
    help: 'Time to first token, as the engine measured it.',
  },
  {
    field: 'interTokenLatencySeconds',
    name: 'hangar_instance_inter_token_latency_seconds',
    help: 'Time between two output tokens.',
  },
  {
    field: 'e2eRequestLatencySeconds',
    name: 'hangar_instance_e2e_request_latency_seconds',
    help: 'Request latency inside the engine.',
  },
];

function labelText(labels: InstanceMetricLabels, extra = ''): string {
  const pairs = [
    `deployment=${quote(labels.deployment)}`,
    `engine=${quote(labels.engine)}`,
    `instance=${quote(labels.instance)}`,
  ];
  return `{${extra}${pairs.join(',')}}`;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function histogramLines(name: string, labels: InstanceMetricLabels, data: HistogramData): string[] {
  const lines = data.buckets.map(
    ({ le, count }) =>
      `${name}_bucket${labelText(labels, `le="${le === Infinity ? '+Inf' : String(le)}",`)} ${count}`,
  );
  if (!data.buckets.some(({ le }) => le === Infinity))
    lines.push(`${name}_bucket${labelText(labels, 'le="+Inf",')} ${data.count}`);
  lines.push(
    `${name}_sum${labelText(labels)} ${data.sum}`,
    `${name}_count${labelText(labels)} ${data.count}`,
  );
  return lines;
}

/**
 * Renders every instance's normalised metrics once, under Hangar's names (`hangar_instance_*`), in Prometheus
 * text format, ready to append to the server's `/metrics`. Values an engine does not export are left out.
 */
export function renderInstanceMetrics(instances: readonly InstanceMetrics[]): string {
  const lines: string[] = [];
  for (const { field, name, type, help } of SCALARS) {
    const samples = instances.flatMap(({ labels, metrics }) => {
      const value = metrics[field];
      return value === null ? [] : [`${name}${labelText(labels)} ${value}`];
    });
    if (samples.length > 0) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
  }
  for (const { field, name, help } of HISTOGRAMS) {
    const samples = instances.flatMap(({ labels, metrics }) => {
      const data = metrics[field];
      return data === null ? [] : histogramLines(name, labels, data);
    });
    if (samples.length > 0) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`, ...samples);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
