import { describe, expect, it } from 'vitest';
import { modelFactsFromGguf } from './gguf-facts.js';
import { kvBytesPerToken } from './kv-cache.js';
import { parseHardwareSpec } from './hardware.js';
import { planDeployment } from './plan-deployment.js';

const QWEN_7B_Q4 = {
  architecture: 'qwen2',
  contextTokens: 131072,
  parameterCount: 7.62e9,
  quantization: 'Q4_K_M',
  embeddingLength: 3584,
  layerCount: 28,
  headCount: 28,
  headCountKv: 4,
  vocabularySize: 152064,
  sizeBytes: 4_683_073_888,
};

describe('modelFactsFromGguf', () => {
  it('derives GQA facts the planner uses, equal to the catalog figures', () => {
    const { model, weights } = modelFactsFromGguf(
      'local-qwen',
      'DeepSeek-R1-Distill-Qwen-7B-Q4_K_M',
      QWEN_7B_Q4,
    );
    expect(model.architecture).toMatchObject({
      attention: 'gqa',
      headDim: 128,
      kvHeadCount: 4,
      maxContextTokens: 131072,
    });
    expect(kvBytesPerToken(model.architecture, 'fp16')).toBe(56 * 1024);
    expect(weights).toEqual({ format: 'gguf', quantization: 'q4_k_m', sizeBytes: 4_683_073_888 });
    expect(model.isReasoning).toBe(true);
  });

  it('plans a local GGUF like a catalog model', () => {
    const { model, weights } = modelFactsFromGguf('local', 'qwen', QWEN_7B_Q4);
    const result = planDeployment({
      model,
      weights,
      engine: 'llama-server',
      nodes: parseHardwareSpec('1xRTX4090'),
      contextTokens: 16384,
    });
    expect(result.ok && result.plan.engineArgs.slice(0, 4)).toEqual([
      '--ctx-size',
      '16384',
      '--parallel',
      '1',
    ]);
  });

  it('uses MLA for deepseek2 files that carry kv_lora_rank, and no cache for BERT embeddings', () => {
    const mla = modelFactsFromGguf('v3', 'v3', {
      ...QWEN_7B_Q4,
      architecture: 'deepseek2',
      layerCount: 61,
      kvLoraRank: 512,
      ropeDimensionCount: 64,
    });
    expect(kvBytesPerToken(mla.model.architecture, 'fp16')).toBe(70_272);
    const bert = modelFactsFromGguf('bge', 'bge', { ...QWEN_7B_Q4, architecture: 'bert' });
    expect(kvBytesPerToken(bert.model.architecture, 'fp16')).toBe(0);
  });
});
