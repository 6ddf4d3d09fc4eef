import { describe, expect, it } from 'vitest';
import { llamaGgufSpec } from './llama-gguf-spec.js';
import { smolShape, tinyLlamaShape } from './tiny-gguf.js';

describe('llamaGgufSpec', () => {
  it('lists llama tensors with ggml shapes (innermost first)', () => {
    const spec = llamaGgufSpec(tinyLlamaShape, { seed: 1, type: 'F32', name: 't' });
    const shapes = Object.fromEntries(spec.tensors.map((tensor) => [tensor.name, tensor.dimensions]));
    expect(spec.tensors).toHaveLength(3 + 2 * 9);
    expect(shapes).toMatchObject({
      'token_embd.weight': [64, 512],
      'output.weight': [64, 512],
      'blk.1.attn_k.weight': [64, 32],
      'blk.1.ffn_down.weight': [128, 64],
      'blk.1.ffn_norm.weight': [64],
    });
  });

  it('writes the hyperparameters and the tokenizer with the types llama.cpp expects', () => {
    const { metadata } = llamaGgufSpec(smolShape, { seed: 1, type: 'Q8_0', name: 's', tieEmbeddings: true });
    expect(metadata).toMatchObject({
      'general.file_type': { type: 'uint32', value: 7 },
      'llama.block_count': { type: 'uint32', value: 30 },
      'llama.attention.head_count_kv': { type: 'uint32', value: 3 },
      'llama.rope.dimension_count': { type: 'uint32', value: 64 },
      'llama.attention.layer_norm_rms_epsilon': { type: 'float32', value: 1e-5 },
      'tokenizer.ggml.model': { type: 'string', value: 'llama' },
    });
    expect(Object.keys(metadata)).not.toContain('tokenizer.chat_template');
  });

  it('leaves out output.weight when embeddings are tied, and adds a chat template when asked', () => {
    const spec = llamaGgufSpec(tinyLlamaShape, {
      seed: 1,
      type: 'F32',
      name: 't',
      tieEmbeddings: true,
      chatTemplate: 'x',
    });
    expect(spec.tensors.map((tensor) => tensor.name)).not.toContain('output.weight');
    expect(Object.keys(spec.metadata)).toContain('tokenizer.chat_template');
  });

  it('produces the same F32 weights for the same seed, with zero output rows for special tokens', () => {
    const values = (seed: number): Float32Array => {
      const output = llamaGgufSpec(tinyLlamaShape, { seed, type: 'F32', name: 't' }).tensors[2]!;
      expect(output.name).toBe('output.weight');
      const data = output.data as () => Iterable<Float32Array>;
      return Float32Array.from([...data()].flatMap((chunk) => [...chunk]));
    };
    const first = values(1);
    expect(first).toEqual(values(1));
    expect(first).not.toEqual(values(2));
    expect(first.subarray(0, 259 * 64).every((value) => value === 0)).toBe(true);
    expect(Math.max(...first.subarray(259 * 64).map(Math.abs))).toBeLessThanOrEqual(1 / 8);
  });
});
