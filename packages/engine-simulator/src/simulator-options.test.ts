import { describe, expect, it } from 'vitest';
import { planGeneration } from './generation.js';
import { KvScheduler } from './kv-scheduler.js';
import { PrefixCache } from './prefix-cache.js';
import { defaultSimulatorOptions, parseSimulatorArgs } from './simulator-options.js';

describe('parseSimulatorArgs', () => {
  it('maps flags onto options', () => {
    const parsed = parseSimulatorArgs([
      '--port',
      '8000',
      '--model-name',
      'r1',
      '--ttft-ms',
      '50',
      '--kv-capacity-tokens',
      '1000',
      '--crash-after',
      '3',
      '--fail-mode',
      'die-mid-stream',
      '--reasoning',
      'tags',
      '--no-prefix-caching',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: {
        ...defaultSimulatorOptions,
        port: 8000,
        modelName: 'r1',
        ttftMs: 50,
        kvCapacityTokens: 1000,
        crashAfter: 3,
        failMode: 'die-mid-stream',
        reasoning: 'tags',
        prefixCaching: false,
      },
    });
  });

  it('reports every bad value and unknown flags', () => {
    const parsed = parseSimulatorArgs(['--port', 'x', '--fail-mode', 'explode']);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.message).toMatch(/--port must be an integer[\s\S]*--fail-mode must be one of/);
    expect(parseSimulatorArgs(['--tensor-parallel-size', '8']).ok).toBe(false);
  });
});

describe('planGeneration', () => {
  const options = { ...defaultSimulatorOptions, outputTokens: 6 };
  const base = { promptText: 'hi', seed: 7, maxTokens: null, stop: [], withReasoning: false };

  it('is deterministic per seed and cut by max_tokens', () => {
    const a = planGeneration(options, base);
    expect(planGeneration(options, base).tokens).toEqual(a.tokens);
    expect(a.finishReason).toBe('stop');
    const cut = planGeneration(options, { ...base, maxTokens: 2 });
    expect(cut.tokens).toHaveLength(2);
    expect(cut.finishReason).toBe('length');
  });

  it('stops at a stop sequence without emitting it', () => {
    const full = planGeneration(options, base)
      .tokens.map((token) => token.text)
      .join('');
    const stop = full.split(' ')[2]!;
    const text = planGeneration(options, { ...base, stop: [stop] })
      .tokens.map((token) => token.text)
      .join('');
    expect(text).toBe(full.slice(0, full.indexOf(stop)));
  });

  it('wraps reasoning in think tags', () => {
    const text = planGeneration(options, { ...base, withReasoning: true })
      .tokens.map((token) => token.text)
      .join('');
    expect(text).toMatch(/^<think>[^<]+<\/think>\n\n[A-Z]/);
  });
});

describe('KvScheduler and PrefixCache', () => {
  it('admits within capacity and sequence limits, first come first served', async () => {
    const scheduler = new KvScheduler(100, 2);
    const a = await scheduler.admit(60);
    const pending = scheduler.admit(50);
    expect([scheduler.running, scheduler.waiting, scheduler.usageRatio]).toEqual([1, 1, 0.6]);
    a.release();
    await pending;
    expect([scheduler.running, scheduler.waiting]).toEqual([1, 0]);
    await expect(scheduler.admit(101)).rejects.toThrow(/cache holds 100/);
  });

  it('hits on whole shared 16-token blocks', () => {
    const cache = new PrefixCache(100);
    const tokens = Array.from({ length: 40 }, (_, index) => `t${index}`);
    expect(cache.lookupAndInsert(tokens)).toBe(0);
    expect(cache.lookupAndInsert(tokens)).toBe(32);
    expect(cache.lookupAndInsert([...tokens.slice(0, 20), 'other'])).toBe(16);
  });
});
