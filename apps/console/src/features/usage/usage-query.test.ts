import { describe, expect, it } from 'vitest';
import { usageQuery } from './usage-query';

describe('usageQuery', () => {
  it('turns the look-back into an ISO start and drops blank filters', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(usageQuery({ sinceHours: 24, user: ' alice ', key: '', model: undefined }, now)).toEqual({
      from: '2025-02-28T12:00:00.000Z',
      user: 'alice',
    });
  });
});
