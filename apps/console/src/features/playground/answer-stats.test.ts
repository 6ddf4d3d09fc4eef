import { describe, expect, it } from 'vitest';
import { startAnswer, type Answer } from './answer-accumulator';
import { answerStats } from './answer-stats';

const answer = (fields: Partial<Answer>): Answer => ({ ...startAnswer(1000), ...fields });

describe('answerStats', () => {
  it('uses the server usage and measures speed from the first token to the end', () => {
    const stats = answerStats(
      answer({
        deltaCount: 40,
        firstTokenAtMs: 1200,
        endedAtMs: 3200,
        usage: {
          prompt_tokens: 12,
          completion_tokens: 41,
          total_tokens: 53,
          completion_tokens_details: { reasoning_tokens: 30 },
        },
      }),
    );
    expect(stats).toEqual({
      promptTokens: 12,
      completionTokens: 41,
      reasoningTokens: 30,
      isEstimate: false,
      ttftMs: 200,
      tokensPerSecond: 20, // 40 tokens after the first, in 2 s
      totalMs: 2200,
    });
  });

  it('falls back to counting streamed pieces, flagged as an estimate', () => {
    const stats = answerStats(answer({ deltaCount: 11, firstTokenAtMs: 1100, endedAtMs: 1600 }));
    expect(stats).toMatchObject({
      completionTokens: 11,
      isEstimate: true,
      promptTokens: null,
      tokensPerSecond: 20,
    });
  });

  it('has no speed while streaming, for one token, or for no time', () => {
    expect(answerStats(answer({ deltaCount: 5, firstTokenAtMs: 1100 })).tokensPerSecond).toBeNull();
    expect(
      answerStats(answer({ deltaCount: 1, firstTokenAtMs: 1100, endedAtMs: 1500 })).tokensPerSecond,
    ).toBeNull();
    expect(
      answerStats(answer({ deltaCount: 3, firstTokenAtMs: 1100, endedAtMs: 1100 })).tokensPerSecond,
    ).toBeNull();
    expect(answerStats(answer({})).ttftMs).toBeNull();
  });
});
