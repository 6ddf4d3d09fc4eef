import { describe, expect, it } from 'vitest';
import { findCatalogModel } from './catalog/catalog.js';
import type { CatalogModel } from './catalog/catalog-types.js';
import { parseHardwareSpec } from './hardware.js';
import { kvBytesPerToken, kvBytesPerTokenPerDevice } from './kv-cache.js';
import { planDeployment } from './plan-deployment.js';
import type { PlanInput, PlanResult } from './types.js';
import { KIB } from './units.js';

function model(id: string): CatalogModel {
  const found = findCatalogModel(id);
  if (found === undefined) throw new Error(`no catalog model ${id}`);
  return found;
}

function plan(
  id: string,
  fileId: string,
  engine: PlanInput['engine'],
  hardware: string,
  extra: Partial<PlanInput> = {},
): PlanResult {
  const entry = model(id);
  const weights = entry.files.find((file) => file.id === fileId);
  if (weights === undefined) throw new Error(`no file ${fileId}`);
  return planDeployment({
    model: entry,
    weights,
    engine,
    nodes: parseHardwareSpec(hardware),
    alternativeWeights: entry.files,
    ...extra,
  });
}

describe('KV bytes per token (published figures)', () => {
  it('DeepSeek-V3/R1 MLA: 70,272 B in BF16 and 35,136 B in FP8', () => {
    const { architecture } = model('deepseek-r1');
    expect(kvBytesPerToken(architecture, 'bf16')).toBe(70_272);
    expect(kvBytesPerToken(architecture, 'fp8')).toBe(35_136);
  });

  it.each([
    ['deepseek-r1-distill-qwen-1.5b', 28],
    ['deepseek-r1-distill-qwen-7b', 56],
    ['deepseek-r1-distill-qwen-14b', 192],
    ['deepseek-r1-distill-qwen-32b', 256],
    ['deepseek-r1-distill-llama-8b', 128],
    ['deepseek-r1-distill-llama-70b', 320],
  ])('%s: %i KiB in BF16', (id, kib) => {
    expect(kvBytesPerToken(model(id).architecture, 'bf16')).toBe(kib * KIB);
  });

  it('replicates the MLA latent on every TP rank unless attention is data-parallel, and splits GQA heads', () => {
    const mla = model('deepseek-r1').architecture;
    expect(
      kvBytesPerTokenPerDevice(mla, 'bf16', {
        tensorParallel: 8,
        pipelineParallel: 1,
        dataParallelAttention: false,
      }),
    ).toBe(70_272);
    expect(
      kvBytesPerTokenPerDevice(mla, 'bf16', {
        tensorParallel: 8,
        pipelineParallel: 2,
        dataParallelAttention: false,
      }),
    ).toBe(35_136);
    const gqa = model('deepseek-r1-distill-qwen-7b').architecture;
    expect(
      kvBytesPerTokenPerDevice(gqa, 'bf16', {
        tensorParallel: 2,
        pipelineParallel: 1,
        dataParallelAttention: false,
      }),
    ).toBe(28 * KIB);
    // 4 KV heads: TP beyond 4 replicates them.
    expect(
      kvBytesPerTokenPerDevice(gqa, 'bf16', {
        tensorParallel: 4,
        pipelineParallel: 1,
        dataParallelAttention: false,
      }),
    ).toBe(14 * KIB);
  });

  it('has no KV cache for embedding models', () => {
    expect(kvBytesPerToken(model('bge-m3').architecture, 'bf16')).toBe(0);
  });
});

describe('planDeployment against published sizing', () => {
  it.each([
    ['deepseek-r1', 'fp8', 'vllm', '8xH200', true],
    ['deepseek-r1', 'fp8', 'vllm', '2x8xH100', true],
    ['deepseek-r1', 'fp8', 'sglang', '2x8xH100', true],
    ['deepseek-r1', 'fp8', 'vllm', '8xH100', false],
    ['deepseek-v3', 'bf16', 'vllm', '8xH200', false],
    ['deepseek-v3', 'bf16', 'vllm', '2x8xH200', true],
    ['deepseek-v3', 'bf16', 'vllm', '2x8xH100', false],
    ['deepseek-v3', 'bf16', 'vllm', '4x8xH100', true],
    ['deepseek-r1', 'w8a8', 'vllm-ascend', '16x910B-64G', true],
    ['deepseek-r1', 'w8a8', 'vllm-ascend', '2x8x910B-64G', true],
    ['deepseek-r1', 'w8a8', 'vllm-ascend', '8x910B-64G', false],
    ['deepseek-r1-distill-llama-70b', 'bf16', 'vllm', '2xA100-80G', false],
    ['deepseek-r1-distill-llama-70b', 'bf16', 'vllm', '4xA100-80G', true],
    ['deepseek-r1-distill-qwen-7b', 'bf16', 'vllm', '1xRTX4090-24G', true],
    ['deepseek-r1-distill-qwen-32b', 'bf16', 'vllm', '2xA100-80G', true],
  ] as const)('%s %s on %s %s fits: %s', (id, file, engine, hardware, fits) => {
    expect(plan(id, file, engine, hardware).ok).toBe(fits);
  });

  it('refuses 8x H100 for R1 FP8 with the shard size, the usable memory and what would fit', () => {
    const result = plan('deepseek-r1', 'fp8', 'vllm', '8xH100');
    expect(result).toMatchObject({ ok: false, reason: 'insufficient_memory' });
    if (result.ok) return;
    expect(result.message).toBe(
      'Needs 8x H200-141G or 2x8 H100-80G or 2x8 H800-80G; with 8x H100-80G the FP8 shard is 79.4 GiB per device ' +
        'against 71.7 GiB usable (2.0 GiB of it kept for activations).',
    );
  });

  it('plans R1 FP8 on 8x H200 with TP8 + EP, the replicated latent and vLLM flags', () => {
    const result = plan('deepseek-r1', 'fp8', 'vllm', '8xH200', { contextTokens: 32768 });
    if (!result.ok) throw new Error(result.message);
    const { plan: sized } = result;
    expect(sized.layout).toEqual({
      tensorParallel: 8,
      pipelineParallel: 1,
      dataParallel: 1,
      expertParallel: true,
      dataParallelAttention: false,
      nodeCount: 1,
      devicesPerNode: 8,
    });
    expect(sized.weightsBytesPerDevice / 1024 ** 3).toBeCloseTo(79.4, 1);
    expect(sized.kvBytesPerTokenPerDevice).toBe(70_272);
    expect(sized.kvTokensTotal).toBe(sized.kvTokensPerDevice);
    expect(sized.maxConcurrency).toBe(Math.floor(sized.kvTokensTotal / 32768));
    expect(sized.engineArgs).toMatchInlineSnapshot(`
      [
        "--tensor-parallel-size",
        "8",
        "--enable-expert-parallel",
        "--max-model-len",
        "32768",
        "--max-num-seqs",
        "20",
        "--gpu-memory-utilization",
        "0.9",
        "--trust-remote-code",
        "--reasoning-parser",
        "deepseek_r1",
      ]
    `);
  });

  it('multiplies KV capacity by the DP ranks with data-parallel attention', () => {
    const tp = plan('deepseek-r1', 'fp8', 'sglang', '8xH200');
    const dp = plan('deepseek-r1', 'fp8', 'sglang', '8xH200', { options: { dataParallelAttention: true } });
    if (!tp.ok || !dp.ok) throw new Error('expected both to fit');
    expect(dp.plan.layout).toMatchObject({ tensorParallel: 8, dataParallel: 8, dataParallelAttention: true });
    expect(dp.plan.kvTokensTotal).toBe(dp.plan.kvTokensPerDevice * 8);
    expect(dp.plan.kvTokensTotal).toBeGreaterThan(tp.plan.kvTokensTotal * 4);
    expect(dp.plan.engineArgs.join(' ')).toContain('--dp 8 --enable-dp-attention');
  });

  it('FP8 KV halves the per-token cache', () => {
    const result = plan('deepseek-r1', 'fp8', 'vllm', '8xH200', { options: { kvCacheDtype: 'fp8' } });
    if (!result.ok) throw new Error(result.message);
    expect(result.plan.kvBytesPerToken).toBe(35_136);
    expect(result.plan.engineArgs.join(' ')).toContain('--kv-cache-dtype fp8');
  });

  it('requires TP to divide the attention heads', () => {
    const result = plan('deepseek-r1-distill-qwen-7b', 'bf16', 'vllm', '8xRTX4090', {
      options: { tensorParallel: 8 },
    });
    expect(result).toMatchObject({ ok: false, reason: 'invalid_parallelism' });
    if (!result.ok)
      expect(result.message).toContain('tensor parallel 8 does not divide the 28 attention heads');
    const ok = plan('deepseek-r1-distill-qwen-7b', 'bf16', 'vllm', '4xRTX4090', {
      options: { tensorParallel: 4 },
    });
    expect(ok.ok && ok.plan.layout.tensorParallel).toBe(4);
  });

  it('refuses a KV request that does not fit, with numbers that would', () => {
    const result = plan('deepseek-r1-distill-qwen-32b', 'bf16', 'vllm', '1xH100', {
      contextTokens: 32768,
      concurrency: 4,
    });
    expect(result).toMatchObject({ ok: false, reason: 'insufficient_kv_cache' });
    if (result.ok) return;
    expect(result.suggestions).toContain('Lower concurrency to 1.');
    expect(result.suggestions.some((text) => text.startsWith('Pick the awq file'))).toBe(true);
  });

  it.each([
    [{ contextTokens: 200_000 }, 'context_too_long'],
    [{ engine: 'llama-server' as const }, 'unsupported_engine'],
    [{ nodes: parseHardwareSpec('8x910B') }, 'no_compatible_accelerator'],
  ])('refuses %j with %s', (extra, reason) => {
    expect(plan('deepseek-r1', 'fp8', 'vllm', '8xH200', extra)).toMatchObject({ ok: false, reason });
  });

  it('refuses models that are listed but not servable', () => {
    expect(plan('janus-pro-7b', 'bf16', 'vllm', '1xL40S')).toMatchObject({
      ok: false,
      reason: 'model_not_servable',
    });
  });

  it('plans a GGUF on the embedded engine with its options', () => {
    const result = plan('deepseek-r1-distill-qwen-1.5b', 'gguf-q4_k_m', 'llama-cpp', '1xCPU-64G', {
      contextTokens: 4096,
      concurrency: 2,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.plan.engineConfig).toEqual({ contextTokens: 8192, parallelSequences: 2 });
    expect(result.plan.kvCacheBytesPerDevice).toBe(28 * KIB * 8192);
    expect(result.plan.requiredBytesPerDevice).toBeLessThan(result.plan.usableBytesPerDevice);
  });
});
