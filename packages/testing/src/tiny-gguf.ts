import { writeGguf } from '@hangar/gguf';
import { llamaGgufSpec } from './llama-gguf-spec.js';
import type { LlamaShape } from './llama-gguf-spec.js';

/** Options of {@link writeTinyLlamaGguf}; every field has a small default. */
export interface TinyLlamaOptions extends Partial<LlamaShape> {
  /** Weight seed (default 1). */
  seed?: number;
  /** Type of the weight matrices (default F32). */
  type?: 'F32' | 'Q8_0';
  /** `general.name` (default `tiny-llama`). */
  name?: string;
  /** A `tokenizer.chat_template` to include; none by default. */
  chatTemplate?: string;
}

/** The shape {@link writeTinyLlamaGguf} uses unless told otherwise (about 130K parameters, ~0.5 MB as F32). */
export const tinyLlamaShape: LlamaShape = {
  embeddingLength: 64,
  layerCount: 2,
  headCount: 4,
  headCountKv: 2,
  feedForwardLength: 128,
  vocabularySize: 512,
  contextTokens: 512,
};

/**
 * Writes a small, loadable llama-architecture GGUF with seeded random weights and a synthetic SPM vocabulary
 * (byte fallback, `<s>`, `</s>`, `<unk>`), no chat template unless asked. llama.cpp (node-llama-cpp) loads it,
 * generates from it (never `</s>` when greedy) and embeds with it; the text is nonsense.
 */
export async function writeTinyLlamaGguf(path: string, options: TinyLlamaOptions = {}): Promise<void> {
  const { seed = 1, type = 'F32', name = 'tiny-llama', chatTemplate, ...shape } = options;
  await writeGguf(path, llamaGgufSpec({ ...tinyLlamaShape, ...shape }, { seed, type, name, chatTemplate }));
}

/**
 * SmolLM2-135M's shape: llama, 576 wide, 30 layers, 9 heads (3 KV), ff 1536, 49,152 tokens, 2,048 context
 * (and tied embeddings: no separate `output.weight`).
 */
export const smolShape: LlamaShape = {
  embeddingLength: 576,
  layerCount: 30,
  headCount: 9,
  headCountKv: 3,
  feedForwardLength: 1536,
  vocabularySize: 49152,
  contextTokens: 2048,
};

/** Options of {@link writeSmolShapeGguf}. */
export interface SmolShapeOptions {
  /** Weight seed (default 1). */
  seed?: number;
  /** Context length written into the metadata (default 2048). */
  contextTokens?: number;
}

/**
 * Writes a random-weight Q8_0 GGUF of SmolLM2-135M's shape (~140 MB, streamed) for speed measurements: it costs
 * what the real model costs per token, and greedy decoding never emits `</s>`, so every request runs to its
 * `max_tokens`.
 */
export async function writeSmolShapeGguf(path: string, options: SmolShapeOptions = {}): Promise<void> {
  const shape = { ...smolShape, contextTokens: options.contextTokens ?? smolShape.contextTokens };
  await writeGguf(
    path,
    llamaGgufSpec(shape, {
      seed: options.seed ?? 1,
      type: 'Q8_0',
      name: 'smol-shape-135m',
      tieEmbeddings: true,
    }),
  );
}
