import { describe, expect, it } from 'vitest';
import type { UsageSummaryView } from '@hangar/contracts';
import { countByState, formatRate, usageRates } from './usage-rates';

const summary: UsageSummaryView = {
  window: '1h',
  requests: 360,
  errors: 9,
  promptTokens: 36_000,
  completionTokens: 72_000,
  ttftP50Ms: 120,
  ttftP99Ms: 900,
  latencyP50Ms: 1500,
  latencyP99Ms: 6000,
  series: [],
  topModels: [],
  topUsers: [],
};

describe('usageRates', () => {
  it('averages over the window', () => {
    expect(usageRates(summary, '1h')).toEqual({
      requestsPerSecond: 0.1,
      tokensPerSecond: 30,
      errorRate: 0.025,
    });
    expect(usageRates(summary, '24h').tokensPerSecond).toBeCloseTo(1.25);
  });

  it('has a zero error rate without requests', () => {
    expect(usageRates({ ...summary, requests: 0, errors: 0 }, '1h').errorRate).toBe(0);
  });
});

describe('countByState and formatRate', () => {
  it('counts states, ready first', () => {
    expect(countByState(['failed', 'ready', 'starting', 'ready', 'weird'])).toEqual([
      { state: 'ready', count: 2 },
      { state: 'starting', count: 1 },
      { state: 'failed', count: 1 },
      { state: 'weird', count: 1 },
    ]);
  });

  it('rounds to what matters', () => {
    expect([0, 0.0123, 1.256, 340.4].map(formatRate)).toEqual(['0', '0.012', '1.26', '340']);
  });
});
