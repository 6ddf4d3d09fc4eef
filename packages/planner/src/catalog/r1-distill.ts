import { GIB } from '../units.js';
import { estimateWeightBytes, ggufFile, type CatalogModel } from './catalog-types.js';
import type { ModelArchitecture } from '../types.js';

interface DistillShape {
  id: string;
  base: string;
  parameterCount: number;
  layerCount: number;
  hiddenSize: number;
  attentionHeadCount: number;
  kvHeadCount: number;
  intermediateSize: number;
  vocabularySize: number;
  bf16GiB: number;
  awqRepository: string | null;
}

/** DeepSeek-R1-Distill configs (HF `config.json` of each; ../shared/docs/reference/deepseek-serving-facts.md §4.3). */
const SHAPES: DistillShape[] = [
  {
    id: 'Qwen-1.5B',
    base: 'Qwen2.5-Math-1.5B',
    parameterCount: 1.78e9,
    layerCount: 28,
    hiddenSize: 1536,
    attentionHeadCount: 12,
    kvHeadCount: 2,
    intermediateSize: 8960,
    vocabularySize: 151936,
    bf16GiB: 3.3,
    awqRepository: null,
  },
  {
    id: 'Qwen-7B',
    base: 'Qwen2.5-Math-7B',
    parameterCount: 7.62e9,
    layerCount: 28,
    hiddenSize: 3584,
    attentionHeadCount: 28,
    kvHeadCount: 4,
    intermediateSize: 18944,
    vocabularySize: 152064,
    bf16GiB: 14.2,
    awqRepository: 'casperhansen/deepseek-r1-distill-qwen-7b-awq',
  },
  {
    id: 'Qwen-14B',
    base: 'Qwen2.5-14B',
    parameterCount: 14.8e9,
    layerCount: 48,
    hiddenSize: 5120,
    attentionHeadCount: 40,
    kvHeadCount: 8,
    intermediateSize: 13824,
    vocabularySize: 152064,
    bf16GiB: 27.5,
    awqRepository: 'casperhansen/deepseek-r1-distill-qwen-14b-awq',
  },
  {
    id: 'Qwen-32B',
    base: 'Qwen2.5-32B',
    parameterCount: 32.8e9,
    layerCount: 64,
    hiddenSize: 5120,
    attentionHeadCount: 40,
    kvHeadCount: 8,
    intermediateSize: 27648,
    vocabularySize: 152064,
    bf16GiB: 61.0,
    awqRepository: 'casperhansen/deepseek-r1-distill-qwen-32b-awq',
  },
  {
    id: 'Llama-8B',
    base: 'Llama-3.1-8B',
    parameterCount: 8.03e9,
    layerCount: 32,
    hiddenSize: 4096,
    attentionHeadCount: 32,
    kvHeadCount: 8,
    intermediateSize: 14336,
    vocabularySize: 128256,
    bf16GiB: 15.0,
    awqRepository: 'casperhansen/deepseek-r1-distill-llama-8b-awq',
  },
  {
    id: 'Llama-70B',
    base: 'Llama-3.3-70B-Instruct',
    parameterCount: 70.6e9,
    layerCount: 80,
    hiddenSize: 8192,
    attentionHeadCount: 64,
    kvHeadCount: 8,
    intermediateSize: 28672,
    vocabularySize: 128256,
    bf16GiB: 131.4,
    awqRepository: 'casperhansen/deepseek-r1-distill-llama-70b-awq',
  },
];

function architectureOf(shape: DistillShape): ModelArchitecture {
  return {
    kind: 'decoder',
    attention: 'gqa',
    layerCount: shape.layerCount,
    hiddenSize: shape.hiddenSize,
    attentionHeadCount: shape.attentionHeadCount,
    kvHeadCount: shape.kvHeadCount,
    headDim: shape.hiddenSize / shape.attentionHeadCount,
    mla: null,
    experts: null,
    intermediateSize: shape.intermediateSize,
    vocabularySize: shape.vocabularySize,
    maxContextTokens: 131072,
    parameterCount: shape.parameterCount,
    activeParameterCount: shape.parameterCount,
  };
}

function entry(shape: DistillShape): CatalogModel {
  const name = `DeepSeek-R1-Distill-${shape.id}`;
  const repository = `deepseek-ai/${name}`;
  const ggufRepository = `unsloth/${name}-GGUF`;
  const model: CatalogModel = {
    id: name.toLowerCase(),
    name,
    family: 'deepseek-r1-distill',
    task: 'chat',
    description: `R1 reasoning distilled into ${shape.base} (dense, GQA).`,
    sources: { huggingFace: repository, modelScope: repository },
    architecture: architectureOf(shape),
    isServable: true,
    isReasoning: true,
    files: [
      {
        id: 'bf16',
        format: 'safetensors',
        quantization: 'bf16',
        huggingFace: repository,
        modelScope: repository,
        fileName: null,
        sizeBytes: Math.round(shape.bf16GiB * GIB),
        isSizeEstimate: false,
        engines: ['vllm', 'sglang', 'vllm-ascend', 'mindie'],
      },
      ggufFile(ggufRepository, `${name}-Q4_K_M.gguf`, 'q4_k_m', shape.parameterCount),
      ggufFile(ggufRepository, `${name}-Q8_0.gguf`, 'q8_0', shape.parameterCount),
    ],
  };
  if (shape.awqRepository !== null) {
    model.files.splice(1, 0, {
      id: 'awq',
      format: 'safetensors',
      quantization: 'awq',
      huggingFace: shape.awqRepository,
      modelScope: null,
      fileName: null,
      sizeBytes: estimateWeightBytes(shape.parameterCount, 'awq'),
      isSizeEstimate: true,
      engines: ['vllm', 'sglang'],
      note: 'Community 4-bit AWQ quantization.',
    });
  }
  return model;
}

export const R1_DISTILL_MODELS: CatalogModel[] = SHAPES.map(entry);
