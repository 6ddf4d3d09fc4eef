import { describe, expect, it } from 'vitest';
import { normalizeEngineMetrics } from './normalize-engine-metrics.js';
import { parsePrometheusText } from './prometheus-text.js';
import { renderInstanceMetrics } from './render-instance-metrics.js';

describe('parsePrometheusText', () => {
  it('reads labels with escapes, exponents, +Inf and timestamps', () => {
    expect(
      parsePrometheusText('# HELP x y\na{b="q\\"u",c="d"} 1.5e+03 1700000000\nz 2\nw{le="+Inf"} +Inf\n'),
    ).toEqual([
      { name: 'a', labels: { b: 'q"u', c: 'd' }, value: 1500 },
      { name: 'z', labels: {}, value: 2 },
      { name: 'w', labels: { le: '+Inf' }, value: Infinity },
    ]);
  });
});

describe('renderInstanceMetrics', () => {
  it("renders the embedded engine's hangar_engine_* metrics under hangar_instance_* with low-cardinality labels", () => {
    const text = [
      'hangar_engine_requests_running 2',
      'hangar_engine_requests_waiting 1',
      'hangar_engine_prompt_tokens_total 40',
      'hangar_engine_prompt_tokens_cached_total 30',
      'hangar_engine_requests_total{status="ok"} 5',
      'hangar_engine_requests_total{status="client_error"} 1',
      'hangar_engine_time_to_first_token_seconds_bucket{le="0.1"} 4',
      'hangar_engine_time_to_first_token_seconds_bucket{le="+Inf"} 5',
      'hangar_engine_time_to_first_token_seconds_sum 0.7',
      'hangar_engine_time_to_first_token_seconds_count 5',
    ].join('\n');
    const metrics = normalizeEngineMetrics('hangar-engine', text);
    expect(
      renderInstanceMetrics([
        { labels: { deployment: 'tiny', engine: 'llama-cpp', instance: '1' }, metrics },
      ]),
    ).toMatchInlineSnapshot(`
      "# HELP hangar_instance_requests_running Requests the engine is decoding.
      # TYPE hangar_instance_requests_running gauge
      hangar_instance_requests_running{deployment="tiny",engine="llama-cpp",instance="1"} 2
      # HELP hangar_instance_requests_waiting Requests queued in the engine.
      # TYPE hangar_instance_requests_waiting gauge
      hangar_instance_requests_waiting{deployment="tiny",engine="llama-cpp",instance="1"} 1
      # HELP hangar_instance_prompt_tokens_total Prompt tokens processed.
      # TYPE hangar_instance_prompt_tokens_total counter
      hangar_instance_prompt_tokens_total{deployment="tiny",engine="llama-cpp",instance="1"} 40
      # HELP hangar_instance_prefix_cache_queried_tokens_total Prompt tokens looked up in the prefix cache.
      # TYPE hangar_instance_prefix_cache_queried_tokens_total counter
      hangar_instance_prefix_cache_queried_tokens_total{deployment="tiny",engine="llama-cpp",instance="1"} 40
      # HELP hangar_instance_prefix_cache_hit_tokens_total Prompt tokens found in the prefix cache.
      # TYPE hangar_instance_prefix_cache_hit_tokens_total counter
      hangar_instance_prefix_cache_hit_tokens_total{deployment="tiny",engine="llama-cpp",instance="1"} 30
      # HELP hangar_instance_requests_finished_total Requests the engine finished.
      # TYPE hangar_instance_requests_finished_total counter
      hangar_instance_requests_finished_total{deployment="tiny",engine="llama-cpp",instance="1"} 6
      # HELP hangar_instance_time_to_first_token_seconds Time to first token, as the engine measured it.
      # TYPE hangar_instance_time_to_first_token_seconds histogram
      hangar_instance_time_to_first_token_seconds_bucket{le="0.1",deployment="tiny",engine="llama-cpp",instance="1"} 4
      hangar_instance_time_to_first_token_seconds_bucket{le="+Inf",deployment="tiny",engine="llama-cpp",instance="1"} 5
      hangar_instance_time_to_first_token_seconds_sum{deployment="tiny",engine="llama-cpp",instance="1"} 0.7
      hangar_instance_time_to_first_token_seconds_count{deployment="tiny",engine="llama-cpp",instance="1"} 5
      "
    `);
    expect(renderInstanceMetrics([])).toBe('');
  });
});
