import type { Usage } from '@hangar/contracts';

/** OpenAI usage from real token counts. */
export function buildUsage(
  promptTokens: number,
  completionTokens: number,
  reasoningTokens?: number,
  cachedPromptTokens?: number,
): Usage {
  const usage: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  if (cachedPromptTokens !== undefined) usage.prompt_tokens_details = { cached_tokens: cachedPromptTokens };
  if (reasoningTokens !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoningTokens };
  return usage;
}

export type CompletionBudget =
  { ok: true; maxTokens: number } | { ok: false; message: string; requestedTokens: number };

/**
 * How many tokens a request may generate in a sequence of `contextTokens`: its `max_tokens` when prompt and
 * completion fit, else the remaining context; a request that cannot fit gets vLLM's wording of the error.
 */
export function resolveCompletionBudget(
  promptTokens: number,
  requestedMaxTokens: number | null | undefined,
  contextTokens: number,
  promptNoun: 'messages' | 'prompt',
): CompletionBudget {
  const completion = requestedMaxTokens ?? Math.max(contextTokens - promptTokens, 0);
  const requested = promptTokens + Math.max(completion, 1);
  if (requested <= contextTokens) return { ok: true, maxTokens: completion };
  return {
    ok: false,
    requestedTokens: requested,
    message:
      `This model's maximum context length is ${contextTokens} tokens. However, you requested ${requested} tokens ` +
      `(${promptTokens} in the ${promptNoun}, ${Math.max(completion, 1)} in the completion). ` +
      `Please reduce the length of the ${promptNoun} or completion.`,
  };
}

const thinkOpen = '<think>';
const thinkClose = '</think>';

/**
 * Counts generated tokens that belong to a `<think>` block, from the raw text of each token. The tags may be
 * split over tokens; the tokens carrying them count as reasoning.
 */
export class ReasoningTokenCounter {
  private inReasoning: boolean;
  private tail = '';
  private count = 0;

  constructor(startInReasoning: boolean) {
    this.inReasoning = startInReasoning;
  }

  get reasoningTokens(): number {
    return this.count;
  }

  /** Records one generated token and its text. */
  push(piece: string): void {
    const wasInReasoning = this.inReasoning;
    this.tail += piece;
    const tag = this.inReasoning ? thinkClose : thinkOpen;
    if (this.tail.includes(tag)) {
      this.inReasoning = !this.inReasoning;
      this.tail = this.tail.slice(this.tail.indexOf(tag) + tag.length);
    }
    if (wasInReasoning || this.inReasoning) this.count++;
    if (this.tail.length > thinkClose.length) this.tail = this.tail.slice(-thinkClose.length);
  }
}
