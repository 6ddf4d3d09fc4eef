import { describe, expect, it } from 'vitest';
import { StreamTransformer, type StreamTransformerOptions } from './stream-transformer.js';
import type { TokenUsage } from './usage.js';

function transformer(options: Partial<StreamTransformerOptions> = {}) {
  const seen = { usage: [] as TokenUsage[], firstToken: 0 };
  const instance = new StreamTransformer({
    splitReasoning: false,
    dropUsageChunk: false,
    onUsage: (usage) => seen.usage.push(usage),
    onFirstToken: () => seen.firstToken++,
    ...options,
  });
  return { instance, seen };
}

const role = 'data: {"choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}\n\n';
const hello = 'data: {"choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}\n\n';
const stop = 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n';
const usage = 'data: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}\n\n';
const done = 'data: [DONE]\n\n';

describe('StreamTransformer', () => {
  it('passes events through byte for byte and reports the first token once', () => {
    const { instance, seen } = transformer();
    expect(instance.push(role)).toBe(role);
    expect(seen.firstToken).toBe(0);
    expect(instance.push(hello + hello)).toBe(hello + hello);
    expect(instance.push(stop + done)).toBe(stop + done);
    expect(seen.firstToken).toBe(1);
  });

  it('holds back a partial event until it completes', () => {
    const { instance } = transformer();
    expect(instance.push(hello.slice(0, 20))).toBe('');
    expect(instance.push(hello.slice(20))).toBe(hello);
  });

  it('reads usage and forwards the usage chunk when the client asked for it', () => {
    const { instance, seen } = transformer();
    expect(instance.push(stop + usage + done)).toBe(stop + usage + done);
    expect(seen.usage).toEqual([
      { promptTokens: 4, completionTokens: 2, reasoningTokens: 0, cachedTokens: 0 },
    ]);
  });

  it('drops the usage-only chunk when the gateway asked for it', () => {
    const { instance, seen } = transformer({ dropUsageChunk: true });
    expect(instance.push(stop + usage + done)).toBe(stop + done);
    expect(seen.usage).toHaveLength(1);
  });

  it('ignores usage null on content chunks', () => {
    const { instance, seen } = transformer({ dropUsageChunk: true });
    const withNull = 'data: {"choices":[{"index":0,"delta":{"content":"x"}}],"usage":null}\n\n';
    expect(instance.push(withNull)).toBe(withNull);
    expect(seen.usage).toEqual([]);
  });

  it('splits reasoning in deltas', () => {
    const { instance } = transformer({ splitReasoning: true });
    const think =
      'data: {"choices":[{"index":0,"delta":{"content":"<think>hmm</think>Yes"},"finish_reason":null}]}\n\n';
    expect(instance.push(think)).toBe(
      'data: {"choices":[{"index":0,"delta":{"content":"Yes","reasoning_content":"hmm"},"finish_reason":null}]}\n\n',
    );
    expect(instance.push(done)).toBe(done);
  });

  it('forwards an unterminated last event at the end', () => {
    const { instance } = transformer();
    expect(instance.push('data: [DONE]')).toBe('');
    expect(instance.finish()).toBe(done);
  });

  it('forwards comments and malformed data untouched', () => {
    const { instance } = transformer({ splitReasoning: true });
    expect(instance.push(': ping\n\ndata: {oops "usage"\n\n')).toBe(': ping\n\ndata: {oops "usage"\n\n');
  });
});
