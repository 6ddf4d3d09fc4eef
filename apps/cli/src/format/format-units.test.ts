import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatParameterCount, formatTimestamp } from './format-units.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45.7, '45s'],
    [192, '3m12s'],
    [3600, '1h00m'],
    [7500, '2h05m'],
    [273_600, '3d04h'],
    [null, '-'],
    [-1, '-'],
  ])('%s -> %s', (seconds, expected) => expect(formatDuration(seconds)).toBe(expected));
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [1126, '1.1 KiB'],
    [1_048_576, '1 MiB'],
    [4.4 * 1024 ** 3, '4.4 GiB'],
    [400 * 1024 ** 3, '400 GiB'],
    [null, '-'],
  ])('%s -> %s', (bytes, expected) => expect(formatBytes(bytes)).toBe(expected));
});

describe('formatParameterCount', () => {
  it.each([
    [999, '999'],
    [260_000, '260K'],
    [292_352, '292K'],
    [15_200_000, '15.2M'],
    [999_990, '1M'],
    [1_543_714_304, '1.5B'],
    [7_000_000_000, '7B'],
    [671_000_000_000, '671B'],
    [1.2e12, '1.2T'],
    [null, '-'],
  ])('%s -> %s', (count, expected) => expect(formatParameterCount(count)).toBe(expected));
});

describe('formatTimestamp', () => {
  it('drops the T and fractional seconds', () => {
    expect(formatTimestamp('2025-01-02T03:04:05.678Z')).toBe('2025-01-02 03:04:05');
    expect(formatTimestamp(null)).toBe('-');
  });
});
