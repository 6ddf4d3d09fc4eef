import { describe, expect, it } from 'vitest';
import { encodeGgufHeader } from './gguf-encoder.js';
import { GgufFormatError } from './gguf-format-error.js';
import type { GgufMetadataValue } from './gguf-types.js';

describe('encodeGgufHeader', () => {
  it('writes magic, version 3, counts, typed keys and tensor infos', () => {
    const metadata = new Map<string, GgufMetadataValue>([
      ['a', { type: 'uint32', value: 7 }],
      ['b', { type: 'array', itemType: 'string', value: ['x'] }],
    ]);
    const header = encodeGgufHeader(metadata, [{ name: 't', dimensions: [32, 2], typeId: 8, offset: 64 }]);
    expect(header.subarray(0, 4).toString('latin1')).toBe('GGUF');
    expect(header.readUInt32LE(4)).toBe(3);
    expect(header.readBigUInt64LE(8)).toBe(1n);
    expect(header.readBigUInt64LE(16)).toBe(2n);
    // key "a": length 1, "a", type uint32 (4), value 7
    expect(header.readBigUInt64LE(24)).toBe(1n);
    expect(header.toString('latin1', 32, 33)).toBe('a');
    expect(header.readUInt32LE(33)).toBe(4);
    expect(header.readUInt32LE(37)).toBe(7);
    // tensor info at the end: ..., type 8, offset 64
    expect(header.readUInt32LE(header.length - 12)).toBe(8);
    expect(header.readBigUInt64LE(header.length - 8)).toBe(64n);
  });

  it.each<[GgufMetadataValue, string]>([
    [{ type: 'uint8', value: 300 }, 'uint8'],
    [{ type: 'uint32', value: 1.5 }, 'uint32'],
    [{ type: 'int32', value: 'x' }, 'int32'],
    [{ type: 'string', value: 3 }, 'string'],
    [{ type: 'bool', value: 1 }, 'bool'],
  ])('rejects %j', (entry, type) => {
    const encode = () => encodeGgufHeader(new Map([['k', entry]]), []);
    expect(encode).toThrow(GgufFormatError);
    expect(encode).toThrow(`not a valid ${type} value`);
  });

  it('accepts bigint and number 64-bit values', () => {
    const metadata = new Map<string, GgufMetadataValue>([
      ['big', { type: 'uint64', value: 2n ** 63n }],
      ['small', { type: 'int64', value: -5 }],
    ]);
    expect(encodeGgufHeader(metadata, []).length).toBe(24 + 2 * (8 + 3 + 4 + 8) + 2);
  });
});
