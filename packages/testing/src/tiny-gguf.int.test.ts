import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufHeader, summarizeGguf } from '@hangar/gguf';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import type { Llama, Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testModelPath, tinyModelPath } from './test-model-path.js';
import { writeTinyLlamaGguf } from './tiny-gguf.js';

let dir: string;
let llama: Llama;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hangar-testing-'));
  // Explicit threads: node-llama-cpp's default (4) crawls on 2-core machines; never compile llama.cpp here.
  llama = await getLlama({ gpu: false, maxThreads: 1, build: 'never', logLevel: LlamaLogLevel.error });
});
afterAll(async () => {
  await llama.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('writeTinyLlamaGguf', () => {
  it('writes a small llama GGUF that summarizes as expected', async () => {
    const path = join(dir, 'tiny.gguf');
    await writeTinyLlamaGguf(path);
    expect((await stat(path)).size).toBeLessThan(2 * 1024 * 1024);
    expect(summarizeGguf(await readGgufHeader(path))).toMatchObject({
      architecture: 'llama',
      name: 'tiny-llama',
      quantization: 'F32',
      layerCount: 2,
      embeddingLength: 64,
      vocabularySize: 512,
      hasChatTemplate: false,
    });
  });

  it.each(['F32', 'Q8_0'] as const)('loads in node-llama-cpp, generates and embeds (%s)', async (type) => {
    const path = join(dir, `tiny-${type}.gguf`);
    await writeTinyLlamaGguf(path, { type });
    const model = await llama.loadModel({ modelPath: path });
    try {
      const context = await model.createContext({ threads: 1, contextSize: 128 });
      const generated: Token[] = [];
      for await (const token of context
        .getSequence()
        .evaluate(model.tokenize('hello world'), { temperature: 0 })) {
        generated.push(token);
        if (generated.length === 6) break;
      }
      await context.dispose();
      expect(generated).toHaveLength(6);
      expect(generated.every((token) => token >= 259)).toBe(true);
      expect(model.detokenize(generated)).toMatch(/^[\x20-\x7e]+$/);

      const embeddingContext = await model.createEmbeddingContext({ threads: 1, contextSize: 64 });
      const embedding = await embeddingContext.getEmbeddingFor('hello world');
      await embeddingContext.dispose();
      expect(embedding.vector).toHaveLength(64);
      expect(embedding.vector.every(Number.isFinite)).toBe(true);
    } finally {
      await model.dispose();
    }
  });
});

describe('testModelPath', () => {
  it('names an existing GGUF file, and the tiny model is written once', async () => {
    const header = await readGgufHeader(await testModelPath());
    expect(summarizeGguf(header).architecture).toBe('llama');
    const tiny = await tinyModelPath();
    const before = await stat(tiny);
    expect(await tinyModelPath()).toBe(tiny);
    expect((await stat(tiny)).mtimeMs).toBe(before.mtimeMs);
  });
});
