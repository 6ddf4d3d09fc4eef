import type { KvCacheDtype, ModelArchitecture, ParallelLayout } from './types.js';

/** Bytes per KV element; llama.cpp's block formats carry a scale per 32 elements (q8_0: 34 B, q4_0: 18 B). */
export const KV_ELEMENT_BYTES: Record<Exclude<KvCacheDtype, 'auto'>, number> = {
  bf16: 2,
  fp16: 2,
  fp8: 1,
  q8_0: 34 / 32,
  q4_0: 18 / 32,
};

/**
 * Whole-model KV bytes per token.
 * MHA/GQA: `2 (K,V) × layers × kvHeads × headDim × bytes`.
 * MLA (DeepSeek-V2 paper, Table 1): `layers × (kvLoraRank + qkRopeHeadDim) × bytes`, the latent plus the shared
 * RoPE key; DeepSeek-V3 in BF16: 61 × 576 × 2 = 70,272 B. Encoders keep no cache: 0.
 */
export function kvBytesPerToken(
  architecture: ModelArchitecture,
  dtype: Exclude<KvCacheDtype, 'auto'>,
): number {
  if (architecture.kind === 'encoder') return 0;
  const bytes = KV_ELEMENT_BYTES[dtype];
  if (architecture.attention === 'mla' && architecture.mla !== null) {
    return architecture.layerCount * (architecture.mla.kvLoraRank + architecture.mla.qkRopeHeadDim) * bytes;
  }
  return 2 * architecture.layerCount * architecture.kvHeadCount * architecture.headDim * bytes;
}

/**
 * KV bytes per token on one device. Pipeline stages split the layers. Tensor parallelism splits KV heads, up to
 * the number of KV heads (beyond that heads are replicated); the MLA latent is one shared "head", so plain TP
 * does not split it at all: every TP rank holds the whole latent cache (SGLang docs: "If you do not use DP
 * attention, KV cache will be duplicated among all TP ranks").
 */
export function kvBytesPerTokenPerDevice(
  architecture: ModelArchitecture,
  dtype: Exclude<KvCacheDtype, 'auto'>,
  layout: Pick<ParallelLayout, 'tensorParallel' | 'pipelineParallel' | 'dataParallelAttention'>,
): number {
  const whole = kvBytesPerToken(architecture, dtype) / layout.pipelineParallel;
  if (architecture.attention === 'mla' || layout.dataParallelAttention) return whole;
  return whole / Math.min(layout.tensorParallel, architecture.kvHeadCount);
}
