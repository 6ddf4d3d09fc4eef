import type { EngineName } from '@hangar/core';
import type { KvCacheDtype, ModelFacts, ParallelLayout, WeightFile } from './types.js';

export interface EngineSettings {
  engineArgs: string[];
  engineEnv: Record<string, string>;
  engineConfig: Record<string, string | number | boolean>;
}

interface FlagInput {
  engine: EngineName;
  model: ModelFacts;
  weights: WeightFile;
  layout: ParallelLayout;
  contextTokens: number;
  concurrency: number;
  utilization: number;
  kvDtype: Exclude<KvCacheDtype, 'auto'>;
  isKvDtypeDefault: boolean;
}

const isDeepSeekMla = (model: ModelFacts): boolean => model.architecture.attention === 'mla';

function vllmArgs(input: FlagInput): string[] {
  const { layout } = input;
  const args = ['--tensor-parallel-size', String(layout.tensorParallel)];
  if (layout.pipelineParallel > 1) args.push('--pipeline-parallel-size', String(layout.pipelineParallel));
  if (layout.dataParallel > 1) args.push('--data-parallel-size', String(layout.dataParallel));
  if (layout.dataParallel > 1 && layout.nodeCount > 1) {
    args.push('--data-parallel-size-local', String(layout.devicesPerNode));
  }
  if (layout.expertParallel) args.push('--enable-expert-parallel');
  args.push('--max-model-len', String(input.contextTokens));
  args.push('--max-num-seqs', String(input.concurrency));
  args.push('--gpu-memory-utilization', String(input.utilization));
  if (!input.isKvDtypeDefault) args.push('--kv-cache-dtype', input.kvDtype === 'fp8' ? 'fp8' : 'auto');
  if (isDeepSeekMla(input.model)) args.push('--trust-remote-code');
  if (input.weights.quantization === 'w8a8' && input.engine === 'vllm-ascend')
    args.push('--quantization', 'ascend');
  if (input.model.isReasoning) args.push('--reasoning-parser', 'deepseek_r1');
  return args;
}

function sglangArgs(input: FlagInput): string[] {
  const { layout } = input;
  const args = ['--tp', String(layout.tensorParallel)];
  if (layout.dataParallelAttention) args.push('--dp', String(layout.dataParallel), '--enable-dp-attention');
  // Each node also needs --node-rank and --dist-init-addr: the engine driver adds them per node.
  if (layout.nodeCount > 1) args.push('--nnodes', String(layout.nodeCount));
  args.push('--context-length', String(input.contextTokens));
  args.push('--max-running-requests', String(input.concurrency));
  args.push('--mem-fraction-static', String(input.utilization));
  if (input.kvDtype === 'fp8') args.push('--kv-cache-dtype', 'fp8_e5m2');
  if (isDeepSeekMla(input.model)) args.push('--trust-remote-code');
  if (input.model.isReasoning) args.push('--reasoning-parser', 'deepseek-r1');
  return args;
}

function llamaServerArgs(input: FlagInput, isCpu: boolean): string[] {
  // llama-server's --ctx-size is shared by its --parallel slots.
  const args = [
    '--ctx-size',
    String(input.contextTokens * input.concurrency),
    '--parallel',
    String(input.concurrency),
  ];
  args.push('--n-gpu-layers', isCpu ? '0' : '999');
  if (input.layout.devicesPerNode > 1) args.push('--split-mode', 'layer');
  if (input.kvDtype === 'q8_0' || input.kvDtype === 'q4_0') {
    args.push('--cache-type-k', input.kvDtype, '--cache-type-v', input.kvDtype);
  }
  if (input.model.isReasoning) args.push('--reasoning-format', 'deepseek');
  return args;
}

/** The argv, environment and config that realise a plan on its engine. */
export function engineSettings(input: FlagInput, vendor: string): EngineSettings {
  switch (input.engine) {
    case 'vllm':
      return { engineArgs: vllmArgs(input), engineEnv: {}, engineConfig: {} };
    case 'vllm-ascend':
      return {
        engineArgs: vllmArgs(input),
        engineEnv: { HCCL_OP_EXPANSION_MODE: 'AIV', PYTORCH_NPU_ALLOC_CONF: 'expandable_segments:True' },
        engineConfig: {},
      };
    case 'sglang':
      return { engineArgs: sglangArgs(input), engineEnv: {}, engineConfig: {} };
    case 'mindie':
      return {
        engineArgs: [],
        engineEnv: {},
        engineConfig: {
          worldSize: input.layout.tensorParallel,
          npuMemoryFraction: input.utilization,
          maxSeqLen: input.contextTokens,
          maxInputTokenLen: input.contextTokens,
          maxPrefillTokens: Math.min(input.contextTokens, 8192),
          maxBatchSize: input.concurrency,
          cacheBlockSize: 128,
        },
      };
    case 'llama-server':
      return { engineArgs: llamaServerArgs(input, vendor === 'cpu'), engineEnv: {}, engineConfig: {} };
    case 'llama-cpp':
    case 'simulator':
      return {
        engineArgs: [],
        engineEnv: {},
        // The embedded engine's DeploymentOptions: one context shared by the parallel sequences.
        engineConfig: {
          contextTokens: input.contextTokens * input.concurrency,
          parallelSequences: input.concurrency,
        },
      };
  }
}
