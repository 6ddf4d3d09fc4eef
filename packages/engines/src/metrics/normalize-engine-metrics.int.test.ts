import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeEngineMetrics } from './normalize-engine-metrics.js';
import { renderInstanceMetrics } from './render-instance-metrics.js';

// Reads the recorded /metrics outputs in ./fixtures (see each file's header for its provenance).
const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('normalizeEngineMetrics on recorded /metrics outputs', () => {
  it('vLLM 0.10 with two DP ranks: sums counts, averages KV usage, merges histograms', () => {
    const metrics = normalizeEngineMetrics('vllm', fixture('vllm-0.10-dp2.txt'));
    expect(metrics).toMatchObject({
      requestsRunning: 21,
      requestsWaiting: 3,
      kvCacheUsageRatio: 0.4,
      promptTokensTotal: 200000,
      generationTokensTotal: 85000,
      prefixCacheQueriedTokensTotal: 200000,
      prefixCacheHitTokensTotal: 64000,
      requestsFinishedTotal: 170,
    });
    expect(metrics.timeToFirstTokenSeconds).toEqual({
      buckets: [
        { le: 0.1, count: 30 },
        { le: 0.5, count: 140 },
        { le: 2.5, count: 168 },
        { le: Infinity, count: 170 },
      ],
      sum: 51.5,
      count: 170,
    });
    expect(renderInstanceMetrics([{ labels: { deployment: 'r1', engine: 'vllm', instance: '0' }, metrics }]))
      .toMatchInlineSnapshot(`
      "# HELP hangar_instance_requests_running Requests the engine is decoding.
      # TYPE hangar_instance_requests_running gauge
      hangar_instance_requests_running{deployment="r1",engine="vllm",instance="0"} 21
      # HELP hangar_instance_requests_waiting Requests queued in the engine.
      # TYPE hangar_instance_requests_waiting gauge
      hangar_instance_requests_waiting{deployment="r1",engine="vllm",instance="0"} 3
      # HELP hangar_instance_kv_cache_usage_ratio Share of the KV cache in use (0..1).
      # TYPE hangar_instance_kv_cache_usage_ratio gauge
      hangar_instance_kv_cache_usage_ratio{deployment="r1",engine="vllm",instance="0"} 0.4
      # HELP hangar_instance_prompt_tokens_total Prompt tokens processed.
      # TYPE hangar_instance_prompt_tokens_total counter
      hangar_instance_prompt_tokens_total{deployment="r1",engine="vllm",instance="0"} 200000
      # HELP hangar_instance_generation_tokens_total Tokens generated.
      # TYPE hangar_instance_generation_tokens_total counter
      hangar_instance_generation_tokens_total{deployment="r1",engine="vllm",instance="0"} 85000
      # HELP hangar_instance_prefix_cache_queried_tokens_total Prompt tokens looked up in the prefix cache.
      # TYPE hangar_instance_prefix_cache_queried_tokens_total counter
      hangar_instance_prefix_cache_queried_tokens_total{deployment="r1",engine="vllm",instance="0"} 200000
      # HELP hangar_instance_prefix_cache_hit_tokens_total Prompt tokens found in the prefix cache.
      # TYPE hangar_instance_prefix_cache_hit_tokens_total counter
      hangar_instance_prefix_cache_hit_tokens_total{deployment="r1",engine="vllm",instance="0"} 64000
      # HELP hangar_instance_requests_finished_total Requests the engine finished.
      # TYPE hangar_instance_requests_finished_total counter
      hangar_instance_requests_finished_total{deployment="r1",engine="vllm",instance="0"} 170
      # HELP hangar_instance_time_to_first_token_seconds Time to first token, as the engine measured it.
      # TYPE hangar_instance_time_to_first_token_seconds histogram
      hangar_instance_time_to_first_token_seconds_bucket{le="0.1",deployment="r1",engine="vllm",instance="0"} 30
      hangar_instance_time_to_first_token_seconds_bucket{le="0.5",deployment="r1",engine="vllm",instance="0"} 140
      hangar_instance_time_to_first_token_seconds_bucket{le="2.5",deployment="r1",engine="vllm",instance="0"} 168
      hangar_instance_time_to_first_token_seconds_bucket{le="+Inf",deployment="r1",engine="vllm",instance="0"} 170
      hangar_instance_time_to_first_token_seconds_sum{deployment="r1",engine="vllm",instance="0"} 51.5
      hangar_instance_time_to_first_token_seconds_count{deployment="r1",engine="vllm",instance="0"} 170
      # HELP hangar_instance_inter_token_latency_seconds Time between two output tokens.
      # TYPE hangar_instance_inter_token_latency_seconds histogram
      hangar_instance_inter_token_latency_seconds_bucket{le="0.025",deployment="r1",engine="vllm",instance="0"} 40000
      hangar_instance_inter_token_latency_seconds_bucket{le="0.05",deployment="r1",engine="vllm",instance="0"} 44900
      hangar_instance_inter_token_latency_seconds_bucket{le="+Inf",deployment="r1",engine="vllm",instance="0"} 44900
      hangar_instance_inter_token_latency_seconds_sum{deployment="r1",engine="vllm",instance="0"} 898
      hangar_instance_inter_token_latency_seconds_count{deployment="r1",engine="vllm",instance="0"} 44900
      # HELP hangar_instance_e2e_request_latency_seconds Request latency inside the engine.
      # TYPE hangar_instance_e2e_request_latency_seconds histogram
      hangar_instance_e2e_request_latency_seconds_bucket{le="10",deployment="r1",engine="vllm",instance="0"} 60
      hangar_instance_e2e_request_latency_seconds_bucket{le="+Inf",deployment="r1",engine="vllm",instance="0"} 100
      hangar_instance_e2e_request_latency_seconds_sum{deployment="r1",engine="vllm",instance="0"} 1200
      hangar_instance_e2e_request_latency_seconds_count{deployment="r1",engine="vllm",instance="0"} 100
      "
    `);
  });

  it('vLLM before 0.9: falls back to the deprecated names', () => {
    const metrics = normalizeEngineMetrics('vllm', fixture('vllm-0.8-legacy.txt'));
    expect(metrics).toMatchObject({
      requestsRunning: 4,
      requestsWaiting: 7,
      kvCacheUsageRatio: 0.9731,
      prefixCacheHitTokensTotal: 1250,
      generationTokensTotal: 25000,
    });
    expect(metrics.interTokenLatencySeconds?.count).toBe(24960);
  });

  it('SGLang: running/queue requests, token_usage as KV usage, cached tokens as prefix hits', () => {
    const metrics = normalizeEngineMetrics('sglang', fixture('sglang-0.4.txt'));
    expect(metrics).toMatchObject({
      requestsRunning: 32,
      requestsWaiting: 5,
      kvCacheUsageRatio: 0.28,
      promptTokensTotal: 8128902,
      prefixCacheHitTokensTotal: 2000000,
      requestsFinishedTotal: 8125,
    });
    expect(metrics.timeToFirstTokenSeconds?.count).toBe(8125);
    expect(metrics.interTokenLatencySeconds?.sum).toBeCloseTo(866964.58);
  });

  it('llama.cpp: processing/deferred requests; KV usage only from older builds; cached prompt tokens added back', () => {
    const old = normalizeEngineMetrics('llamacpp', fixture('llamacpp-b4500.txt'));
    expect(old).toMatchObject({
      requestsRunning: 2,
      requestsWaiting: 1,
      kvCacheUsageRatio: 0.125,
      promptTokensTotal: 4096,
      generationTokensTotal: 1024,
      timeToFirstTokenSeconds: null,
    });
    const current = normalizeEngineMetrics('llamacpp', fixture('llamacpp-2026.txt'));
    expect(current).toMatchObject({
      requestsRunning: 4,
      requestsWaiting: 0,
      kvCacheUsageRatio: null,
      promptTokensTotal: 4000,
      prefixCacheHitTokensTotal: 1000,
    });
  });
});
