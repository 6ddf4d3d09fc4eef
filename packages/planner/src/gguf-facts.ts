import type { ModelFacts, WeightFile } from './types.js';

/** The GGUF header summary the server reads (`@hangar/gguf`), plus the file size. */
export interface GgufSummary {
  architecture: string;
  contextTokens: number | null;
  parameterCount: number | null;
  quantization: string | null;
  embeddingLength: number | null;
  layerCount: number | null;
  headCount: number | null;
  headCountKv: number | null;
  vocabularySize: number | null;
  sizeBytes: number;
  /** `<arch>.attention.key_length` when the file has it (head dim ≠ embedding / heads). */
  keyLength?: number | null;
  /** DeepSeek-2 family: `<arch>.attention.kv_lora_rank` and `<arch>.rope.dimension_count`. */
  kvLoraRank?: number | null;
  ropeDimensionCount?: number | null;
  /** `<arch>.pooling_type` present, or a BERT-like architecture: an embedding model without KV cache. */
  isEmbedding?: boolean;
}

const ENCODER_ARCHITECTURES = new Set(['bert', 'nomic-bert', 'jina-bert-v2', 'xlm-roberta', 't5encoder']);

/** Model facts from a GGUF header, so a local file is planned like a catalog model. Missing numbers become 0/1. */
export function modelFactsFromGguf(
  id: string,
  name: string,
  summary: GgufSummary,
): { model: ModelFacts; weights: WeightFile } {
  const headCount = summary.headCount ?? 1;
  const hiddenSize = summary.embeddingLength ?? 0;
  const isMla = summary.architecture === 'deepseek2' && (summary.kvLoraRank ?? 0) > 0;
  const isEncoder = summary.isEmbedding === true || ENCODER_ARCHITECTURES.has(summary.architecture);
  const kvHeadCount = summary.headCountKv ?? headCount;
  const parameterCount = summary.parameterCount ?? Math.round(summary.sizeBytes / 2);
  const model: ModelFacts = {
    id,
    name,
    isServable: true,
    isReasoning: /deepseek|r1|think|qwq/i.test(name),
    architecture: {
      kind: isEncoder ? 'encoder' : 'decoder',
      attention: isMla ? 'mla' : kvHeadCount < headCount ? 'gqa' : 'mha',
      layerCount: summary.layerCount ?? 0,
      hiddenSize,
      attentionHeadCount: headCount,
      kvHeadCount,
      headDim: summary.keyLength ?? (headCount > 0 ? hiddenSize / headCount : 0),
      mla: isMla
        ? {
            kvLoraRank: summary.kvLoraRank ?? 0,
            qLoraRank: null,
            qkNopeHeadDim: 128,
            qkRopeHeadDim: summary.ropeDimensionCount ?? 64,
            vHeadDim: 128,
          }
        : null,
      experts: null,
      intermediateSize: 0,
      vocabularySize: summary.vocabularySize ?? 0,
      maxContextTokens: summary.contextTokens ?? 4096,
      parameterCount,
      activeParameterCount: parameterCount,
    },
  };
  return {
    model,
    weights: {
      format: 'gguf',
      quantization: (summary.quantization ?? 'unknown').toLowerCase(),
      sizeBytes: summary.sizeBytes,
    },
  };
}
