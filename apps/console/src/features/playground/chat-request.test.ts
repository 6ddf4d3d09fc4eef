import { describe, expect, it } from 'vitest';
import { endAnswer, startAnswer } from './answer-accumulator';
import { buildChatRequest, DEFAULT_PARAMETERS, type Turn } from './chat-request';
import { cosineSimilarity, inputsOf, vectorNorm } from './embedding-math';

const turn = (id: number, prompt: string, content: string, reasoning = '', error?: unknown): Turn => ({
  id,
  prompt,
  answer: { ...endAnswer(startAnswer(0), 1), content, reasoning },
  ...(error !== undefined ? { error } : {}),
});

describe('buildChatRequest', () => {
  it('sends system prompt, earlier answers without reasoning, the prompt and the parameters, streamed with usage', () => {
    const history = [turn(1, 'hi', 'hello', 'thinking...'), turn(2, 'bad', '', '', new Error('x'))];
    const request = buildChatRequest(
      'r1',
      { systemPrompt: 'Be brief.', temperature: 0.6, topP: 0.9, maxTokens: 64 },
      history,
      'and now?',
    );
    expect(request).toEqual({
      model: 'r1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'and now?' },
      ],
      temperature: 0.6,
      top_p: 0.9,
      max_tokens: 64,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('leaves out a blank system prompt', () => {
    expect(buildChatRequest('m', { ...DEFAULT_PARAMETERS, systemPrompt: '  ' }, [], 'q').messages).toEqual([
      { role: 'user', content: 'q' },
    ]);
  });
});

describe('embedding math', () => {
  it('computes cosine similarity and norms', () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBe(1);
    expect(cosineSimilarity([1, 0], [0, 2])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
    expect(vectorNorm([3, 4])).toBe(5);
  });

  it('takes one input per non-blank line', () => {
    expect(inputsOf(' a \n\n b\n')).toEqual(['a', 'b']);
  });
});
