import type { ChatCompletionChunk, Usage } from '@hangar/contracts';

/** An assistant answer as it streams in: reasoning (R1's thinking) apart from the answer text. */
export interface Answer {
  reasoning: string;
  content: string;
  usage: Usage | null;
  finishReason: string | null;
  /** Content and reasoning pieces received; an estimate of tokens when the server sends no usage. */
  deltaCount: number;
  startedAtMs: number;
  firstTokenAtMs: number | null;
  endedAtMs: number | null;
}

/** An empty answer, started at `nowMs`. */
export function startAnswer(nowMs: number): Answer {
  return {
    reasoning: '',
    content: '',
    usage: null,
    finishReason: null,
    deltaCount: 0,
    startedAtMs: nowMs,
    firstTokenAtMs: null,
    endedAtMs: null,
  };
}

/** Folds one streamed chunk into the answer (pure: returns a new answer). */
export function applyChunk(answer: Answer, chunk: ChatCompletionChunk, nowMs: number): Answer {
  let { reasoning, content, deltaCount, finishReason, firstTokenAtMs } = answer;
  for (const choice of chunk.choices) {
    const delta = choice.delta;
    if (delta.reasoning_content) {
      reasoning += delta.reasoning_content;
      deltaCount += 1;
    }
    if (delta.content) {
      content += delta.content;
      deltaCount += 1;
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  if (firstTokenAtMs === null && deltaCount > answer.deltaCount) firstTokenAtMs = nowMs;
  return {
    ...answer,
    reasoning,
    content,
    deltaCount,
    finishReason,
    firstTokenAtMs,
    usage: chunk.usage ?? answer.usage,
  };
}

/** Marks the answer complete (or stopped) at `nowMs`. */
export function endAnswer(answer: Answer, nowMs: number, finishReason?: string): Answer {
  return { ...answer, endedAtMs: nowMs, finishReason: finishReason ?? answer.finishReason };
}

/** Splits `<think>...</think>` out of text, for engines that leave R1's reasoning inline in the content. */
export function splitInlineReasoning(text: string): { reasoning: string; content: string } {
  const open = text.indexOf('<think>');
  if (open === -1) return { reasoning: '', content: text };
  const close = text.indexOf('</think>', open);
  if (close === -1) return { reasoning: text.slice(open + 7), content: text.slice(0, open) };
  return {
    reasoning: text.slice(open + 7, close),
    content: (text.slice(0, open) + text.slice(close + 8)).replace(/^\s+/, ''),
  };
}
