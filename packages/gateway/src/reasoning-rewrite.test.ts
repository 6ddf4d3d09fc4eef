import { describe, expect, it } from 'vitest';
import { splitCompletionReasoning, StreamReasoningRewriter } from './reasoning-rewrite.js';

describe('splitCompletionReasoning', () => {
  it('moves think text into reasoning_content', () => {
    const completion = {
      choices: [
        { index: 0, message: { role: 'assistant', content: '<think>let me see</think>\n\nIt is 4.' } },
      ],
    };
    expect(splitCompletionReasoning(completion)).toBe(true);
    expect(completion.choices[0]!.message).toEqual({
      role: 'assistant',
      content: 'It is 4.',
      reasoning_content: 'let me see',
    });
  });

  it('leaves content without tags and already split messages alone', () => {
    const plain = { choices: [{ message: { content: 'hello' } }] };
    const split = { choices: [{ message: { content: '<think>x</think>y', reasoning_content: 'r' } }] };
    expect(splitCompletionReasoning(plain)).toBe(false);
    expect(splitCompletionReasoning(split)).toBe(false);
    expect(plain.choices[0]!.message).toEqual({ content: 'hello' });
    expect(split.choices[0]!.message.content).toBe('<think>x</think>y');
  });

  it('ignores bodies that are not completions', () => {
    expect(splitCompletionReasoning({ error: {} })).toBe(false);
    expect(splitCompletionReasoning(null)).toBe(false);
  });
});

describe('StreamReasoningRewriter', () => {
  function chunk(content: string | undefined, finishReason: string | null = null, index = 0) {
    const delta: Record<string, unknown> = content === undefined ? {} : { content };
    return { choices: [{ index, delta, finish_reason: finishReason }] };
  }

  it('splits deltas with tags across chunk boundaries', () => {
    const rewriter = new StreamReasoningRewriter();
    const chunks = [
      chunk('<thi'),
      chunk('nk>abc</th'),
      chunk('ink>\n\nAns'),
      chunk('wer'),
      chunk(undefined, 'stop'),
    ];
    const deltas = chunks.map((value) => {
      rewriter.rewrite(value);
      return value.choices[0]!.delta;
    });
    expect(deltas).toEqual([{}, { reasoning_content: 'abc' }, { content: 'Ans' }, { content: 'wer' }, {}]);
  });

  it('flushes held-back text on the finishing chunk', () => {
    const rewriter = new StreamReasoningRewriter();
    const first = chunk('a <');
    const last = chunk(undefined, 'length');
    rewriter.rewrite(first);
    expect(rewriter.rewrite(last)).toBe(true);
    expect(first.choices[0]!.delta).toEqual({ content: 'a ' });
    expect(last.choices[0]!.delta).toEqual({ content: '<' });
  });

  it('keeps one splitter per choice index', () => {
    const rewriter = new StreamReasoningRewriter();
    const a = chunk('<think>r0', null, 0);
    const b = chunk('plain', null, 1);
    rewriter.rewrite(a);
    rewriter.rewrite(b);
    expect(a.choices[0]!.delta).toEqual({ reasoning_content: 'r0' });
    expect(b.choices[0]!.delta).toEqual({ content: 'plain' });
  });

  it('does not touch a role-only delta', () => {
    const value = { choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] };
    expect(new StreamReasoningRewriter().rewrite(value)).toBe(false);
  });
});
