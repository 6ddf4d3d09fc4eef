import { describe, expect, it } from 'vitest';
import { formatMilliseconds, formatTotalsLine, sumTotals } from './format-usage.js';

describe('formatMilliseconds', () => {
  it.each([
    [null, '-'],
    [0, '0 ms'],
    [999.4, '999 ms'],
    [1000, '1.0 s'],
    [12_345, '12.3 s'],
  ])('%s -> %s', (ms, expected) => expect(formatMilliseconds(ms)).toBe(expected));
});

describe('usage totals', () => {
  const row = (requests: number, errors: number, reasoningTokens: number) => ({
    group: 'g',
    requests,
    errors,
    promptTokens: requests * 10,
    completionTokens: requests * 20,
    reasoningTokens,
  });

  it('sum groups into one row', () => {
    expect(sumTotals([row(1, 0, 0), row(2, 1, 5)])).toEqual({
      group: null,
      requests: 3,
      errors: 1,
      promptTokens: 30,
      completionTokens: 60,
      reasoningTokens: 5,
    });
  });

  it('read as one line, singular where it is one, reasoning only when there is some', () => {
    expect(formatTotalsLine(row(1, 1, 0))).toBe(
      'Total: 1 request (1 error), 10 prompt + 20 completion tokens',
    );
    expect(formatTotalsLine(row(1200, 0, 7))).toBe(
      'Total: 1,200 requests (0 errors), 12,000 prompt + 24,000 completion tokens (7 reasoning)',
    );
  });
});
