import type { EngineName } from '@hangar/core';
import { GIB, MIB } from './units.js';
import type { KvCacheDtype, ModelArchitecture, WeightFormat } from './types.js';

/** How an engine uses memory and what it runs on. */
export interface EngineProfile {
  vendors: readonly string[];
  formats: readonly WeightFormat[];
  /** Default share of device memory (vLLM `--gpu-memory-utilization`, SGLang `--mem-fraction-static`). */
  memoryUtilization: number;
  /** Does the engine take its whole share at start (vLLM, SGLang, Ascend engines) or only what it uses (llama.cpp)? */
  isPreallocating: boolean;
  /** Whether the engine spreads one instance over several devices, and over several nodes. */
  isMultiDevice: boolean;
  isMultiNode: boolean;
  defaultKvDtype: Exclude<KvCacheDtype, 'auto'>;
  kvDtypes: readonly Exclude<KvCacheDtype, 'auto'>[];
  /** Activation / CUDA-graph / workspace memory per device beside weights and KV. */
  reserveBytes(architecture: ModelArchitecture): number;
}

/**
 * llama.cpp's compute buffer is dominated by the logits and a few activations of one micro-batch (512 tokens):
 * `512 × (vocab + 4 × hidden) × 4 B`, plus 64 MiB of scratch.
 */
function llamaComputeBytes(architecture: ModelArchitecture): number {
  return 512 * (architecture.vocabularySize + 4 * architecture.hiddenSize) * 4 + 64 * MIB;
}

const GPU_VENDORS = ['nvidia', 'amd', 'hygon'] as const;

export const ENGINE_PROFILES: Record<EngineName, EngineProfile> = {
  // vLLM: ≈1-3 GiB of activations and CUDA graphs beside weights and KV (deepseek-serving-facts §4.2).
  vllm: {
    vendors: GPU_VENDORS,
    formats: ['safetensors'],
    memoryUtilization: 0.9,
    isPreallocating: true,
    isMultiDevice: true,
    isMultiNode: true,
    defaultKvDtype: 'bf16',
    kvDtypes: ['bf16', 'fp16', 'fp8'],
    reserveBytes: () => 2 * GIB,
  },
  // SGLang's static fraction covers weights + KV; the rest of the device is its activation room.
  sglang: {
    vendors: ['nvidia', 'amd'],
    formats: ['safetensors'],
    memoryUtilization: 0.85,
    isPreallocating: true,
    isMultiDevice: true,
    isMultiNode: true,
    defaultKvDtype: 'bf16',
    kvDtypes: ['bf16', 'fp16', 'fp8'],
    reserveBytes: () => 0,
  },
  'vllm-ascend': {
    vendors: ['ascend'],
    formats: ['safetensors'],
    memoryUtilization: 0.9,
    isPreallocating: true,
    isMultiDevice: true,
    isMultiNode: true,
    defaultKvDtype: 'bf16',
    kvDtypes: ['bf16', 'fp16'],
    reserveBytes: () => 3 * GIB,
  },
  // MindIE: GPUStack's footprint of 3 GiB per NPU beside weights and KV.
  mindie: {
    vendors: ['ascend'],
    formats: ['safetensors'],
    memoryUtilization: 0.9,
    isPreallocating: true,
    isMultiDevice: true,
    isMultiNode: true,
    defaultKvDtype: 'fp16',
    kvDtypes: ['fp16', 'bf16'],
    reserveBytes: () => 3 * GIB,
  },
  'llama-server': {
    vendors: ['nvidia', 'amd', 'hygon', 'mthreads', 'cpu'],
    formats: ['gguf'],
    memoryUtilization: 0.95,
    isPreallocating: false,
    isMultiDevice: true,
    isMultiNode: false,
    defaultKvDtype: 'fp16',
    kvDtypes: ['fp16', 'bf16', 'q8_0', 'q4_0'],
    reserveBytes: llamaComputeBytes,
  },
  'llama-cpp': {
    vendors: ['cpu', 'nvidia', 'amd'],
    formats: ['gguf'],
    memoryUtilization: 0.9,
    isPreallocating: false,
    isMultiDevice: false,
    isMultiNode: false,
    defaultKvDtype: 'fp16',
    kvDtypes: ['fp16', 'q8_0', 'q4_0'],
    reserveBytes: llamaComputeBytes,
  },
  // The simulator loads nothing, but is planned like the embedded engine so tests exercise the same paths.
  simulator: {
    vendors: ['nvidia', 'amd', 'hygon', 'ascend', 'mthreads', 'cpu'],
    formats: ['gguf', 'safetensors'],
    memoryUtilization: 0.9,
    isPreallocating: false,
    isMultiDevice: false,
    isMultiNode: false,
    defaultKvDtype: 'fp16',
    kvDtypes: ['fp16', 'bf16', 'fp8', 'q8_0', 'q4_0'],
    reserveBytes: () => 0,
  },
};

/** Quantizations a vendor cannot run natively (DeepSeek FP8 on Ascend needs the W8A8 conversion). */
export function isQuantizationSupported(vendor: string, quantization: string): boolean {
  if (quantization === 'w8a8') return vendor === 'ascend';
  if (quantization === 'fp8') return vendor === 'nvidia' || vendor === 'amd';
  if (quantization === 'awq' || quantization === 'gptq') return vendor === 'nvidia' || vendor === 'amd';
  return true;
}
