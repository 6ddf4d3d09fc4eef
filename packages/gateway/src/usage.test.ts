import { describe, expect, it } from 'vitest';
import { extractUsage, usageFromObject } from './usage.js';

describe('extractUsage', () => {
  it.each([
    {
      name: 'chat completion',
      body: '{"id":"c1","choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}',
      expected: { promptTokens: 5, completionTokens: 2, reasoningTokens: 0, cachedTokens: 0 },
    },
    {
      name: 'cached prompt tokens (prefix cache)',
      body: '{"usage":{"prompt_tokens":40,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":32}}}',
      expected: { promptTokens: 40, completionTokens: 2, reasoningTokens: 0, cachedTokens: 32 },
    },
    {
      name: 'reasoning tokens in nested details',
      body: '{"usage": {"prompt_tokens":1,"completion_tokens":9,"completion_tokens_details":{"reasoning_tokens":4}}}',
      expected: { promptTokens: 1, completionTokens: 9, reasoningTokens: 4, cachedTokens: 0 },
    },
    {
      name: 'content mentioning usage and braces',
      body: '{"choices":[{"message":{"content":"say \\"usage\\": {"}}],"usage":{"prompt_tokens":3,"completion_tokens":1}}',
      expected: { promptTokens: 3, completionTokens: 1, reasoningTokens: 0, cachedTokens: 0 },
    },
    {
      name: 'embeddings',
      body: '{"object":"list","data":[],"usage":{"prompt_tokens":8,"total_tokens":8}}',
      expected: { promptTokens: 8, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0 },
    },
    { name: 'no usage', body: '{"id":"x"}', expected: undefined },
    { name: 'usage null', body: '{"id":"x","usage":null}', expected: undefined },
    { name: 'truncated body', body: '{"usage":{"prompt_tokens":3', expected: undefined },
    { name: 'not json', body: 'usage', expected: undefined },
  ])('$name', ({ body, expected }) => {
    expect(extractUsage(Buffer.from(body))).toEqual(expected);
  });
});

describe('usageFromObject', () => {
  it.each([
    [
      { prompt_tokens: 2, completion_tokens: 3 },
      { promptTokens: 2, completionTokens: 3, reasoningTokens: 0, cachedTokens: 0 },
    ],
    [
      { prompt_tokens: -1, completion_tokens: 'x' },
      { promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0 },
    ],
    [null, undefined],
    [[1], undefined],
  ])('%j', (value, expected) => {
    expect(usageFromObject(value)).toEqual(expected);
  });
});
