import type { EngineName } from '@hangar/core';
import type { Plan } from './types.js';

/** What an engine said about its own KV cache at startup. */
export interface EngineKvReport {
  /** Tokens of KV cache (vLLM, SGLang, llama.cpp `cells`). */
  kvTokens: number | null;
  /** Bytes of KV cache (llama.cpp buffers, summed over devices). */
  kvBytes: number | null;
}

const UNIT_BYTES: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/**
 * Reads the engine's own KV figure from its startup log:
 * vLLM `GPU KV cache size: 1,234,567 tokens`; SGLang `max_total_num_tokens=123456`;
 * llama.cpp `CUDA0 KV buffer size =   512.00 MiB` (summed over devices) and `llama_kv_cache: size = 64.00 MiB (  512 cells, ...`.
 * Returns null when the log has no such line (yet).
 */
export function parseEngineKvReport(engine: EngineName, log: string): EngineKvReport | null {
  switch (engine) {
    case 'vllm':
    case 'vllm-ascend': {
      const matches = [...log.matchAll(/(?:GPU|NPU)? ?KV cache size:\s*([\d,]+)\s*tokens/g)];
      const last = matches.at(-1);
      return last ? { kvTokens: Number((last[1] ?? '').replaceAll(',', '')), kvBytes: null } : null;
    }
    case 'sglang': {
      const match = /max_total_num_tokens\s*[=:]\s*(\d+)/.exec(log);
      return match ? { kvTokens: Number(match[1]), kvBytes: null } : null;
    }
    case 'llama-cpp':
    case 'llama-server':
    case 'simulator': {
      let bytes = 0;
      let isFound = false;
      for (const match of log.matchAll(/\b\S+ KV buffer size\s*=\s*([\d.]+)\s*(B|KiB|MiB|GiB)/g)) {
        bytes += Number(match[1]) * (UNIT_BYTES[match[2] ?? 'B'] ?? 1);
        isFound = true;
      }
      const cells = /size\s*=\s*[\d.]+\s*\w+\s*\(\s*(\d+)\s*cells/.exec(log);
      if (!isFound && !cells) return null;
      return { kvTokens: cells ? Number(cells[1]) : null, kvBytes: isFound ? Math.round(bytes) : null };
    }
    case 'mindie':
      return null;
  }
}

/** Predicted vs actual KV capacity, for the plan view and for calibrating the reserve. */
export interface KvComparison {
  predictedKvTokens: number;
  actualKvTokens: number | null;
  predictedKvBytes: number;
  actualKvBytes: number | null;
  /** (actual − predicted) / predicted, in percent, on tokens when known, else on bytes. */
  errorPercent: number | null;
}

/** Compares a plan with what its engine reported. Tokens are per instance (vLLM/SGLang report the whole instance). */
export function compareKvWithPlan(plan: Plan, report: EngineKvReport): KvComparison {
  const isPreallocated =
    plan.engine !== 'llama-cpp' && plan.engine !== 'llama-server' && plan.engine !== 'simulator';
  const predictedKvTokens = isPreallocated ? plan.kvTokensTotal : plan.contextTokens * plan.concurrency;
  const predictedKvBytes = plan.kvCacheBytesPerDevice * plan.layout.devicesPerNode * plan.layout.nodeCount;
  const error = (actual: number | null, predicted: number): number | null =>
    actual === null || predicted === 0 ? null : ((actual - predicted) / predicted) * 100;
  return {
    predictedKvTokens,
    actualKvTokens: report.kvTokens,
    predictedKvBytes,
    actualKvBytes: report.kvBytes,
    errorPercent: error(report.kvTokens, predictedKvTokens) ?? error(report.kvBytes, predictedKvBytes),
  };
}
