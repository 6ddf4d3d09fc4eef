import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-io.js';
import { parseSince, parseUntil } from './time-range.js';

const now = Date.parse('2025-03-10T12:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['30m', '2025-03-10T11:30:00.000Z'],
    ['1h', '2025-03-10T11:00:00.000Z'],
    ['24h', '2025-03-09T12:00:00.000Z'],
    ['7d', '2025-03-03T12:00:00.000Z'],
    ['2w', '2025-02-24T12:00:00.000Z'],
    ['2025-01-02', '2025-01-02T00:00:00.000Z'],
    ['2025-01-02T03:04:05+02:00', '2025-01-02T01:04:05.000Z'],
  ])('%s -> %s', (value, expected) => expect(parseSince(value, now)).toBe(expected));

  it('rejects anything else with what it expects', () => {
    expect(() => parseSince('yesterday', now)).toThrow(UsageError);
    expect(() => parseSince('5y', now)).toThrow('--since expects a duration like 1h, 24h or 7d');
    expect(() => parseSince('1700000000', now)).toThrow(UsageError);
  });
});

describe('parseUntil', () => {
  it('normalises a date/time to ISO and rejects durations', () => {
    expect(parseUntil('2025-01-31')).toBe('2025-01-31T00:00:00.000Z');
    expect(() => parseUntil('1h')).toThrow('--until expects an ISO date/time');
  });
});
