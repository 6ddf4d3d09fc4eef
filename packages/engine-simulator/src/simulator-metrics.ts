import type { FinishReason } from '@hangar/contracts';

// Bucket bounds as vLLM defines them (vllm/v1/metrics/loggers.py).
const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640,
  2560,
];
const ITL_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80,
];
const E2E_BUCKETS = [
  0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680,
];

class Histogram {
  readonly counts: number[];
  count = 0;
  sum = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.count++;
    this.sum += value;
    this.bounds.forEach((bound, index) => {
      if (value <= bound) this.counts[index]!++;
    });
  }
}

/** Live state the gauges read at scrape time. */
export interface SchedulerGauges {
  running: number;
  waiting: number;
  kvUsageRatio: number;
}

/** The simulator's counters and histograms, rendered in vLLM's Prometheus text format and names. */
export class SimulatorMetrics {
  promptTokens = 0;
  generationTokens = 0;
  prefixQueries = 0;
  prefixHits = 0;
  preemptions = 0;
  readonly success: Record<FinishReason | 'abort', number> = { stop: 0, length: 0, abort: 0 };
  readonly timeToFirstToken = new Histogram(TTFT_BUCKETS);
  readonly interTokenLatency = new Histogram(ITL_BUCKETS);
  readonly e2eLatency = new Histogram(E2E_BUCKETS);

  constructor(
    private readonly modelName: string,
    private readonly legacyNames: boolean,
    private readonly cacheInfo: { blockSize: number; numGpuBlocks: number; prefixCaching: boolean },
  ) {}

  render(gauges: SchedulerGauges): string {
    const label = `model_name=${JSON.stringify(this.modelName)}`;
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: string[]): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    };
    const sample = (name: string, value: number, extra = ''): string =>
      `${name}{${extra}${label}} ${formatValue(value)}`;
    const gauge = (name: string, help: string, value: number): void =>
      metric(name, 'gauge', help, [sample(name, value)]);
    const counter = (name: string, help: string, value: number): void =>
      metric(`${name}_total`, 'counter', help, [sample(`${name}_total`, value)]);
    const histogram = (name: string, help: string, data: Histogram): void => {
      const samples = data.bounds.map((bound, index) =>
        sample(`${name}_bucket`, data.counts[index]!, `le="${formatValue(bound)}",`),
      );
      samples.push(sample(`${name}_bucket`, data.count, 'le="+Inf",'));
      samples.push(sample(`${name}_count`, data.count), sample(`${name}_sum`, data.sum));
      metric(name, 'histogram', help, samples);
    };
    metric(
      'hangar_simulator_info',
      'gauge',
      'This engine is the Hangar simulator, not a real inference engine.',
      [sample('hangar_simulator_info', 1)],
    );
    gauge('vllm:num_requests_running', 'Number of requests in model execution batches.', gauges.running);
    gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.', gauges.waiting);
    gauge('vllm:kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', gauges.kvUsageRatio);
    if (this.legacyNames) {
      gauge(
        'vllm:gpu_cache_usage_perc',
        'GPU KV-cache usage. 1 means 100 percent usage.',
        gauges.kvUsageRatio,
      );
    }
    const info = this.cacheInfo;
    metric('vllm:cache_config_info', 'gauge', 'Information of the LLMEngine CacheConfig', [
      `vllm:cache_config_info{block_size="${info.blockSize}",enable_prefix_caching="${info.prefixCaching ? 'True' : 'False'}",num_gpu_blocks="${info.numGpuBlocks}"} 1.0`,
    ]);
    counter('vllm:num_preemptions', 'Cumulative number of preemption from the engine.', this.preemptions);
    counter('vllm:prompt_tokens', 'Number of prefill tokens processed.', this.promptTokens);
    counter('vllm:generation_tokens', 'Number of generation tokens processed.', this.generationTokens);
    metric(
      'vllm:request_success_total',
      'counter',
      'Count of successfully processed requests.',
      (['stop', 'length', 'abort'] as const).map((reason) =>
        sample('vllm:request_success_total', this.success[reason], `finished_reason="${reason}",`),
      ),
    );
    counter(
      'vllm:prefix_cache_queries',
      'Prefix cache queries, in terms of number of queried tokens.',
      this.prefixQueries,
    );
    counter(
      'vllm:prefix_cache_hits',
      'Prefix cache hits, in terms of number of cached tokens.',
      this.prefixHits,
    );
    histogram(
      'vllm:time_to_first_token_seconds',
      'Histogram of time to first token in seconds.',
      this.timeToFirstToken,
    );
    histogram(
      'vllm:inter_token_latency_seconds',
      'Histogram of inter-token latency in seconds.',
      this.interTokenLatency,
    );
    if (this.legacyNames) {
      histogram(
        'vllm:time_per_output_token_seconds',
        'Histogram of time per output token in seconds.',
        this.interTokenLatency,
      );
    }
    histogram(
      'vllm:e2e_request_latency_seconds',
      'Histogram of e2e request latency in seconds.',
      this.e2eLatency,
    );
    return `${lines.join('\n')}\n`;
  }
}

/** Python's float repr, as prometheus_client prints it (`1.0`, `0.25`). */
function formatValue(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
