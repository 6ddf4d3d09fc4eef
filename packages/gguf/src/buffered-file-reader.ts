import type { FileHandle } from 'node:fs/promises';
import { GgufFormatError } from './gguf-format-error.js';
import type { GgufScalarType } from './gguf-types.js';

const chunkBytes = 256 * 1024;

/**
 * Sequential little-endian reader over a file handle that reads it in chunks, so that a header can be parsed
 * from a file of many gigabytes. Callers check {@link has} and await {@link fill} before reading, which keeps
 * the common case (the bytes are buffered) synchronous.
 */
export class BufferedFileReader {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  private cursor = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    readonly fileSizeBytes: number,
  ) {}

  /** Absolute offset of the next byte to read. */
  get position(): number {
    return this.bufferStart + this.cursor;
  }

  /** Bytes of the file after {@link position}. */
  get remainingBytes(): number {
    return this.fileSizeBytes - this.position;
  }

  has(bytes: number): boolean {
    return this.buffer.length - this.cursor >= bytes;
  }

  /** Buffers at least `bytes` bytes, or throws `gguf_truncated` when the file ends first. */
  async fill(bytes: number, what: string): Promise<void> {
    if (this.has(bytes)) return;
    if (bytes > this.remainingBytes) {
      throw new GgufFormatError(
        'gguf_truncated',
        `${this.path} is truncated: reading ${what} needs ${bytes} bytes at offset ${this.position}, ` +
          `but the file has ${this.fileSizeBytes} bytes. Download or copy it again.`,
        this.path,
      );
    }
    const kept = this.buffer.subarray(this.cursor);
    const wanted = Math.min(Math.max(bytes, chunkBytes), this.remainingBytes);
    const next = Buffer.alloc(wanted);
    kept.copy(next, 0);
    let filled = kept.length;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(next, filled, wanted - filled, this.position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.bufferStart = this.position;
    this.buffer = next.subarray(0, filled);
    this.cursor = 0;
    if (filled < bytes) {
      throw new GgufFormatError(
        'gguf_truncated',
        `${this.path} is truncated while reading ${what}.`,
        this.path,
      );
    }
  }

  /** Reads `bytes` buffered bytes (call {@link fill} first). */
  take(bytes: number): Buffer {
    const slice = this.buffer.subarray(this.cursor, this.cursor + bytes);
    this.cursor += bytes;
    return slice;
  }

  u8(): number {
    return this.buffer.readUInt8(this.cursor++);
  }

  u32(): number {
    const value = this.buffer.readUInt32LE(this.cursor);
    this.cursor += 4;
    return value;
  }

  u64(): bigint {
    const value = this.buffer.readBigUInt64LE(this.cursor);
    this.cursor += 8;
    return value;
  }

  /** Reads a scalar of a fixed-size type (see `fixedSizes`) at the cursor. */
  scalar(type: FixedSizeType): number | bigint | boolean {
    const at = this.cursor;
    this.cursor += fixedSizes[type];
    const buffer = this.buffer;
    switch (type) {
      case 'uint8':
        return buffer.readUInt8(at);
      case 'int8':
        return buffer.readInt8(at);
      case 'uint16':
        return buffer.readUInt16LE(at);
      case 'int16':
        return buffer.readInt16LE(at);
      case 'uint32':
        return buffer.readUInt32LE(at);
      case 'int32':
        return buffer.readInt32LE(at);
      case 'float32':
        return buffer.readFloatLE(at);
      case 'float64':
        return buffer.readDoubleLE(at);
      case 'bool':
        return buffer.readUInt8(at) !== 0;
      case 'uint64':
        return toSafeNumber(buffer.readBigUInt64LE(at));
      case 'int64':
        return toSafeNumber(buffer.readBigInt64LE(at));
    }
  }
}

/** Scalar types with a fixed size in bytes (all but `string`). */
export type FixedSizeType = Exclude<GgufScalarType, 'string'>;

export const fixedSizes: Readonly<Record<FixedSizeType, number>> = {
  uint8: 1,
  int8: 1,
  bool: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  uint64: 8,
  int64: 8,
  float64: 8,
};

/** `value` as a number when it is exactly representable, else unchanged. */
export function toSafeNumber(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value;
}
