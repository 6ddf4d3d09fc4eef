import { describe, expect, it } from 'vitest';
import type { GgufHeader, GgufMetadataValue, GgufTensorInfo } from './gguf-types.js';
import { summarizeGguf } from './summarize-gguf.js';

function header(
  metadata: Record<string, GgufMetadataValue>,
  tensors: Partial<GgufTensorInfo>[] = [],
): GgufHeader {
  return {
    version: 3,
    metadata: new Map(Object.entries(metadata)),
    tensors: tensors.map((tensor, index) => ({
      name: `t${index}`,
      dimensions: [tensor.elementCount ?? 1],
      typeId: 0,
      typeName: 'F32',
      offset: 0,
      elementCount: 1,
      sizeBytes: 4,
      ...tensor,
    })),
    alignment: 32,
    dataOffset: 0,
    fileSizeBytes: 0,
  };
}

describe('summarizeGguf', () => {
  it('reads architecture-prefixed keys and sums tensor elements', () => {
    const summary = summarizeGguf(
      header(
        {
          'general.architecture': { type: 'string', value: 'qwen2' },
          'general.name': { type: 'string', value: 'Q' },
          'general.file_type': { type: 'uint32', value: 15 },
          'qwen2.context_length': { type: 'uint32', value: 32768 },
          'qwen2.embedding_length': { type: 'uint32', value: 896 },
          'qwen2.block_count': { type: 'uint32', value: 24 },
          'qwen2.attention.head_count': { type: 'uint32', value: 14 },
          'qwen2.attention.head_count_kv': { type: 'uint32', value: 2 },
          'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: ['a', 'b', 'c'] },
          'tokenizer.chat_template': { type: 'string', value: '{{ x }}' },
        },
        [{ elementCount: 10 }, { elementCount: 5 }],
      ),
    );
    expect(summary).toEqual({
      architecture: 'qwen2',
      name: 'Q',
      contextTokens: 32768,
      parameterCount: 15,
      quantization: 'Q4_K_M',
      embeddingLength: 896,
      layerCount: 24,
      headCount: 14,
      headCountKv: 2,
      hasChatTemplate: true,
      vocabularySize: 3,
    });
  });

  it('falls back to the tensor type holding the most bytes, and nulls for what is missing', () => {
    const summary = summarizeGguf(
      header({}, [
        { typeName: 'F32', sizeBytes: 100 },
        { typeName: 'Q8_0', sizeBytes: 60 },
        { typeName: 'Q8_0', sizeBytes: 60 },
      ]),
    );
    expect(summary).toMatchObject({
      architecture: 'unknown',
      quantization: 'Q8_0',
      contextTokens: null,
      hasChatTemplate: false,
      vocabularySize: null,
    });
  });

  it('takes the first layer of per-layer head counts and vocab_size without tokens', () => {
    const summary = summarizeGguf(
      header({
        'general.architecture': { type: 'string', value: 'x' },
        'x.attention.head_count_kv': { type: 'array', itemType: 'int32', value: [4, 0, 4] },
        'x.vocab_size': { type: 'uint32', value: 100 },
      }),
    );
    expect(summary).toMatchObject({
      headCountKv: 4,
      vocabularySize: 100,
      parameterCount: null,
      quantization: null,
    });
  });
});
