import { describe, expect, it } from 'vitest';
import { ReasoningTokenCounter, buildUsage, resolveCompletionBudget } from './usage.js';

describe('buildUsage', () => {
  it('adds prompt and completion tokens', () => {
    expect(buildUsage(10, 5)).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
  });

  it('reports reasoning tokens when known', () => {
    expect(buildUsage(3, 4, 2)).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });
});

describe('resolveCompletionBudget', () => {
  it('defaults to the remaining context', () => {
    expect(resolveCompletionBudget(100, undefined, 512, 'messages')).toEqual({ ok: true, maxTokens: 412 });
  });

  it('accepts a request that fits exactly', () => {
    expect(resolveCompletionBudget(100, 412, 512, 'prompt')).toEqual({ ok: true, maxTokens: 412 });
  });

  it('rejects a request beyond the context with vLLM wording', () => {
    expect(resolveCompletionBudget(100, 500, 512, 'messages')).toEqual({
      ok: false,
      requestedTokens: 600,
      message:
        "This model's maximum context length is 512 tokens. However, you requested 600 tokens " +
        '(100 in the messages, 500 in the completion). Please reduce the length of the messages or completion.',
    });
  });

  it('rejects a prompt that fills the whole context', () => {
    const budget = resolveCompletionBudget(512, undefined, 512, 'prompt');
    expect(budget.ok).toBe(false);
    expect(!budget.ok && budget.requestedTokens).toBe(513);
  });
});

describe('ReasoningTokenCounter', () => {
  it('counts tokens from the opening to the closing tag', () => {
    const counter = new ReasoningTokenCounter(false);
    for (const piece of ['<think>', 'Let', ' me', ' think', '</think>', '\n\n', 'Answer'])
      counter.push(piece);
    expect(counter.reasoningTokens).toBe(5);
  });

  it('starts inside reasoning when the prompt opened it and handles split tags', () => {
    const counter = new ReasoningTokenCounter(true);
    for (const piece of ['Hmm', '</', 'think>', 'Yes', '.']) counter.push(piece);
    expect(counter.reasoningTokens).toBe(3);
  });

  it('counts nothing for a plain answer', () => {
    const counter = new ReasoningTokenCounter(false);
    for (const piece of ['Hello', ' world']) counter.push(piece);
    expect(counter.reasoningTokens).toBe(0);
  });
});
