import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import { modelFactsFromGguf, parseEngineKvReport, parseHardwareSpec, planDeployment } from '@hangar/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The shared test model, at ../shared/models relative to the repository root.
const modelPath = fileURLToPath(new URL('../../../../shared/models/stories260K.gguf', import.meta.url));

/** A number from node-llama-cpp's parsed GGUF metadata (`llama.block_count`, ...), or null. */
function metadataNumber(metadata: unknown, path: string[]): number | null {
  let value: unknown = metadata;
  for (const key of path)
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' ? value : null;
}

// Skipped only where the checkout has no ../shared/models.
describe.skipIf(!existsSync(modelPath))("planner KV estimate vs llama.cpp's own KV buffer", () => {
  const logLines: string[] = [];
  let llama: Llama;
  let model: LlamaModel;

  beforeAll(async () => {
    llama = await getLlama({
      gpu: false,
      build: 'never',
      maxThreads: 1,
      logLevel: LlamaLogLevel.info,
      logger: (_level, message) => logLines.push(message),
    });
    model = await llama.loadModel({ modelPath });
  });

  afterAll(async () => {
    await model.dispose();
    await llama.dispose();
  });

  it.each([512, 1024])(
    'context %i: the planner is within 10 percent of the reported KV buffer',
    async (contextSize) => {
      logLines.length = 0;
      const context = await model.createContext({ contextSize, sequences: 1 });
      // node-llama-cpp hands native log lines over asynchronously: wait for the KV line.
      for (let waited = 0; !logLines.some((line) => line.includes('cells')) && waited < 5_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const report = parseEngineKvReport('llama-cpp', logLines.join('\n'));
      await context.dispose();

      const arch = model.fileInfo.metadata.general.architecture;
      const metadata = model.fileInfo.metadata as unknown as Record<string, unknown>;
      const section = metadata[arch];
      const { model: facts, weights } = modelFactsFromGguf('stories260K', 'stories260K', {
        architecture: arch,
        contextTokens: metadataNumber(section, ['context_length']),
        parameterCount: null,
        quantization: null,
        embeddingLength: metadataNumber(section, ['embedding_length']),
        layerCount: metadataNumber(section, ['block_count']),
        headCount: metadataNumber(section, ['attention', 'head_count']),
        headCountKv: metadataNumber(section, ['attention', 'head_count_kv']),
        vocabularySize: null,
        sizeBytes: model.size,
      });
      const result = planDeployment({
        model: facts,
        weights,
        engine: 'llama-cpp',
        nodes: parseHardwareSpec('1xCPU-64G'),
        contextTokens: contextSize,
        concurrency: 1,
      });
      if (!result.ok) throw new Error(result.message);

      expect(report?.kvTokens).toBe(contextSize);
      const actual = report?.kvBytes ?? 0;
      expect(actual).toBeGreaterThan(0);
      expect(Math.abs(result.plan.kvCacheBytesPerDevice - actual) / actual).toBeLessThan(0.1);
    },
  );
});
