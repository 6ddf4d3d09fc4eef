import { describe, expect, it } from 'vitest';
import { findCatalogModel } from './catalog/catalog.js';
import { compareKvWithPlan, parseEngineKvReport } from './engine-kv-report.js';
import { parseHardwareSpec } from './hardware.js';
import { planDeployment } from './plan-deployment.js';

describe('parseEngineKvReport', () => {
  it('reads vLLM "GPU KV cache size" with thousands separators', () => {
    const log =
      'INFO 05-01 kv_cache_utils.py:634] GPU KV cache size: 1,234,567 tokens\nINFO Maximum concurrency for 32,768 tokens per request: 37.68x';
    expect(parseEngineKvReport('vllm', log)).toEqual({ kvTokens: 1_234_567, kvBytes: null });
  });
  it('reads SGLang max_total_num_tokens', () => {
    const log =
      '[2025-05-01] max_total_num_tokens=456789, chunked_prefill_size=8192, max_prefill_tokens=16384, max_running_requests=4096';
    expect(parseEngineKvReport('sglang', log)).toEqual({ kvTokens: 456_789, kvBytes: null });
  });
  it('sums llama.cpp KV buffers over devices and reads the cell count', () => {
    const log = [
      'llama_kv_cache: layer   0: dev = CUDA0',
      'llama_kv_cache:      CUDA0 KV buffer size =   256.00 MiB',
      'llama_kv_cache:      CUDA1 KV buffer size =   256.00 MiB',
      'llama_kv_cache: size =  512.00 MiB (  4096 cells,  32 layers,  1/1 seqs), K (f16):  256.00 MiB, V (f16):  256.00 MiB',
    ].join('\n');
    expect(parseEngineKvReport('llama-server', log)).toEqual({ kvTokens: 4096, kvBytes: 512 * 1024 ** 2 });
  });
  it('returns null before the line appears', () => {
    expect(parseEngineKvReport('vllm', 'INFO Loading weights')).toBeNull();
  });
});

describe('compareKvWithPlan', () => {
  it('shows predicted vs actual tokens and the error', () => {
    const model = findCatalogModel('deepseek-r1')!;
    const result = planDeployment({
      model,
      weights: model.files[0]!,
      engine: 'vllm',
      nodes: parseHardwareSpec('8xH200'),
    });
    if (!result.ok) throw new Error(result.message);
    const actual = Math.round(result.plan.kvTokensTotal * 0.9);
    const comparison = compareKvWithPlan(result.plan, { kvTokens: actual, kvBytes: null });
    expect(comparison).toMatchObject({
      predictedKvTokens: result.plan.kvTokensTotal,
      actualKvTokens: actual,
    });
    expect(comparison.errorPercent).toBeCloseTo(-10, 1);
  });
});
