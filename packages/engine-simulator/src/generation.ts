import { setTimeout as delay } from 'node:timers/promises';
import { ValidationError } from '@hangar/core';
import type { FinishReason } from '@hangar/contracts';
import type { KvScheduler } from './kv-scheduler.js';
import type { PrefixCache } from './prefix-cache.js';
import { generateTokens, tokenize, type GeneratedToken } from './simulated-tokens.js';
import type { SimulatorMetrics } from './simulator-metrics.js';
import type { SimulatorOptions } from './simulator-options.js';

/** What the HTTP handlers share with the generation loop. */
export interface SimulatorState {
  readonly options: SimulatorOptions;
  readonly scheduler: KvScheduler;
  readonly prefixCache: PrefixCache;
  readonly metrics: SimulatorMetrics;
  /** Requests that started generating (numbered from 1). */
  requestsStarted: number;
  requestsFinished: number;
  /** The process "dies": exit code and the reason printed. */
  fatal(exitCode: number, reason: string): void;
}

export interface GenerationRequest {
  promptText: string;
  seed: number;
  maxTokens: number | null;
  stop: readonly string[];
  withReasoning: boolean;
  signal: AbortSignal;
}

export interface GenerationResult {
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  finishReason: FinishReason;
}

/** Plans the answer: the token sequence after `max_tokens` and stop sequences. Throws 400 when it cannot fit. */
export function planGeneration(
  options: SimulatorOptions,
  request: Omit<GenerationRequest, 'signal'>,
): { promptTokens: string[]; tokens: GeneratedToken[]; finishReason: FinishReason } {
  const promptTokens = tokenize(request.promptText);
  const requested = request.maxTokens ?? 0;
  if (promptTokens.length + requested > options.maxModelLen || promptTokens.length >= options.maxModelLen) {
    // vLLM's wording, so clients that parse it keep working.
    throw new ValidationError(
      `This model's maximum context length is ${options.maxModelLen} tokens. However, you requested ` +
        `${promptTokens.length + requested} tokens (${promptTokens.length} in the messages, ${requested} in the ` +
        'completion). Please reduce the length of the messages or completion.',
      { param: 'messages' },
      'context_length_exceeded',
    );
  }
  const all = generateTokens({
    seed: request.seed,
    naturalTokens: options.outputTokens,
    withReasoning: request.withReasoning,
    omitOpeningTag: options.reasoning === 'tags-open-in-prompt',
  });
  const limit = Math.min(request.maxTokens ?? Infinity, options.maxModelLen - promptTokens.length);
  let tokens = all.slice(0, limit);
  let finishReason: FinishReason = tokens.length < all.length ? 'length' : 'stop';
  let answer = '';
  for (let index = 0; index < tokens.length && request.stop.length > 0; index++) {
    const token = tokens[index]!;
    if (token.isReasoning) continue;
    const before = answer.length;
    answer += token.text;
    const at = Math.min(
      ...request.stop.map((stop) => answer.indexOf(stop)).map((i) => (i < 0 ? Infinity : i)),
    );
    if (at === Infinity) continue;
    const kept = answer.slice(before, Math.max(before, at));
    tokens = [...tokens.slice(0, index), ...(kept === '' ? [] : [{ ...token, text: kept }])];
    finishReason = 'stop';
    break;
  }
  return { promptTokens, tokens, finishReason };
}

/**
 * Runs one request through the simulated engine: waits for KV room, prefills (shorter on prefix-cache hits),
 * then emits tokens at the configured pace. `onToken` is called for each token; an abort ends it early.
 */
export async function runGeneration(
  state: SimulatorState,
  request: GenerationRequest,
  onToken: (token: GeneratedToken) => void,
): Promise<GenerationResult> {
  const { options, metrics } = state;
  const plan = planGeneration(options, request);
  const startedAt = performance.now();
  const lease = await state.scheduler.admit(plan.promptTokens.length + plan.tokens.length, request.signal);
  const requestNumber = ++state.requestsStarted;
  const diesAt =
    options.failMode === 'die-mid-stream' && requestNumber === (options.crashAfter ?? 0) + 1
      ? Math.floor(plan.tokens.length / 2)
      : -1;
  let emitted = 0;
  try {
    const promptCount = plan.promptTokens.length;
    const hits = options.prefixCaching ? state.prefixCache.lookupAndInsert(plan.promptTokens) : 0;
    metrics.promptTokens += promptCount;
    if (options.prefixCaching) {
      metrics.prefixQueries += promptCount;
      metrics.prefixHits += hits;
    }
    const uncachedShare = promptCount === 0 ? 1 : Math.max(0.1, (promptCount - hits) / promptCount);
    await delay(options.ttftMs * uncachedShare, undefined, { signal: request.signal });
    let last = performance.now();
    metrics.timeToFirstToken.observe((last - startedAt) / 1000);
    for (const token of plan.tokens) {
      if (emitted > 0) {
        await delay(options.tokenMs, undefined, { signal: request.signal });
        const now = performance.now();
        metrics.interTokenLatency.observe((now - last) / 1000);
        last = now;
      }
      if (emitted === diesAt)
        state.fatal(
          1,
          `simulated death in the middle of request ${requestNumber} (--fail-mode die-mid-stream)`,
        );
      onToken(token);
      emitted++;
      metrics.generationTokens++;
    }
    metrics.success[plan.finishReason]++;
    metrics.e2eLatency.observe((performance.now() - startedAt) / 1000);
    return {
      promptTokens: promptCount,
      completionTokens: plan.tokens.length,
      reasoningTokens: plan.tokens.filter((token) => token.isReasoning).length,
      finishReason: plan.finishReason,
    };
  } catch (error) {
    metrics.success.abort++;
    throw error;
  } finally {
    lease.release();
    state.requestsFinished++;
    if (
      options.crashAfter !== null &&
      options.failMode !== 'die-mid-stream' &&
      state.requestsFinished >= options.crashAfter
    ) {
      // Let the response that just finished reach the client first.
      setImmediate(() =>
        state.fatal(1, `simulated crash after ${options.crashAfter} requests (--crash-after)`),
      );
    }
  }
}
