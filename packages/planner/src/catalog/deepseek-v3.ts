import { GIB } from '../units.js';
import { ggufFile, type CatalogFile, type CatalogModel } from './catalog-types.js';
import type { ModelArchitecture } from '../types.js';

/**
 * DeepSeek-V3 / R1 shape (identical for V3, V3-0324, V3.1, R1, R1-0528): deepseek-ai/DeepSeek-V3
 * `inference/configs/config_671B.json` and the HF `config.json`.
 */
export const DEEPSEEK_V3_ARCHITECTURE: ModelArchitecture = {
  kind: 'decoder',
  attention: 'mla',
  layerCount: 61,
  hiddenSize: 7168,
  attentionHeadCount: 128,
  kvHeadCount: 128,
  headDim: 128,
  mla: { kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  experts: { routed: 256, active: 8, shared: 1, intermediateSize: 2048, firstDenseLayers: 3 },
  intermediateSize: 18432,
  vocabularySize: 129280,
  maxContextTokens: 163840,
  parameterCount: 671e9,
  activeParameterCount: 37e9,
};

const PARAMETERS = DEEPSEEK_V3_ARCHITECTURE.parameterCount;
/** Native FP8 E4M3 with 128×128 block scales: ≈79.4 GiB per device at TP=8 (HabanaAI/vllm-fork#809). */
const FP8_BYTES = Math.round(79.4 * 8 * GIB);

function filesOf(repository: string, ggufRepository: string, w8a8: string | null): CatalogFile[] {
  const name = repository.split('/')[1] ?? repository;
  const files: CatalogFile[] = [
    {
      id: 'fp8',
      format: 'safetensors',
      quantization: 'fp8',
      huggingFace: repository,
      modelScope: repository,
      fileName: null,
      sizeBytes: FP8_BYTES,
      isSizeEstimate: false,
      engines: ['vllm', 'sglang'],
    },
    {
      id: 'bf16',
      format: 'safetensors',
      quantization: 'bf16',
      huggingFace: repository,
      modelScope: repository,
      fileName: null,
      sizeBytes: PARAMETERS * 2,
      isSizeEstimate: true,
      engines: ['vllm', 'sglang', 'vllm-ascend', 'mindie'],
      note: 'Upcast from the FP8 release with inference/fp8_cast_bf16.py (over 1.3 TB).',
    },
  ];
  if (w8a8 !== null) {
    files.push({
      id: 'w8a8',
      format: 'safetensors',
      quantization: 'w8a8',
      huggingFace: null,
      modelScope: w8a8,
      fileName: null,
      sizeBytes: FP8_BYTES,
      isSizeEstimate: true,
      engines: ['vllm-ascend', 'mindie'],
      note: 'Ascend W8A8 (vLLM-Ascend `--quantization ascend`).',
    });
  }
  files.push(
    ggufFile(ggufRepository, `*${name}-Q4_K_M*.gguf`, 'q4_k_m', PARAMETERS),
    ggufFile(ggufRepository, `*${name}-UD-IQ1_S*.gguf`, 'ud-iq1_s', PARAMETERS),
  );
  return files;
}

function entry(
  id: string,
  repository: string,
  ggufRepository: string,
  w8a8: string | null,
  isReasoning: boolean,
  description: string,
): CatalogModel {
  return {
    id,
    name: repository.split('/')[1] ?? id,
    family: 'deepseek-v3',
    task: 'chat',
    description,
    sources: { huggingFace: repository, modelScope: repository },
    architecture: DEEPSEEK_V3_ARCHITECTURE,
    isServable: true,
    isReasoning,
    files: filesOf(repository, ggufRepository, w8a8),
  };
}

export const DEEPSEEK_V3_MODELS: CatalogModel[] = [
  entry(
    'deepseek-v3',
    'deepseek-ai/DeepSeek-V3',
    'unsloth/DeepSeek-V3-GGUF',
    'vllm-ascend/DeepSeek-V3-W8A8',
    false,
    '671B MoE chat model (37B active), FP8 native.',
  ),
  entry(
    'deepseek-v3-0324',
    'deepseek-ai/DeepSeek-V3-0324',
    'unsloth/DeepSeek-V3-0324-GGUF',
    null,
    false,
    'March 2025 update of DeepSeek-V3.',
  ),
  entry(
    'deepseek-v3.1',
    'deepseek-ai/DeepSeek-V3.1',
    'unsloth/DeepSeek-V3.1-GGUF',
    null,
    true,
    'Hybrid thinking / non-thinking V3 update.',
  ),
  entry(
    'deepseek-r1',
    'deepseek-ai/DeepSeek-R1',
    'unsloth/DeepSeek-R1-GGUF',
    'vllm-ascend/DeepSeek-R1-W8A8',
    true,
    '671B MoE reasoning model.',
  ),
  entry(
    'deepseek-r1-0528',
    'deepseek-ai/DeepSeek-R1-0528',
    'unsloth/DeepSeek-R1-0528-GGUF',
    null,
    true,
    'May 2025 update of DeepSeek-R1.',
  ),
];
