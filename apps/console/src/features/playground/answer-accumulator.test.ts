import type { ChatCompletionChunk } from '@hangar/contracts';
import { describe, expect, it } from 'vitest';
import { applyChunk, endAnswer, splitInlineReasoning, startAnswer } from './answer-accumulator';

const chunk = (
  delta: ChatCompletionChunk['choices'][number]['delta'],
  finish: 'stop' | 'length' | null = null,
  usage?: ChatCompletionChunk['usage'],
): ChatCompletionChunk => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'r1',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...(usage !== undefined ? { usage } : {}),
});

describe('applyChunk', () => {
  it('keeps R1 reasoning apart from the answer, in order, and records the first token time', () => {
    const stream = [
      [100, chunk({ role: 'assistant' })],
      [250, chunk({ reasoning_content: 'The user ' })],
      [260, chunk({ reasoning_content: 'greets me.' })],
      [300, chunk({ content: 'Hello' })],
      [310, chunk({ content: '!' }, 'stop')],
    ] as const;
    let answer = startAnswer(0);
    for (const [at, piece] of stream) answer = applyChunk(answer, piece, at);
    expect(answer).toMatchObject({
      reasoning: 'The user greets me.',
      content: 'Hello!',
      deltaCount: 4,
      firstTokenAtMs: 250,
      finishReason: 'stop',
      usage: null,
    });
  });

  it('takes usage from the final chunk (which has no choices) and the end time', () => {
    let answer = applyChunk(startAnswer(0), chunk({ content: 'a' }), 40);
    const usage = { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 };
    answer = applyChunk(answer, { ...chunk({}), choices: [], usage }, 90);
    answer = endAnswer(answer, 95);
    expect(answer.usage).toEqual(usage);
    expect(answer.endedAtMs).toBe(95);
    expect(answer.firstTokenAtMs).toBe(40);
  });

  it('does not start the clock on a role-only chunk and marks a stop', () => {
    const answer = applyChunk(startAnswer(0), chunk({ role: 'assistant' }), 10);
    expect(answer.firstTokenAtMs).toBeNull();
    expect(endAnswer(answer, 20, 'stopped').finishReason).toBe('stopped');
  });
});

describe('splitInlineReasoning', () => {
  it('splits a closed think block, an open one (still thinking) and text without one', () => {
    expect(splitInlineReasoning('<think>why</think>\n\nAnswer')).toEqual({
      reasoning: 'why',
      content: 'Answer',
    });
    expect(splitInlineReasoning('<think>still')).toEqual({ reasoning: 'still', content: '' });
    expect(splitInlineReasoning('plain')).toEqual({ reasoning: '', content: 'plain' });
  });
});
