import { describe, expect, it } from 'vitest';
import { restartDelayMs } from './backoff.js';
import { LogBuffer } from './log-buffer.js';

describe('restartDelayMs', () => {
  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [10, 30_000],
  ])('attempt %i waits %i ms', (attempt, expected) => {
    expect(restartDelayMs(attempt)).toBe(expected);
  });
});

describe('LogBuffer', () => {
  it('joins lines split across chunks and keeps only the last ones', () => {
    const buffer = new LogBuffer(3);
    expect(buffer.append('a\nb')).toEqual(['a']);
    expect(buffer.append('c\nd\ne\n')).toEqual(['bc', 'd', 'e']);
    expect(buffer.tail(10)).toEqual(['bc', 'd', 'e']);
    buffer.append('partial');
    expect(buffer.tail(2)).toEqual(['e', 'partial']);
  });
});
