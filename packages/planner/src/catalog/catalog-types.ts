import type { EngineName } from '@hangar/core';
import type { ModelFacts, WeightFile } from '../types.js';

/** One downloadable form of a catalog model: a format + quantization, where to get it and how big it is. */
export interface CatalogFile extends WeightFile {
  /** Unique within the model: `fp8`, `bf16`, `w8a8`, `awq`, `gguf-q4_k_m`, ... */
  id: string;
  huggingFace: string | null;
  modelScope: string | null;
  /** GGUF file name or glob inside the repository (multi-part quants are globs). */
  fileName: string | null;
  /** True when `sizeBytes` is computed from the parameter count, not read from the repository. */
  isSizeEstimate: boolean;
  engines: EngineName[];
  note?: string;
}

export type CatalogTask = 'chat' | 'embedding' | 'rerank' | 'vision-chat';

/** A model of the built-in catalog: pure data, so planning works offline. */
export interface CatalogModel extends ModelFacts {
  family: string;
  task: CatalogTask;
  description: string;
  sources: { huggingFace: string; modelScope: string | null };
  files: CatalogFile[];
}

/** Bits per weight of the common quantizations (GGUF figures from llama.cpp's quantize table). */
export const BITS_PER_WEIGHT: Record<string, number> = {
  bf16: 16,
  fp16: 16,
  fp8: 8,
  w8a8: 8,
  awq: 4.5,
  gptq: 4.5,
  q8_0: 8.5,
  q6_k: 6.56,
  q5_k_m: 5.69,
  q4_k_m: 4.89,
  q4_0: 4.55,
  'ud-iq1_s': 1.66,
};

/** `parameterCount × bits / 8`, for files whose size the catalog does not record. */
export function estimateWeightBytes(parameterCount: number, quantization: string): number {
  return Math.round((parameterCount * (BITS_PER_WEIGHT[quantization] ?? 16)) / 8);
}

/** A GGUF file of a community repository, sized by estimate. */
export function ggufFile(
  repository: string,
  fileName: string,
  quantization: string,
  parameterCount: number,
  modelScope: string | null = repository,
): CatalogFile {
  return {
    id: `gguf-${quantization}`,
    format: 'gguf',
    quantization,
    huggingFace: repository,
    modelScope,
    fileName,
    sizeBytes: estimateWeightBytes(parameterCount, quantization),
    isSizeEstimate: true,
    engines: ['llama-server', 'llama-cpp'],
  };
}
