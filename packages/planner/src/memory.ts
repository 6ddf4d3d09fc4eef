import { kvBytesPerToken, kvBytesPerTokenPerDevice } from './kv-cache.js';
import type { KvCacheDtype, ModelArchitecture, ParallelLayout, WeightFile } from './types.js';

/** Parameters in routed experts: `(layers − dense layers) × routed × 3 × hidden × expert FFN`. */
export function expertParameterCount(architecture: ModelArchitecture): number {
  const experts = architecture.experts;
  if (experts === null) return 0;
  const moeLayers = architecture.layerCount - experts.firstDenseLayers;
  return moeLayers * experts.routed * 3 * architecture.hiddenSize * experts.intermediateSize;
}

/**
 * Weight bytes on one device. TP × PP shard everything. With data-parallel attention the routed experts are
 * sharded over every rank (EP) but attention and dense layers are replicated on each rank.
 */
export function weightsBytesPerDevice(
  architecture: ModelArchitecture,
  weights: WeightFile,
  layout: ParallelLayout,
): number {
  if (layout.dataParallelAttention) {
    const bytesPerParameter = weights.sizeBytes / architecture.parameterCount;
    const expertBytes = Math.min(weights.sizeBytes, expertParameterCount(architecture) * bytesPerParameter);
    const ranks = layout.dataParallel;
    return expertBytes / ranks + (weights.sizeBytes - expertBytes) / layout.tensorParallel;
  }
  return weights.sizeBytes / (layout.tensorParallel * layout.pipelineParallel);
}

/** The memory arithmetic of one layout on one device class. */
export interface MemoryBudget {
  usableBytes: number;
  weightsBytes: number;
  reserveBytes: number;
  kvBytesPerToken: number;
  kvBytesPerTokenPerDevice: number;
  /** Bytes left for KV on each device (negative when the weights do not fit). */
  kvRoomBytes: number;
  kvTokensPerDevice: number;
  kvTokensTotal: number;
}

export function computeBudget(input: {
  architecture: ModelArchitecture;
  weights: WeightFile;
  layout: ParallelLayout;
  deviceMemoryBytes: number;
  utilization: number;
  reserveBytes: number;
  kvDtype: Exclude<KvCacheDtype, 'auto'>;
}): MemoryBudget {
  const usableBytes = input.deviceMemoryBytes * input.utilization;
  const weightsBytes = weightsBytesPerDevice(input.architecture, input.weights, input.layout);
  const perDevice = kvBytesPerTokenPerDevice(input.architecture, input.kvDtype, input.layout);
  const kvRoomBytes = usableBytes - weightsBytes - input.reserveBytes;
  const kvTokensPerDevice =
    perDevice === 0 ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(kvRoomBytes / perDevice));
  return {
    usableBytes,
    weightsBytes,
    reserveBytes: input.reserveBytes,
    kvBytesPerToken: kvBytesPerToken(input.architecture, input.kvDtype),
    kvBytesPerTokenPerDevice: perDevice,
    kvRoomBytes,
    kvTokensPerDevice,
    kvTokensTotal: kvTokensPerDevice * (input.layout.dataParallelAttention ? input.layout.dataParallel : 1),
  };
}
