import { describe, expect, it } from 'vitest';
import { createSeededRandom } from './seeded-random.js';
import { createSyntheticVocabulary } from './synthetic-vocabulary.js';

describe('createSyntheticVocabulary', () => {
  it('starts with unk, bos, eos and the 256 byte tokens, then text pieces', () => {
    const vocabulary = createSyntheticVocabulary(512);
    expect(vocabulary.tokens).toHaveLength(512);
    expect(vocabulary.tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(vocabulary.tokens[3 + 0x0a]).toBe('<0x0A>');
    expect(vocabulary.tokens[258]).toBe('<0xFF>');
    expect(vocabulary.tokens.slice(259, 262)).toEqual(['\u2581', '!', '"']);
    expect(vocabulary.specialTokenCount).toBe(259);
    expect(vocabulary.tokenTypes.slice(0, 4)).toEqual([2, 3, 3, 6]);
    expect(vocabulary.tokenTypes[300]).toBe(1);
  });

  it('has unique pieces whose every prefix is a piece too (reachable by SPM merges)', () => {
    const { tokens } = createSyntheticVocabulary(49152);
    expect(new Set(tokens).size).toBe(tokens.length);
    const pieces = new Set(tokens);
    const last = tokens.at(-1)!;
    for (let length = 2; length < last.length; length++) expect(pieces.has(last.slice(0, length))).toBe(true);
  });

  it('gives higher scores to earlier pieces', () => {
    const { scores } = createSyntheticVocabulary(300);
    expect(scores[0]).toBe(0);
    expect(scores[259]).toBe(-0);
    expect(scores[299]).toBeLessThan(scores[260]!);
  });

  it('refuses sizes it cannot fill', () => {
    expect(() => createSyntheticVocabulary(100)).toThrow(RangeError);
    expect(() => createSyntheticVocabulary(10_000_000)).toThrow(RangeError);
  });
});

describe('createSeededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const first = createSeededRandom(42);
    const second = createSeededRandom(42);
    const values = Array.from({ length: 1000 }, () => first.next());
    expect(values).toEqual(Array.from({ length: 1000 }, () => second.next()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(createSeededRandom(43).next()).not.toBe(values[0]);
  });
});
