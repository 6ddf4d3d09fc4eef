import { streamCompletion } from './completion-client.js';
import type { StreamResult } from './completion-client.js';

/** One measurement: `streams` concurrent requests against one target. */
export interface Measurement {
  target: string;
  streams: number;
  round: number;
  /** All streams' completion tokens over the wall time from the first request sent to the last stream's end. */
  tokensPerSecond: number;
  /** All streams' tokens after their first, over the time from the first first-token to the last end. */
  decodeTokensPerSecond: number;
  meanTimeToFirstTokenMs: number;
  completionTokens: number;
  wallMs: number;
  /** Streams that ended before `maxTokens` or had no usage (explains a suspicious figure). */
  warnings: string[];
  /** CPU used by other processes during the measurement, in % of the machine; null when unknown. */
  foreignCpuPercent: number | null;
}

/** Runs `streams` greedy requests at once and returns the aggregate throughput. */
export async function measureStreams(options: {
  target: string;
  baseUrl: string;
  model: string;
  streams: number;
  maxTokens: number;
  round: number;
  now: () => number;
}): Promise<Measurement> {
  const { streams, maxTokens, round, now } = options;
  const results = await Promise.all(
    Array.from({ length: streams }, (_, stream) =>
      streamCompletion(
        {
          baseUrl: options.baseUrl,
          model: options.model,
          // Distinct prompts per request, so no target gains from a prompt cache.
          prompt: `Story ${round}-${stream}: once upon a time there was a little robot`,
          maxTokens,
        },
        now,
      ),
    ),
  );
  return summarize(options.target, streams, round, maxTokens, results);
}

/** Aggregates the per-stream results of one measurement (exported for tests). */
export function summarize(
  target: string,
  streams: number,
  round: number,
  maxTokens: number,
  results: readonly StreamResult[],
): Measurement {
  const start = Math.min(...results.map((result) => result.startedAtMs));
  const end = Math.max(...results.map((result) => result.finishedAtMs));
  const firstTokens = results.map((result) => result.firstTokenAtMs ?? result.finishedAtMs);
  const completionTokens = results.reduce((sum, result) => sum + result.completionTokens, 0);
  const warnings = results.flatMap((result, stream) => [
    ...(result.completionTokens === maxTokens ? [] : [`stream ${stream}: ${result.completionTokens} tokens`]),
    ...(result.usageReported ? [] : [`stream ${stream}: no usage, counted ${result.textChunks} chunks`]),
  ]);
  const decodeMs = end - Math.min(...firstTokens);
  return {
    target,
    streams,
    round,
    tokensPerSecond: (completionTokens * 1000) / (end - start),
    decodeTokensPerSecond: decodeMs > 0 ? ((completionTokens - streams) * 1000) / decodeMs : 0,
    meanTimeToFirstTokenMs:
      firstTokens.reduce((sum, at, index) => sum + at - results[index]!.startedAtMs, 0) / results.length,
    completionTokens,
    wallMs: end - start,
    warnings,
    foreignCpuPercent: null,
  };
}
