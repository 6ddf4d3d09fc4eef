import type { EngineName } from '@hangar/core';
import { engineSettings } from './engine-flags.js';
import { ENGINE_PROFILES } from './engine-profiles.js';
import { describeHardware, deviceNameOf, type DeviceClass } from './hardware.js';
import { layoutFor, layoutProblem } from './layout.js';
import { computeBudget, type MemoryBudget } from './memory.js';
import { formatBytes, formatCount } from './units.js';
import type { KvCacheDtype, ModelFacts, ParallelLayout, Plan, PlanOptions, WeightFile } from './types.js';

/** What the planner found for one layout on one device class. */
export type Evaluation =
  | { kind: 'fits'; plan: Plan }
  | { kind: 'invalid_layout'; hardware: string; message: string }
  | { kind: 'weights'; hardware: string; deviceCount: number; budget: MemoryBudget }
  | {
      kind: 'kv';
      hardware: string;
      deviceCount: number;
      budget: MemoryBudget;
      contextTokens: number;
      concurrency: number;
    };

export interface EvaluationInput {
  model: ModelFacts;
  weights: WeightFile;
  engine: EngineName;
  deviceClass: Pick<DeviceClass, 'vendor' | 'model' | 'memoryTotalBytes'>;
  devicesPerNode: number;
  nodeCount: number;
  options: PlanOptions;
  kvDtype: Exclude<KvCacheDtype, 'auto'>;
  contextTokens: number | undefined;
  concurrency: number | undefined;
}

/**
 * Smallest context worth serving when the caller did not ask for one. Reasoning models think at length: DeepSeek
 * evaluates R1 with a 32,768-token generation limit (DeepSeek-R1 README), so less KV than that is not a fit.
 */
const MIN_DEFAULT_CONTEXT = 4096;
const MIN_REASONING_CONTEXT = 32768;
/** Embedded engines default to a modest window; servers to the most that fits. */
const LLAMA_DEFAULT_CONTEXT = 8192;
const MAX_DEFAULT_CONCURRENCY = 256;

function devicesUsedBy(engine: EngineName, layout: ParallelLayout): number {
  if (engine === 'sglang' || engine === 'mindie') return layout.tensorParallel;
  return (
    layout.tensorParallel * layout.pipelineParallel * (layout.dataParallelAttention ? layout.dataParallel : 1)
  );
}

/** Plans one layout (`devicesPerNode` × `nodeCount` devices of one class) or says why it does not work. */
export function evaluateLayout(input: EvaluationInput): Evaluation {
  const { model, engine } = input;
  const architecture = model.architecture;
  const profile = ENGINE_PROFILES[engine];
  const deviceCount = input.devicesPerNode * input.nodeCount;
  const hardware = describeHardware(input.nodeCount, input.devicesPerNode, deviceNameOf(input.deviceClass));
  const layout = layoutFor(engine, architecture, input.devicesPerNode, input.nodeCount, input.options);
  const problem =
    devicesUsedBy(engine, layout) === deviceCount
      ? layoutProblem(architecture, layout)
      : 'does not use every device';
  if (problem !== null) return { kind: 'invalid_layout', hardware, message: problem };

  const utilization =
    input.options.gpuMemoryUtilization ??
    (input.deviceClass.vendor === 'cpu' ? 0.8 : profile.memoryUtilization);
  const budget = computeBudget({
    architecture,
    weights: input.weights,
    layout,
    deviceMemoryBytes: input.deviceClass.memoryTotalBytes,
    utilization,
    reserveBytes: profile.reserveBytes(architecture),
    kvDtype: input.kvDtype,
  });
  if (budget.kvRoomBytes <= 0) return { kind: 'weights', hardware, deviceCount, budget };

  const isLlama = !profile.isPreallocating;
  const perRankTokens = budget.kvTokensPerDevice;
  const fallbackContext = Math.min(
    architecture.maxContextTokens,
    isLlama ? LLAMA_DEFAULT_CONTEXT : Number.POSITIVE_INFINITY,
  );
  const contextTokens = input.contextTokens ?? Math.min(fallbackContext, perRankTokens);
  const floor = isLlama
    ? LLAMA_DEFAULT_CONTEXT
    : model.isReasoning
      ? MIN_REASONING_CONTEXT
      : MIN_DEFAULT_CONTEXT;
  const minimum = input.contextTokens ?? Math.min(floor, architecture.maxContextTokens);
  const maxConcurrency = Math.floor(
    Math.min(budget.kvTokensTotal, Number.MAX_SAFE_INTEGER) / Math.max(1, contextTokens),
  );
  const wanted = input.concurrency ?? (isLlama ? 1 : Math.min(MAX_DEFAULT_CONCURRENCY, maxConcurrency));
  const concurrency = Math.max(1, wanted);
  if (perRankTokens < minimum || maxConcurrency < concurrency) {
    return { kind: 'kv', hardware, deviceCount, budget, contextTokens: minimum, concurrency };
  }

  const kvCacheBytes = isLlama
    ? budget.kvBytesPerTokenPerDevice * contextTokens * concurrency
    : budget.kvRoomBytes;
  const settings = engineSettings(
    {
      engine,
      model,
      weights: input.weights,
      layout,
      contextTokens,
      concurrency,
      utilization,
      kvDtype: input.kvDtype,
      isKvDtypeDefault: input.kvDtype === profile.defaultKvDtype,
    },
    input.deviceClass.vendor,
  );
  const plan: Plan = {
    modelId: model.id,
    engine,
    weights: {
      format: input.weights.format,
      quantization: input.weights.quantization,
      sizeBytes: input.weights.sizeBytes,
    },
    device: { ...input.deviceClass },
    layout,
    gpuMemoryUtilization: utilization,
    usableBytesPerDevice: budget.usableBytes,
    weightsBytesPerDevice: budget.weightsBytes,
    reserveBytesPerDevice: budget.reserveBytes,
    kvCacheDtype: input.kvDtype,
    kvBytesPerToken: budget.kvBytesPerToken,
    kvBytesPerTokenPerDevice: budget.kvBytesPerTokenPerDevice,
    kvCacheBytesPerDevice: kvCacheBytes,
    // Encoders keep no KV cache: their token capacity is unbounded, reported as 0.
    kvTokensPerDevice: Number.isFinite(budget.kvTokensPerDevice) ? budget.kvTokensPerDevice : 0,
    kvTokensTotal: Number.isFinite(budget.kvTokensTotal) ? budget.kvTokensTotal : 0,
    contextTokens,
    concurrency,
    maxConcurrency: Math.min(maxConcurrency, Number.MAX_SAFE_INTEGER),
    requiredBytesPerDevice: isLlama
      ? budget.weightsBytes + kvCacheBytes + budget.reserveBytes
      : budget.usableBytes,
    ...settings,
    explanation: explain(input, hardware, layout, budget, contextTokens, concurrency, maxConcurrency),
  };
  return { kind: 'fits', plan };
}

function explain(
  input: EvaluationInput,
  hardware: string,
  layout: ParallelLayout,
  budget: MemoryBudget,
  contextTokens: number,
  concurrency: number,
  maxConcurrency: number,
): string[] {
  const { architecture } = input.model;
  const parallel = `TP${layout.tensorParallel}${layout.pipelineParallel > 1 ? ` PP${layout.pipelineParallel}` : ''}${
    layout.dataParallel > 1 ? ` DP${layout.dataParallel}` : ''
  }${layout.expertParallel ? ' EP' : ''}`;
  const replicated =
    architecture.attention === 'mla' && layout.tensorParallel > 1 && !layout.dataParallelAttention
      ? `; the MLA latent is replicated on each of the ${layout.tensorParallel} TP ranks`
      : '';
  const lines = [
    `${hardware} with ${input.engine} ${parallel}.`,
    `Weights: ${input.weights.quantization} ${input.weights.format}, ${formatBytes(input.weights.sizeBytes)} in all, ${formatBytes(budget.weightsBytes)} per device.`,
  ];
  if (budget.kvBytesPerToken > 0) {
    lines.push(
      `KV cache: ${formatBytes(budget.kvBytesPerToken)} per token (${architecture.attention.toUpperCase()}, ${input.kvDtype}), ${formatBytes(budget.kvBytesPerTokenPerDevice)} per device${replicated}.`,
      `Per device: ${formatBytes(budget.usableBytes)} usable − ${formatBytes(budget.weightsBytes)} weights − ${formatBytes(budget.reserveBytes)} reserve = ${formatBytes(budget.kvRoomBytes)} for ${formatCount(budget.kvTokensPerDevice)} KV tokens.`,
      `Context ${contextTokens} tokens × ${concurrency} concurrent sequences (up to ${maxConcurrency} at this context).`,
    );
  }
  return lines;
}
