import { toFloat16Bits } from '@hangar/gguf';
import type { GgufMetadataValue, GgufTensorSpec, GgufWriteSpec } from '@hangar/gguf';
import { createSeededRandom } from './seeded-random.js';
import { createSyntheticVocabulary, vocabularyMetadata } from './synthetic-vocabulary.js';

/** Hyperparameters of a llama-architecture model. */
export interface LlamaShape {
  embeddingLength: number;
  layerCount: number;
  headCount: number;
  headCountKv: number;
  feedForwardLength: number;
  vocabularySize: number;
  contextTokens: number;
}

/** How to fill a random-weight llama GGUF. */
export interface LlamaWeightsOptions {
  /** Weight seed: the same seed and shape give the same file. */
  seed: number;
  /** Type of the 2-D weight matrices (norms are always F32). */
  type: 'F32' | 'Q8_0';
  /** `general.name`. */
  name: string;
  /** A `tokenizer.chat_template` to include; none by default. */
  chatTemplate?: string | undefined;
  /** Leave out `output.weight` so llama.cpp reuses `token_embd.weight` as the output matrix (as SmolLM2 does). */
  tieEmbeddings?: boolean | undefined;
}

const chunkBytes = 1 << 20;

/**
 * The GGUF spec of a llama model with uniform random weights and a synthetic SPM vocabulary. The output rows of
 * the unknown, control and byte tokens are zero, so greedy decoding only ever picks text pieces (never `</s>`):
 * generations run to `max_tokens` and decode to printable text. (With tied embeddings those rows are zero in
 * `token_embd.weight`, so those tokens also enter the model as zero vectors; harmless for speed tests.)
 */
export function llamaGgufSpec(shape: LlamaShape, options: LlamaWeightsOptions): GgufWriteSpec {
  const vocabulary = createSyntheticVocabulary(shape.vocabularySize);
  const { embeddingLength: embedding, feedForwardLength: feedForward } = shape;
  const kvLength = (embedding / shape.headCount) * shape.headCountKv;
  const tensors: GgufTensorSpec[] = [];
  const matrix = (name: string, rowLength: number, rows: number, zeroRows = 0): void => {
    const seed = options.seed * 7919 + tensors.length;
    tensors.push({
      name,
      dimensions: [rowLength, rows],
      type: options.type,
      data: randomMatrix(options.type, rowLength, rows, zeroRows, seed),
    });
  };
  const norm = (name: string): void => {
    tensors.push({ name, dimensions: [embedding], type: 'F32', data: new Float32Array(embedding).fill(1) });
  };
  const specialRows = vocabulary.specialTokenCount;
  matrix(
    'token_embd.weight',
    embedding,
    shape.vocabularySize,
    options.tieEmbeddings === true ? specialRows : 0,
  );
  norm('output_norm.weight');
  if (options.tieEmbeddings !== true) matrix('output.weight', embedding, shape.vocabularySize, specialRows);
  for (let layer = 0; layer < shape.layerCount; layer++) {
    const block = `blk.${layer}`;
    norm(`${block}.attn_norm.weight`);
    matrix(`${block}.attn_q.weight`, embedding, embedding);
    matrix(`${block}.attn_k.weight`, embedding, kvLength);
    matrix(`${block}.attn_v.weight`, embedding, kvLength);
    matrix(`${block}.attn_output.weight`, embedding, embedding);
    norm(`${block}.ffn_norm.weight`);
    matrix(`${block}.ffn_gate.weight`, embedding, feedForward);
    matrix(`${block}.ffn_down.weight`, feedForward, embedding);
    matrix(`${block}.ffn_up.weight`, embedding, feedForward);
  }
  return { metadata: llamaMetadata(shape, options, vocabularyMetadata(vocabulary)), tensors };
}

function llamaMetadata(
  shape: LlamaShape,
  options: LlamaWeightsOptions,
  tokenizer: Record<string, GgufMetadataValue>,
): Record<string, GgufMetadataValue> {
  const uint32 = (value: number): GgufMetadataValue => ({ type: 'uint32', value });
  return {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.name': { type: 'string', value: options.name },
    'general.file_type': uint32(options.type === 'F32' ? 0 : 7),
    'general.quantization_version': uint32(2),
    'llama.context_length': uint32(shape.contextTokens),
    'llama.embedding_length': uint32(shape.embeddingLength),
    'llama.block_count': uint32(shape.layerCount),
    'llama.feed_forward_length': uint32(shape.feedForwardLength),
    'llama.attention.head_count': uint32(shape.headCount),
    'llama.attention.head_count_kv': uint32(shape.headCountKv),
    'llama.attention.layer_norm_rms_epsilon': { type: 'float32', value: 1e-5 },
    'llama.rope.dimension_count': uint32(shape.embeddingLength / shape.headCount),
    'llama.rope.freq_base': { type: 'float32', value: 10000 },
    'llama.vocab_size': uint32(shape.vocabularySize),
    ...tokenizer,
    ...(options.chatTemplate === undefined
      ? {}
      : { 'tokenizer.chat_template': { type: 'string', value: options.chatTemplate } }),
  };
}

/** Uniform random weights in [-1/sqrt(rowLength), 1/sqrt(rowLength)], produced in ~1 MiB chunks. */
function randomMatrix(
  type: 'F32' | 'Q8_0',
  rowLength: number,
  rows: number,
  zeroRows: number,
  seed: number,
): GgufTensorSpec['data'] {
  const limit = 1 / Math.sqrt(rowLength);
  if (type === 'F32') {
    return function* () {
      const random = createSeededRandom(seed);
      const rowsPerChunk = Math.max(1, Math.floor(chunkBytes / 4 / rowLength));
      for (let row = 0; row < rows; row += rowsPerChunk) {
        const chunk = new Float32Array(Math.min(rowsPerChunk, rows - row) * rowLength);
        const zeroUntil = Math.max(0, (zeroRows - row) * rowLength);
        for (let index = zeroUntil; index < chunk.length; index++)
          chunk[index] = (random.next() * 2 - 1) * limit;
        yield chunk;
      }
    };
  }
  // Q8_0 is written directly as random int8 quants under one scale: no float round trip for 100M+ weights.
  const scaleBits = toFloat16Bits(limit / 127);
  const blocksPerRow = rowLength / 32;
  return {
    *encoded() {
      const random = createSeededRandom(seed);
      const rowsPerChunk = Math.max(1, Math.floor(chunkBytes / (blocksPerRow * 34)));
      for (let row = 0; row < rows; row += rowsPerChunk) {
        const chunkRows = Math.min(rowsPerChunk, rows - row);
        const chunk = new Uint8Array(chunkRows * blocksPerRow * 34);
        const firstBlock = Math.max(0, zeroRows - row) * blocksPerRow;
        for (let block = firstBlock; block < chunkRows * blocksPerRow; block++) {
          const at = block * 34;
          chunk[at] = scaleBits & 0xff;
          chunk[at + 1] = scaleBits >>> 8;
          for (let quant = 0; quant < 32; quant += 4) {
            const bits = random.nextUint32();
            chunk[at + 2 + quant] = bits & 0xff;
            chunk[at + 3 + quant] = (bits >>> 8) & 0xff;
            chunk[at + 4 + quant] = (bits >>> 16) & 0xff;
            chunk[at + 5 + quant] = bits >>> 24;
          }
        }
        yield chunk;
      }
    },
  };
}
