import { describe, expect, it } from 'vitest';
import { encodeF16, encodeQ8_0, fromFloat16Bits, toFloat16Bits } from './tensor-encoding.js';

describe('toFloat16Bits', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [1e6, 0x7c00],
    [Infinity, 0x7c00],
    [2 ** -24, 0x0001],
    [2 ** -14, 0x0400],
    [1e-10, 0x0000],
  ])('encodes %d as %s', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('rounds to nearest even', () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('encodes NaN as a NaN', () => {
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });

  it('round-trips values that half precision holds', () => {
    for (const value of [0.1015625, -3.5, 1024, 2 ** -20, 0.000060975551605224609]) {
      expect(fromFloat16Bits(toFloat16Bits(value))).toBe(value);
    }
  });
});

describe('encodeQ8_0', () => {
  it('stores an f16 scale of max/127 and rounded int8 quants', () => {
    const values = Float32Array.from({ length: 32 }, (_, index) => (index - 16) / 16);
    const block = encodeQ8_0(values);
    expect(block.length).toBe(34);
    const scale = fromFloat16Bits(block.readUInt16LE(0));
    expect(scale).toBeCloseTo(1 / 127, 5);
    expect(block.readInt8(2)).toBe(-127);
    expect(block.readInt8(2 + 16)).toBe(0);
    expect(block.readInt8(2 + 31)).toBe(Math.round((15 / 16) * 127));
  });

  it('rounds halves away from zero like roundf', () => {
    const values = new Float32Array(32);
    values[0] = 127;
    values[1] = -2.5;
    values[2] = 2.5;
    const block = encodeQ8_0(values);
    expect([block.readInt8(3), block.readInt8(4)]).toEqual([-3, 3]);
  });

  it('encodes an all-zero block with a zero scale', () => {
    expect(encodeQ8_0(new Float32Array(64)).equals(Buffer.alloc(68))).toBe(true);
  });
});

describe('encodeF16', () => {
  it('writes little-endian half floats', () => {
    expect([...encodeF16(Float32Array.from([1, -2]))]).toEqual([0x00, 0x3c, 0x00, 0xc0]);
  });
});
