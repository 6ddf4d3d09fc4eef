import { describe, expect, it } from 'vitest';
import { BatchDecoder, type GenerationJob } from './batch-decoder.js';
import type { NativeContext, NativeSampler } from './native-context.js';

const endToken = 2;

/** An in-memory stand-in for the native context: records batches; each sampler counts up from 100. */
function fakeNative() {
  const batches: { sequenceId: number; position: number; tokens: number[]; logits: number }[][] = [];
  const removed: number[] = [];
  const removedFrom: [sequenceId: number, from: number][] = [];
  let logitCount = 0;
  const logitOwners: number[] = [];
  const native: NativeContext = {
    initBatch() {
      batches.push([]);
      logitCount = 0;
    },
    addToBatch(sequenceId, position, tokens, logitIndexes) {
      batches.at(-1)!.push({ sequenceId, position, tokens: [...tokens], logits: logitIndexes.length });
      const indexes = [...logitIndexes].map(() => logitCount++);
      indexes.forEach(() => logitOwners.push(sequenceId));
      return Uint32Array.from(indexes);
    },
    decodeBatch: () => Promise.resolve(),
    sampleToken: (_index, sampler) => Promise.resolve((sampler as FakeSampler).next()),
    removeTokenCellsFromSequence(sequenceId, from) {
      removed.push(sequenceId);
      removedFrom.push([sequenceId, from]);
      return true;
    },
    setThreads() {},
  };
  return { native, batches, removed, removedFrom };
}

class FakeSampler implements NativeSampler {
  private token = 100;
  disposed = false;
  constructor(private readonly endAfter: number) {}
  applyConfig(): void {}
  dispose(): void {
    this.disposed = true;
  }
  next(): number {
    return this.token - 100 >= this.endAfter ? endToken : this.token++;
  }
}

function decoder(sequences: number, batchSize = 512, endAfter = 1000) {
  const fake = fakeNative();
  const samplers: FakeSampler[] = [];
  const instance = new BatchDecoder({
    native: fake.native,
    createSampler: () => {
      const sampler = new FakeSampler(endAfter);
      samplers.push(sampler);
      return sampler;
    },
    isEndToken: (token) => token === endToken,
    sequences,
    batchSize,
  });
  return { ...fake, instance, samplers };
}

const sampling = { temperature: 0, topK: 40, topP: 1, minP: 0, seed: 1 };

function job(
  promptTokens: number[],
  maxTokens: number,
  tokens: number[] = [],
  extra: Partial<GenerationJob> = {},
) {
  return { promptTokens, maxTokens, sampling, onToken: (token: number) => tokens.push(token) > 0, ...extra };
}

describe('BatchDecoder', () => {
  it('evaluates the prompt, then decodes one token per step until max tokens', async () => {
    const { instance, batches, removed, samplers } = decoder(1);
    const tokens: number[] = [];
    expect(await instance.generate(job([1, 5, 6], 3, tokens))).toEqual({
      reason: 'length',
      tokens: 3,
      cachedPromptTokens: 0,
    });
    expect(tokens).toEqual([100, 101, 102]);
    expect(batches).toEqual([
      [{ sequenceId: 0, position: 0, tokens: [1, 5, 6], logits: 1 }],
      [{ sequenceId: 0, position: 3, tokens: [100], logits: 1 }],
      [{ sequenceId: 0, position: 4, tokens: [101], logits: 1 }],
    ]);
    // The sequence keeps its cells for the next request's shared prefix.
    expect(removed).toEqual([]);
    expect(samplers[0]!.disposed).toBe(true);
    expect(instance.sequencesActive).toBe(0);
  });

  it('ends on an end token and counts it', async () => {
    const { instance } = decoder(1, 512, 2);
    const tokens: number[] = [];
    expect(await instance.generate(job([1], 10, tokens))).toEqual({
      reason: 'end',
      tokens: 3,
      cachedPromptTokens: 0,
    });
    expect(tokens).toEqual([100, 101]);
  });

  it('stops when the consumer says so', async () => {
    const { instance } = decoder(1);
    const outcome = await instance.generate(job([1], 10, [], { onToken: (token) => token < 101 }));
    expect(outcome).toEqual({ reason: 'stopped', tokens: 2, cachedPromptTokens: 0 });
  });

  it('decodes concurrent requests in the same batches', async () => {
    const { instance, batches } = decoder(4);
    await Promise.all([0, 1, 2].map((index) => instance.generate(job([1, index], 4))));
    expect(batches[0]!.map((entry) => entry.sequenceId)).toEqual([0, 1, 2]);
    expect(batches[1]!.map((entry) => entry.tokens)).toEqual([[100], [100], [100]]);
    expect(instance.sequencesActivePeak).toBe(3);
  });

  it('lets requests that arrive within the gather window share the first batch', async () => {
    const fake = fakeNative();
    const instance = new BatchDecoder({
      native: fake.native,
      createSampler: () => new FakeSampler(1000),
      isEndToken: (token) => token === endToken,
      sequences: 4,
      batchSize: 512,
      gatherMs: 20,
    });
    const first = instance.generate(job([1, 2], 2));
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = instance.generate(job([3, 4], 2));
    await Promise.all([first, second]);
    expect(fake.batches[0]!.map((entry) => entry.tokens)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('chunks long prompts by the batch size, decode tokens first', async () => {
    const { instance, batches } = decoder(2, 4);
    const first = instance.generate(job([1], 3));
    const second = instance.generate(job([1, 2, 3, 4, 5, 6, 7], 1));
    await Promise.all([first, second]);
    expect(batches[0]).toEqual([
      { sequenceId: 0, position: 0, tokens: [1], logits: 1 },
      { sequenceId: 1, position: 0, tokens: [1, 2, 3], logits: 0 },
    ]);
    expect(batches[1]).toEqual([
      { sequenceId: 0, position: 1, tokens: [100], logits: 1 },
      { sequenceId: 1, position: 3, tokens: [4, 5, 6], logits: 0 },
    ]);
    expect(batches[2]![1]).toEqual({ sequenceId: 1, position: 6, tokens: [7], logits: 1 });
  });

  it('makes requests beyond the sequence count wait, and lets a waiting request be aborted', async () => {
    const { instance } = decoder(1);
    const controller = new AbortController();
    const running = instance.generate(job([1], 5));
    const waiting = instance.generate(job([1], 5, [], { signal: controller.signal }));
    const third = instance.generate(job([1], 2));
    expect(instance.requestsWaiting).toBe(2);
    controller.abort();
    expect(await waiting).toEqual({ reason: 'aborted', tokens: 0 });
    expect(await running).toEqual({ reason: 'length', tokens: 5, cachedPromptTokens: 0 });
    expect(await third).toEqual({ reason: 'length', tokens: 2, cachedPromptTokens: 0 });
    expect(instance.requestsWaiting).toBe(0);
  });

  it("reuses the KV cells of a sequence's previous request for the prompt prefix they share", async () => {
    const { instance, batches, removedFrom } = decoder(1);
    await instance.generate(job([1, 7, 8, 9], 2));
    // Cached now: the prompt and the one fed-back token [1, 7, 8, 9, 100].
    const outcome = await instance.generate(job([1, 7, 8, 5, 6], 1));
    expect(outcome.cachedPromptTokens).toBe(3);
    expect(removedFrom).toEqual([[0, 3]]);
    expect(batches[2]).toEqual([{ sequenceId: 0, position: 3, tokens: [5, 6], logits: 1 }]);
  });

  it('evaluates at least the last prompt token again when the whole prompt is cached', async () => {
    const { instance, batches } = decoder(1);
    await instance.generate(job([1, 2, 3], 1));
    const outcome = await instance.generate(job([1, 2, 3], 1));
    expect(outcome.cachedPromptTokens).toBe(2);
    expect(batches[1]).toEqual([{ sequenceId: 0, position: 2, tokens: [3], logits: 1 }]);
  });

  it('gives a request the free sequence that caches the longest shared prefix', async () => {
    const { instance, batches } = decoder(2);
    await Promise.all([instance.generate(job([1, 2, 3], 1)), instance.generate(job([4, 5, 6], 1))]);
    const outcome = await instance.generate(job([4, 5, 9], 1));
    expect(outcome.cachedPromptTokens).toBe(2);
    expect(batches.at(-1)).toEqual([{ sequenceId: 1, position: 2, tokens: [9], logits: 1 }]);
  });

  it('clears every sequence after its request when prefix reuse is off (sliding-window models)', async () => {
    const fake = fakeNative();
    const instance = new BatchDecoder({
      native: fake.native,
      createSampler: () => new FakeSampler(1000),
      isEndToken: (token) => token === endToken,
      sequences: 1,
      batchSize: 512,
      reusePrefixes: false,
    });
    await instance.generate(job([1, 2, 3], 1));
    const outcome = await instance.generate(job([1, 2, 3], 1));
    expect(outcome.cachedPromptTokens).toBe(0);
    expect(fake.removedFrom).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('starts from an empty sequence when the cache cannot be cut in the middle', async () => {
    const fake = fakeNative();
    fake.native.removeTokenCellsFromSequence = (_sequenceId, from) => from === 0;
    const instance = new BatchDecoder({
      native: fake.native,
      createSampler: () => new FakeSampler(1000),
      isEndToken: (token) => token === endToken,
      sequences: 1,
      batchSize: 512,
    });
    await instance.generate(job([1, 2, 3], 1));
    const outcome = await instance.generate(job([1, 2, 4], 1));
    expect(outcome.cachedPromptTokens).toBe(0);
    expect(fake.batches[1]).toEqual([{ sequenceId: 0, position: 0, tokens: [1, 2, 4], logits: 1 }]);
  });

  it('frees the sequence of an aborted generation before the next step', async () => {
    const { instance, removed } = decoder(1);
    const controller = new AbortController();
    const outcome = instance.generate(
      job([1], 100, [], {
        signal: controller.signal,
        onToken: (token) => {
          if (token === 102) controller.abort();
          return true;
        },
      }),
    );
    expect(await outcome).toEqual({ reason: 'aborted', tokens: 3 });
    expect(removed).toEqual([0]);
    expect(instance.sequencesActive).toBe(0);
  });
});
