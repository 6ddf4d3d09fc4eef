import type { Answer } from './answer-accumulator';

/** Token counts and speed of one answer, as shown under it. */
export interface AnswerStats {
  promptTokens: number | null;
  completionTokens: number;
  reasoningTokens: number | null;
  /** True when the server sent no usage and the counts are streamed pieces (about one token each). */
  isEstimate: boolean;
  /** Time to first token. */
  ttftMs: number | null;
  /** Generation speed after the first token. */
  tokensPerSecond: number | null;
  totalMs: number | null;
}

/** Counts from the server's usage when it sent one; speed over the time from first token to the end. */
export function answerStats(answer: Answer): AnswerStats {
  const usage = answer.usage;
  const completionTokens = usage?.completion_tokens ?? answer.deltaCount;
  const ttftMs = answer.firstTokenAtMs === null ? null : answer.firstTokenAtMs - answer.startedAtMs;
  const totalMs = answer.endedAtMs === null ? null : answer.endedAtMs - answer.startedAtMs;
  let tokensPerSecond: number | null = null;
  if (answer.firstTokenAtMs !== null && answer.endedAtMs !== null) {
    const generatingMs = answer.endedAtMs - answer.firstTokenAtMs;
    // The first token is what arrives at firstTokenAtMs; the rest were generated in generatingMs.
    if (generatingMs > 0 && completionTokens > 1)
      tokensPerSecond = ((completionTokens - 1) * 1000) / generatingMs;
  }
  return {
    promptTokens: usage?.prompt_tokens ?? null,
    completionTokens,
    reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? null,
    isEstimate: usage === null,
    ttftMs,
    tokensPerSecond,
    totalMs,
  };
}
