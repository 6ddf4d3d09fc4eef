import { LlamaLogLevel, getLlama, type Llama, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatPromptRenderer } from './chat-prompt.js';
import { sharedModelPath } from './test-model.js';

// Vocab-only GGUFs: real tokenizers and templates, no weights.
let llama: Llama;
let deepseek: LlamaModel;
let phi3: LlamaModel;

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', maxThreads: 1, logLevel: LlamaLogLevel.error });
  deepseek = await llama.loadModel({
    modelPath: sharedModelPath('ggml-vocab-deepseek-llm.gguf'),
    vocabOnly: true,
  });
  phi3 = await llama.loadModel({ modelPath: sharedModelPath('ggml-vocab-phi-3.gguf'), vocabOnly: true });
});

afterAll(async () => {
  await deepseek?.dispose();
  await phi3?.dispose();
  await llama?.dispose();
});

const messages = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'Hi' },
];

describe('ChatPromptRenderer', () => {
  it('renders with the named fallback when the GGUF has no template', () => {
    const renderer = new ChatPromptRenderer(deepseek, 'deepseek');
    const rendered = renderer.render(messages);
    expect(renderer.wrapperName).toBe('DeepSeek');
    expect(deepseek.detokenize(rendered.tokens as Token[], true)).toBe(
      '<｜begin▁of▁sentence｜>Be brief.<｜User｜>Hi<｜Assistant｜>',
    );
    expect([...rendered.stopTokenIds]).toEqual([deepseek.tokenize('<｜end▁of▁sentence｜>', true)[0]]);
    expect(rendered.startsInReasoning).toBe(false);
  });

  it('renders chatml with its end-of-turn text as a stop string', () => {
    const rendered = new ChatPromptRenderer(deepseek, 'chatml').render(messages);
    expect(deepseek.detokenize(rendered.tokens as Token[], true)).toContain('<|im_start|>assistant\n');
    expect(rendered.stopStrings).toEqual(['<|im_end|>']);
  });

  it("prefers the GGUF's own template over the fallback", () => {
    const renderer = new ChatPromptRenderer(phi3, 'chatml');
    const text = phi3.detokenize(renderer.render(messages).tokens as Token[], true);
    expect(text.startsWith('<s><|user|>')).toBe(true);
    expect(text.endsWith('Hi<|end|><|assistant|>')).toBe(true);
  });
});
