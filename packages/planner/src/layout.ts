import type { EngineName } from '@hangar/core';
import type { ModelArchitecture, ParallelLayout, PlanOptions } from './types.js';

/**
 * Parallel layouts to try for `nodeCount` nodes of `devicesPerNode` devices, smallest first. vLLM-style engines put
 * TP inside a node and PP across nodes; SGLang and MindIE run one TP group over all devices. Data-parallel attention
 * makes every device a DP rank with experts sharded over all of them (EP).
 */
export function layoutFor(
  engine: EngineName,
  architecture: ModelArchitecture,
  devicesPerNode: number,
  nodeCount: number,
  options: PlanOptions,
): ParallelLayout {
  const deviceCount = devicesPerNode * nodeCount;
  const hasExperts = architecture.experts !== null;
  const dataParallelAttention = options.dataParallelAttention === true && hasExperts;
  const spansAllDevices = engine === 'sglang' || engine === 'mindie';
  const tensorParallel = options.tensorParallel ?? (spansAllDevices ? deviceCount : devicesPerNode);
  const pipelineParallel = options.pipelineParallel ?? Math.max(1, deviceCount / tensorParallel);
  return {
    tensorParallel: dataParallelAttention && engine !== 'sglang' ? 1 : tensorParallel,
    pipelineParallel: dataParallelAttention ? 1 : pipelineParallel,
    dataParallel: dataParallelAttention ? deviceCount : 1,
    expertParallel: options.expertParallel ?? (hasExperts && deviceCount > 1),
    dataParallelAttention,
    nodeCount,
    devicesPerNode,
  };
}

/** Why a layout cannot run this model, or null. TP must divide the attention heads, and KV heads evenly. */
export function layoutProblem(architecture: ModelArchitecture, layout: ParallelLayout): string | null {
  const tp = layout.tensorParallel;
  if (
    layout.tensorParallel *
      layout.pipelineParallel *
      (layout.dataParallelAttention ? 1 : layout.dataParallel) <
    1
  ) {
    return 'parallel sizes must be at least 1';
  }
  if (architecture.attentionHeadCount % tp !== 0) {
    return `tensor parallel ${tp} does not divide the ${architecture.attentionHeadCount} attention heads`;
  }
  const kvHeads = architecture.kvHeadCount;
  if (architecture.attention === 'gqa' && kvHeads % tp !== 0 && tp % kvHeads !== 0) {
    return `tensor parallel ${tp} does not divide the ${kvHeads} KV heads evenly`;
  }
  if (layout.pipelineParallel > architecture.layerCount)
    return `more pipeline stages than ${architecture.layerCount} layers`;
  return null;
}

/** Device counts per node to try: 1, 2, 4, 8, 16 ... up to what the node has. */
export function deviceCountsUpTo(available: number, isMultiDevice: boolean): number[] {
  if (!isMultiDevice) return available >= 1 ? [1] : [];
  const counts: number[] = [];
  for (let count = 1; count <= available; count *= 2) counts.push(count);
  return counts;
}
