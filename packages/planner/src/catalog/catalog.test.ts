import { describe, expect, it } from 'vitest';
import { findCatalogModel, listCatalog } from './catalog.js';
import { GIB } from '../units.js';

describe('catalog', () => {
  it('lists every model the issue names', () => {
    expect(listCatalog().map((model) => model.id)).toEqual([
      'deepseek-v3',
      'deepseek-v3-0324',
      'deepseek-v3.1',
      'deepseek-r1',
      'deepseek-r1-0528',
      'deepseek-r1-distill-qwen-1.5b',
      'deepseek-r1-distill-qwen-7b',
      'deepseek-r1-distill-qwen-14b',
      'deepseek-r1-distill-qwen-32b',
      'deepseek-r1-distill-llama-8b',
      'deepseek-r1-distill-llama-70b',
      'deepseek-coder-v2-lite-instruct',
      'janus-pro-7b',
      'bge-m3',
      'bge-large-zh-v1.5',
      'bge-reranker-v2-m3',
    ]);
  });

  it('finds models by id, Hugging Face id or name, case-insensitively', () => {
    expect(findCatalogModel('deepseek-ai/DeepSeek-R1')?.id).toBe('deepseek-r1');
    expect(findCatalogModel('DeepSeek-R1-Distill-Qwen-7B')?.id).toBe('deepseek-r1-distill-qwen-7b');
    expect(findCatalogModel('nope')).toBeUndefined();
  });

  it('carries the V3/R1 architecture facts and formats', () => {
    const r1 = findCatalogModel('deepseek-r1');
    expect(r1?.architecture).toMatchObject({
      layerCount: 61,
      hiddenSize: 7168,
      attentionHeadCount: 128,
      vocabularySize: 129280,
      maxContextTokens: 163840,
    });
    expect(r1?.architecture.mla).toEqual({
      kvLoraRank: 512,
      qLoraRank: 1536,
      qkNopeHeadDim: 128,
      qkRopeHeadDim: 64,
      vHeadDim: 128,
    });
    expect(r1?.architecture.experts).toEqual({
      routed: 256,
      active: 8,
      shared: 1,
      intermediateSize: 2048,
      firstDenseLayers: 3,
    });
    expect(r1?.files.map((file) => file.id)).toEqual(['fp8', 'bf16', 'w8a8', 'gguf-q4_k_m', 'gguf-ud-iq1_s']);
    expect(r1?.files.find((file) => file.id === 'w8a8')?.modelScope).toBe('vllm-ascend/DeepSeek-R1-W8A8');
    expect((r1?.files[0]?.sizeBytes ?? 0) / 8 / GIB).toBeCloseTo(79.4, 5);
  });

  it('gives every distill BF16, AWQ (where published) and GGUF Q4_K_M/Q8_0 files', () => {
    const distill = findCatalogModel('deepseek-r1-distill-llama-70b');
    expect(distill?.files.map((file) => file.id)).toEqual(['bf16', 'awq', 'gguf-q4_k_m', 'gguf-q8_0']);
    expect(distill?.files.find((file) => file.id === 'gguf-q4_k_m')?.fileName).toBe(
      'DeepSeek-R1-Distill-Llama-70B-Q4_K_M.gguf',
    );
  });

  it('marks Janus-Pro as not yet servable and embeddings as encoders', () => {
    expect(findCatalogModel('janus-pro-7b')).toMatchObject({ isServable: false, task: 'vision-chat' });
    expect(findCatalogModel('bge-reranker-v2-m3')).toMatchObject({
      task: 'rerank',
      architecture: { kind: 'encoder' },
    });
  });
});
