import { describe, expect, it } from 'vitest';
import type { StreamResult } from './completion-client.js';
import { summarize } from './measure.js';
import type { Measurement } from './measure.js';
import { markdownReport, median, summarizeMeasurements } from './report.js';

const stream = (
  startedAtMs: number,
  firstTokenAtMs: number,
  finishedAtMs: number,
  tokens = 64,
): StreamResult => ({
  completionTokens: tokens,
  textChunks: tokens,
  usageReported: true,
  startedAtMs,
  firstTokenAtMs,
  finishedAtMs,
  finishReason: 'length',
});

describe('summarize', () => {
  it('divides all tokens by the wall time of the whole batch', () => {
    const measurement = summarize('t', 2, 1, 64, [stream(0, 100, 1000), stream(10, 110, 2000)]);
    expect(measurement.tokensPerSecond).toBe(64);
    expect(measurement.decodeTokensPerSecond).toBeCloseTo((126 * 1000) / 1900);
    expect(measurement.meanTimeToFirstTokenMs).toBe(100);
    expect(measurement.warnings).toEqual([]);
  });

  it('warns about short streams', () => {
    expect(summarize('t', 1, 1, 64, [stream(0, 1, 10, 12)]).warnings).toEqual(['stream 0: 12 tokens']);
  });
});

const measurement = (target: string, streams: number, tokensPerSecond: number): Measurement => ({
  target,
  streams,
  round: 1,
  tokensPerSecond,
  decodeTokensPerSecond: tokensPerSecond,
  meanTimeToFirstTokenMs: 10,
  completionTokens: 64,
  wallMs: 1000,
  warnings: [],
  foreignCpuPercent: 3,
});

describe('summarizeMeasurements', () => {
  it('takes medians per target and stream count and the ratio to the baseline', () => {
    const rows = summarizeMeasurements(
      [
        measurement('llama-server', 1, 100),
        measurement('llama-server', 1, 90),
        measurement('llama-server', 1, 110),
        measurement('engine', 1, 95),
        measurement('engine', 1, 85),
        measurement('engine', 1, 80),
        measurement('engine', 4, 150),
      ],
      'llama-server',
    );
    expect(rows.map((row) => [row.streams, row.target, row.tokensPerSecond, row.ratio])).toEqual([
      [1, 'engine', 85, 0.85],
      [1, 'llama-server', 100, null],
      [4, 'engine', 150, null],
    ]);
    expect(markdownReport(rows, { threads: 2 })).toContain(
      '| 1 | engine | 85.0 | 80.0–95.0 | 85.0 | 10 | 3 | 0.85x |',
    );
  });

  it('computes medians of even and odd counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
