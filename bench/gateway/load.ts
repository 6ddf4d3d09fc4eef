import { Pool } from 'undici';

/** One target of the comparison: where to send and with which headers. */
export interface LoadTarget {
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  /** Latency of each request (ms), to the last byte of the answer. */
  latenciesMs: number[];
  /** Time to the first body byte of each streamed request (ms). */
  firstByteMs: number[];
  requestsPerSecond: number;
  errors: number;
  /** Longest gap between two body chunks of any stream (ms): a stall shows here. */
  maxGapMs: number;
}

/** The chat request every load generator sends. */
export const JSON_BODY = JSON.stringify({
  model: 'bench',
  messages: [{ role: 'user', content: 'Say hello.' }],
  max_tokens: 16,
});
const STREAM_BODY = JSON.stringify({
  model: 'bench',
  messages: [{ role: 'user', content: 'Say hello.' }],
  max_tokens: 16,
  stream: true,
});

/**
 * Closed-loop load: `concurrency` workers on one keep-alive undici pool (one connection each) send requests
 * back to back until `requests` were sent or `durationMs` passed.
 */
export async function runLoad(
  target: LoadTarget,
  options: { concurrency: number; requests?: number; durationMs?: number; isStream: boolean },
): Promise<LoadResult> {
  const pool = new Pool(target.baseUrl, {
    connections: options.concurrency,
    pipelining: 1,
    keepAliveTimeout: 60_000,
  });
  const headers = { ...target.headers, 'content-type': 'application/json' };
  const body = options.isStream ? STREAM_BODY : JSON_BODY;
  const result: LoadResult = {
    latenciesMs: [],
    firstByteMs: [],
    requestsPerSecond: 0,
    errors: 0,
    maxGapMs: 0,
  };
  let sent = 0;
  const startedAt = performance.now();
  const deadline =
    options.durationMs === undefined ? Number.POSITIVE_INFINITY : startedAt + options.durationMs;
  const isDone = (): boolean =>
    (options.requests !== undefined && sent >= options.requests) || performance.now() >= deadline;
  const worker = async (): Promise<void> => {
    while (!isDone()) {
      sent++;
      const begin = performance.now();
      try {
        const response = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers, body });
        let first = -1;
        let last = performance.now();
        for await (const _chunk of response.body) {
          const now = performance.now();
          if (first < 0) first = now - begin;
          else result.maxGapMs = Math.max(result.maxGapMs, now - last);
          last = now;
        }
        if (response.statusCode !== 200) result.errors++;
        result.latenciesMs.push(performance.now() - begin);
        if (options.isStream) result.firstByteMs.push(first);
      } catch {
        result.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.requestsPerSecond = (result.latenciesMs.length / (performance.now() - startedAt)) * 1000;
  await pool.close();
  return result;
}

/** The `q` quantile (0-1) by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
