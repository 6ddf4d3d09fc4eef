import type { EngineName } from '@hangar/core';
import type { AcceleratorCapabilities, AcceleratorVendor, Precision } from './types.js';

const ENGINES_BY_VENDOR: Record<AcceleratorVendor, EngineName[]> = {
  nvidia: ['vllm', 'sglang', 'llama-server', 'llama-cpp'],
  amd: ['vllm', 'sglang', 'llama-server'],
  // MindIE and vLLM-Ascend are the Ascend engines; llama.cpp's CANN backend is too partial to offer.
  ascend: ['vllm-ascend', 'mindie'],
  // Hygon DTK ships a ROCm-derived vLLM build and llama.cpp builds with HIP.
  hygon: ['vllm', 'llama-server'],
  // Moore Threads: llama.cpp's MUSA backend only.
  mthreads: ['llama-server'],
  cpu: ['llama-cpp', 'llama-server'],
};

/** Capabilities of a device from its vendor, model name and (NVIDIA) compute capability. */
export function describeCapabilities(
  vendor: AcceleratorVendor,
  model: string,
  computeCapability: string | null = null,
): AcceleratorCapabilities {
  return {
    engines: [...ENGINES_BY_VENDOR[vendor]],
    precisions: precisionsOf(vendor, model, computeCapability),
  };
}

function precisionsOf(
  vendor: AcceleratorVendor,
  model: string,
  computeCapability: string | null,
): Precision[] {
  switch (vendor) {
    case 'nvidia': {
      const capability =
        computeCapability === null ? nvidiaCapabilityFromName(model) : Number(computeCapability);
      const precisions: Precision[] = ['fp32', 'fp16', 'int8', 'int4'];
      if (capability >= 8) precisions.push('bf16');
      if (capability >= 8.9) precisions.push('fp8');
      return precisions;
    }
    case 'amd':
      // FP8 from CDNA3 (MI300 series) on.
      return /MI3\d\d/i.test(model)
        ? ['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4']
        : ['fp32', 'fp16', 'bf16', 'int8', 'int4'];
    case 'ascend':
      // 910B/910C/950 have BF16; 310/310P and 910A only FP16. None has FP8 (DeepSeek FP8 needs W8A8 conversion).
      return /910B|910C|950|910_9/i.test(model) ? ['fp32', 'fp16', 'bf16', 'int8'] : ['fp32', 'fp16', 'int8'];
    case 'hygon':
      return ['fp32', 'fp16', 'bf16', 'int8'];
    case 'mthreads':
      return ['fp32', 'fp16', 'bf16', 'int8'];
    case 'cpu':
      return ['fp32', 'fp16', 'bf16', 'int8', 'int4'];
  }
}

/** A best guess when the tool did not print `compute_cap` (older drivers, XML output). */
function nvidiaCapabilityFromName(model: string): number {
  if (/B200|B100|GB200|Blackwell|RTX 50|PRO 6000/i.test(model)) return 10;
  if (/H100|H200|H800|H20|GH200/i.test(model)) return 9;
  if (/L40|L4\b|RTX 40|Ada/i.test(model)) return 8.9;
  if (/A100|A800|A30|A10|A40|A16|A2\b|RTX 30|RTX A\d/i.test(model)) return 8;
  if (/T4|RTX 20|Quadro RTX/i.test(model)) return 7.5;
  if (/V100|Titan V/i.test(model)) return 7;
  return 6;
}
