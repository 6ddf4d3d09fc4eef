import { describe, expect, it } from 'vitest';
import { newLogLines } from './log-lines.js';

describe('newLogLines', () => {
  it('returns nothing when nothing changed', () => {
    expect(newLogLines(['a', 'b'], ['a', 'b'])).toEqual([]);
  });

  it('returns appended lines while the window grows', () => {
    expect(newLogLines(['a', 'b'], ['a', 'b', 'c', 'd'])).toEqual(['c', 'd']);
    expect(newLogLines([], ['a'])).toEqual(['a']);
  });

  it('returns appended lines when a full window slid forward', () => {
    expect(newLogLines(['a', 'b', 'c'], ['c', 'd', 'e'])).toEqual(['d', 'e']);
  });

  it('handles repeated lines by the longest overlap', () => {
    expect(newLogLines(['x', 'x'], ['x', 'x', 'x'])).toEqual(['x']);
  });

  it('treats a window with no overlap as all new', () => {
    expect(newLogLines(['a', 'b'], ['c', 'd'])).toEqual(['c', 'd']);
  });
});
