import { describe, expect, it } from 'vitest';
import { TokenTextDecoder } from './token-text-decoder.js';

// A byte-level vocabulary: token n is byte n, except 300 = "▁hello" (SPM-style leading space) and 301 = "▁world".
function detokenize(tokens: readonly number[]): string {
  const bytes: number[] = [];
  tokens.forEach((token, index) => {
    const piece = token === 300 ? ' hello' : token === 301 ? ' world' : null;
    if (piece === null) {
      bytes.push(token);
      return;
    }
    // Like SPM: the leading space of the first piece is dropped when detokenizing from the start.
    const text = index === 0 ? piece.slice(1) : piece;
    bytes.push(...Buffer.from(text, 'utf8'));
  });
  return Buffer.from(bytes).toString('utf8');
}

describe('TokenTextDecoder', () => {
  it('keeps the leading space of word pieces that follow other text', () => {
    const decoder = new TokenTextDecoder(detokenize);
    expect([300, 301].map((token) => decoder.push(token)).join('')).toBe('hello world');
  });

  it('holds back a multi-byte character until its last byte arrives', () => {
    const decoder = new TokenTextDecoder(detokenize);
    const bytes = [...Buffer.from('é€', 'utf8')];
    const outputs = bytes.map((byte) => decoder.push(byte));
    expect(outputs).toEqual(['', 'é', '', '', '€']);
  });

  it('keeps producing correct text past its context window', () => {
    const decoder = new TokenTextDecoder(detokenize);
    const text = 'The quick brown fox jumps over the lazy dog, twice.';
    const out = [...Buffer.from(text, 'utf8')].map((byte) => decoder.push(byte)).join('');
    expect(out).toBe(text);
  });

  it('flushes an incomplete character at the end', () => {
    const decoder = new TokenTextDecoder(detokenize);
    expect(decoder.push(0xe2)).toBe('');
    expect(decoder.finish()).toBe('\uFFFD');
    expect(decoder.finish()).toBe('');
  });
});
