import type { MetricsDialect } from '../launch-spec.js';
import { parsePrometheusText, type PrometheusSample } from './prometheus-text.js';

/** A histogram summed over an engine's series (DP ranks, model names). */
export interface HistogramData {
  /** Cumulative counts by upper bound, ascending; the last is +Inf. */
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

/** One instance's load and latency, whatever its engine called them. Null: the engine does not export it. */
export interface NormalizedEngineMetrics {
  requestsRunning: number | null;
  requestsWaiting: number | null;
  /** 0..1 */
  kvCacheUsageRatio: number | null;
  promptTokensTotal: number | null;
  generationTokensTotal: number | null;
  /** Prompt tokens looked up in the prefix cache, and those found. */
  prefixCacheQueriedTokensTotal: number | null;
  prefixCacheHitTokensTotal: number | null;
  requestsFinishedTotal: number | null;
  timeToFirstTokenSeconds: HistogramData | null;
  interTokenLatencySeconds: HistogramData | null;
  e2eRequestLatencySeconds: HistogramData | null;
}

type ScalarField = Exclude<keyof NormalizedEngineMetrics, `${string}Seconds`>;
type HistogramField = Extract<keyof NormalizedEngineMetrics, `${string}Seconds`>;

/** Per field: alternatives tried in order (older names last); each alternative adds its names together. */
interface DialectMap {
  scalars: Partial<Record<ScalarField, string[][]>>;
  histograms: Partial<Record<HistogramField, string[]>>;
}

const MAPS: Record<MetricsDialect, DialectMap> = {
  vllm: {
    scalars: {
      requestsRunning: [['vllm:num_requests_running']],
      requestsWaiting: [['vllm:num_requests_waiting']],
      kvCacheUsageRatio: [['vllm:kv_cache_usage_perc'], ['vllm:gpu_cache_usage_perc']],
      promptTokensTotal: [['vllm:prompt_tokens_total']],
      generationTokensTotal: [['vllm:generation_tokens_total']],
      prefixCacheQueriedTokensTotal: [
        ['vllm:prefix_cache_queries_total'],
        ['vllm:gpu_prefix_cache_queries_total'],
      ],
      prefixCacheHitTokensTotal: [['vllm:prefix_cache_hits_total'], ['vllm:gpu_prefix_cache_hits_total']],
      requestsFinishedTotal: [['vllm:request_success_total']],
    },
    histograms: {
      timeToFirstTokenSeconds: ['vllm:time_to_first_token_seconds'],
      interTokenLatencySeconds: ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds'],
      e2eRequestLatencySeconds: ['vllm:e2e_request_latency_seconds'],
    },
  },
  sglang: {
    scalars: {
      requestsRunning: [['sglang:num_running_reqs']],
      requestsWaiting: [['sglang:num_queue_reqs']],
      kvCacheUsageRatio: [['sglang:token_usage']],
      promptTokensTotal: [['sglang:prompt_tokens_total']],
      generationTokensTotal: [['sglang:generation_tokens_total']],
      // SGLang's radix cache looks up every prompt token.
      prefixCacheQueriedTokensTotal: [['sglang:prompt_tokens_total']],
      prefixCacheHitTokensTotal: [['sglang:cached_tokens_total']],
      requestsFinishedTotal: [['sglang:num_requests_total']],
    },
    histograms: {
      timeToFirstTokenSeconds: ['sglang:time_to_first_token_seconds'],
      interTokenLatencySeconds: [
        'sglang:inter_token_latency_seconds',
        'sglang:time_per_output_token_seconds',
      ],
      e2eRequestLatencySeconds: ['sglang:e2e_request_latency_seconds'],
    },
  },
  llamacpp: {
    scalars: {
      requestsRunning: [['llamacpp:requests_processing']],
      requestsWaiting: [['llamacpp:requests_deferred']],
      // Removed from llama.cpp in 2025; older builds still export it.
      kvCacheUsageRatio: [['llamacpp:kv_cache_usage_ratio']],
      // llama.cpp's prompt_tokens_total excludes cached tokens.
      promptTokensTotal: [
        ['llamacpp:prompt_tokens_total', 'llamacpp:prompt_tokens_cached_total'],
        ['llamacpp:prompt_tokens_total'],
      ],
      generationTokensTotal: [['llamacpp:tokens_predicted_total']],
      prefixCacheQueriedTokensTotal: [
        ['llamacpp:prompt_tokens_total', 'llamacpp:prompt_tokens_cached_total'],
      ],
      prefixCacheHitTokensTotal: [['llamacpp:prompt_tokens_cached_total']],
    },
    histograms: {},
  },
  mindie: {
    scalars: {
      requestsRunning: [['num_requests_running']],
      requestsWaiting: [['num_requests_waiting']],
      kvCacheUsageRatio: [['npu_cache_usage_perc']],
      promptTokensTotal: [['prompt_tokens_total']],
      generationTokensTotal: [['generation_tokens_total']],
      requestsFinishedTotal: [['request_success_total']],
    },
    histograms: {
      timeToFirstTokenSeconds: ['time_to_first_token_seconds'],
      interTokenLatencySeconds: ['time_per_output_token_seconds'],
      e2eRequestLatencySeconds: ['e2e_request_latency_seconds'],
    },
  },
  'hangar-engine': {
    scalars: {
      requestsRunning: [['hangar_engine_requests_running']],
      requestsWaiting: [['hangar_engine_requests_waiting']],
      promptTokensTotal: [['hangar_engine_prompt_tokens_total']],
      generationTokensTotal: [['hangar_engine_generation_tokens_total']],
      // Every prompt token is looked up in the sequence's cached prefix.
      prefixCacheQueriedTokensTotal: [['hangar_engine_prompt_tokens_total']],
      prefixCacheHitTokensTotal: [['hangar_engine_prompt_tokens_cached_total']],
      requestsFinishedTotal: [['hangar_engine_requests_total']],
    },
    histograms: { timeToFirstTokenSeconds: ['hangar_engine_time_to_first_token_seconds'] },
  },
};

/** Ratios are averaged over series (one per DP rank); counts are added. */
const AVERAGED: ReadonlySet<ScalarField> = new Set(['kvCacheUsageRatio']);

/**
 * Reads an engine's `/metrics` text into one record under Hangar's meaning: running/waiting requests, KV cache
 * usage as a 0..1 ratio, token counters, prefix-cache tokens and TTFT / inter-token / e2e histograms.
 */
export function normalizeEngineMetrics(dialect: MetricsDialect, text: string): NormalizedEngineMetrics {
  const byName = new Map<string, PrometheusSample[]>();
  for (const sample of parsePrometheusText(text)) {
    const list = byName.get(sample.name) ?? [];
    list.push(sample);
    byName.set(sample.name, list);
  }
  const map = MAPS[dialect];
  const scalar = (field: ScalarField): number | null => {
    for (const names of map.scalars[field] ?? []) {
      const series = names.map((name) => byName.get(name));
      if (series.some((list) => list === undefined)) continue;
      const values = series.flatMap((list) => list!.map((sample) => sample.value));
      const total = values.reduce((sum, value) => sum + value, 0);
      return AVERAGED.has(field) ? total / Math.max(1, values.length / names.length) : total;
    }
    return null;
  };
  const histogram = (field: HistogramField): HistogramData | null => {
    for (const name of map.histograms[field] ?? []) {
      const buckets = byName.get(`${name}_bucket`);
      if (buckets === undefined) continue;
      const counts = new Map<number, number>();
      for (const sample of buckets) {
        const le =
          sample.labels['le'] === undefined ? NaN : Number(sample.labels['le'].replace('Inf', 'Infinity'));
        if (!Number.isNaN(le)) counts.set(le, (counts.get(le) ?? 0) + sample.value);
      }
      const total = (suffix: string): number =>
        (byName.get(`${name}${suffix}`) ?? []).reduce((sum, sample) => sum + sample.value, 0);
      return {
        buckets: [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([le, count]) => ({ le, count })),
        sum: total('_sum'),
        count: total('_count'),
      };
    }
    return null;
  };
  return {
    requestsRunning: scalar('requestsRunning'),
    requestsWaiting: scalar('requestsWaiting'),
    kvCacheUsageRatio: scalar('kvCacheUsageRatio'),
    promptTokensTotal: scalar('promptTokensTotal'),
    generationTokensTotal: scalar('generationTokensTotal'),
    prefixCacheQueriedTokensTotal: scalar('prefixCacheQueriedTokensTotal'),
    prefixCacheHitTokensTotal: scalar('prefixCacheHitTokensTotal'),
    requestsFinishedTotal: scalar('requestsFinishedTotal'),
    timeToFirstTokenSeconds: histogram('timeToFirstTokenSeconds'),
    interTokenLatencySeconds: histogram('interTokenLatencySeconds'),
    e2eRequestLatencySeconds: histogram('e2eRequestLatencySeconds'),
  };
}
