import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGgufHeader } from './read-gguf-header.js';
import { summarizeGguf } from './summarize-gguf.js';

// Shared model files live beside the project (../shared/models), never in it; without them these tests skip.
const modelsDir = resolve(import.meta.dirname, '../../../../shared/models');
const stories = resolve(modelsDir, 'stories260K.gguf');
const phi3Vocab = resolve(modelsDir, 'ggml-vocab-phi-3.gguf');

describe.skipIf(!existsSync(stories))('readGgufHeader on stories260K.gguf', () => {
  it('reads metadata, tensors and the data offset', async () => {
    const header = await readGgufHeader(stories);
    expect(header.version).toBe(3);
    expect(header.alignment).toBe(32);
    expect(header.tensors).toHaveLength(48);
    expect(header.tensors[0]).toEqual({
      name: 'token_embd.weight',
      dimensions: [64, 512],
      typeId: 0,
      typeName: 'F32',
      offset: 0,
      elementCount: 32768,
      sizeBytes: 131072,
    });
    expect(header.dataOffset % 32).toBe(0);
    expect(header.metadata.get('tokenizer.ggml.model')).toEqual({ type: 'string', value: 'llama' });
    expect(header.metadata.get('llama.attention.layer_norm_rms_epsilon')?.type).toBe('float32');
    const last = header.tensors.at(-1)!;
    expect(header.dataOffset + last.offset + last.sizeBytes!).toBe(header.fileSizeBytes);
  });

  it('summarizes it as a 260K-parameter F32 llama with no chat template', async () => {
    expect(summarizeGguf(await readGgufHeader(stories))).toEqual({
      architecture: 'llama',
      name: 'llama',
      contextTokens: 2048,
      parameterCount: 292800,
      quantization: 'F32',
      embeddingLength: 64,
      layerCount: 5,
      headCount: 8,
      headCountKv: 4,
      hasChatTemplate: false,
      vocabularySize: 512,
    });
  });
});

describe.skipIf(!existsSync(phi3Vocab))('readGgufHeader on ggml-vocab-phi-3.gguf', () => {
  it('reads a vocab-only file with a chat template', async () => {
    const header = await readGgufHeader(phi3Vocab);
    const summary = summarizeGguf(header);
    expect(header.tensors).toHaveLength(0);
    expect(summary).toMatchObject({ architecture: 'phi3', hasChatTemplate: true, vocabularySize: 32064 });
    expect(summary.parameterCount).toBeNull();
  });
});
