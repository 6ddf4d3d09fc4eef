import type { FinishReason } from '@hangar/contracts';
import type { BatchDecoder } from './batch-decoder.js';
import type { NativeSamplerConfig } from './native-context.js';
import { StopMatcher } from './stop-matcher.js';
import { TokenTextDecoder, type Detokenize } from './token-text-decoder.js';

/** One text generation of a request. */
export interface TextGeneration {
  promptTokens: readonly number[];
  maxTokens: number;
  sampling: NativeSamplerConfig;
  stopStrings: readonly string[];
  stopTokenIds?: ReadonlySet<number>;
  signal?: AbortSignal;
  /** Text as it becomes final (stop strings removed, UTF-8 never split); called synchronously per token. */
  onText: (text: string) => void;
  /** Raw text of each generated token ('' while a character is incomplete), for reasoning-token accounting. */
  onTokenText?: (text: string) => void;
}

export interface TextGenerationResult {
  finishReason: FinishReason;
  completionTokens: number;
  /** Prompt tokens whose KV cache was reused from the sequence's previous request. */
  cachedPromptTokens: number;
  isAborted: boolean;
}

/** Runs a generation on the batch decoder: detokenizes incrementally and applies stop strings and tokens. */
export async function generateText(
  decoder: BatchDecoder,
  detokenize: Detokenize,
  generation: TextGeneration,
): Promise<TextGenerationResult> {
  const text = new TokenTextDecoder(detokenize);
  const stops = new StopMatcher(generation.stopStrings);
  const { stopTokenIds, onText, onTokenText } = generation;
  let isStopped = false;
  const outcome = await decoder.generate({
    promptTokens: generation.promptTokens,
    maxTokens: generation.maxTokens,
    sampling: generation.sampling,
    signal: generation.signal,
    onToken(token) {
      if (stopTokenIds?.has(token) === true) return false;
      const piece = text.push(token);
      onTokenText?.(piece);
      if (piece.length === 0) return true;
      const match = stops.push(piece);
      if (match.text.length > 0) onText(match.text);
      isStopped = match.isStopped;
      return !isStopped;
    },
  });
  if (outcome.reason === 'aborted') {
    return { finishReason: 'stop', completionTokens: outcome.tokens, cachedPromptTokens: 0, isAborted: true };
  }
  if (!isStopped) {
    const rest = stops.push(text.finish());
    const tail = rest.text + (rest.isStopped ? '' : stops.finish());
    if (tail.length > 0) onText(tail);
    isStopped = rest.isStopped;
  }
  return {
    finishReason: outcome.reason === 'length' && !isStopped ? 'length' : 'stop',
    completionTokens: outcome.tokens,
    cachedPromptTokens: outcome.cachedPromptTokens ?? 0,
    isAborted: false,
  };
}

/** Maps OpenAI sampling fields onto the native sampler (temperature 0 is greedy). */
export function samplingFromRequest(
  request: { temperature?: number | null; top_p?: number | null; seed?: number | null },
  fallbackSeed: number,
): NativeSamplerConfig {
  return {
    temperature: request.temperature ?? 1,
    topP: request.top_p ?? 1,
    // llama.cpp's default candidate cut: keeps sampling cheap on large vocabularies without changing greedy output.
    topK: 40,
    minP: 0,
    seed: Math.abs(Math.floor(request.seed ?? fallbackSeed)) % 2 ** 32,
  };
}
