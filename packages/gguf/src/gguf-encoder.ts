import { GgufFormatError } from './gguf-format-error.js';
import type { GgufArrayValue, GgufMetadataValue, GgufScalar, GgufScalarType } from './gguf-types.js';
import { ggufMagic, valueTypeIds } from './gguf-value-type.js';

/** A tensor's entry in the header, with its data offset already placed. */
export interface EncodedTensorInfo {
  name: string;
  dimensions: readonly number[];
  typeId: number;
  offset: number;
}

/** Serializes a GGUF v3 header (magic to the last tensor info, without the padding after it). */
export function encodeGgufHeader(
  metadata: ReadonlyMap<string, GgufMetadataValue>,
  tensors: readonly EncodedTensorInfo[],
): Buffer {
  const sink = new ByteSink();
  sink.bytes(Buffer.from(ggufMagic, 'latin1'));
  sink.u32(3);
  sink.u64(tensors.length);
  sink.u64(metadata.size);
  for (const [key, entry] of metadata) {
    sink.string(key);
    sink.u32(valueTypeIds[entry.type]);
    if (entry.type === 'array') sink.array(entry, key);
    else sink.scalar(entry.type, entry.value, key);
  }
  for (const tensor of tensors) {
    sink.string(tensor.name);
    sink.u32(tensor.dimensions.length);
    for (const size of tensor.dimensions) sink.u64(size);
    sink.u32(tensor.typeId);
    sink.u64(tensor.offset);
  }
  return sink.toBuffer();
}

class ByteSink {
  private readonly chunks: Buffer[] = [];

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  bytes(bytes: Buffer): void {
    this.chunks.push(bytes);
  }

  u32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.chunks.push(buffer);
  }

  u64(value: number | bigint): void {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.chunks.push(buffer);
  }

  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.chunks.push(bytes);
  }

  array(entry: GgufArrayValue, key: string): void {
    this.u32(valueTypeIds[entry.itemType]);
    this.u64(entry.value.length);
    if (entry.itemType === 'array') {
      for (const item of entry.value) this.array(item, key);
      return;
    }
    for (const item of entry.value) this.scalar(entry.itemType, item, key);
  }

  scalar(type: GgufScalarType, value: GgufScalar, key: string): void {
    if (type === 'string') {
      if (typeof value !== 'string') throw invalid(key, type, value);
      this.string(value);
      return;
    }
    if (type === 'bool') {
      if (typeof value !== 'boolean') throw invalid(key, type, value);
      this.chunks.push(Buffer.from([value ? 1 : 0]));
      return;
    }
    if (typeof value !== 'number' && typeof value !== 'bigint') throw invalid(key, type, value);
    this.chunks.push(encodeNumber(type, value, key));
  }
}

function encodeNumber(
  type: Exclude<GgufScalarType, 'string' | 'bool'>,
  value: number | bigint,
  key: string,
): Buffer {
  const buffer = Buffer.alloc(
    type.endsWith('64') ? 8 : type.endsWith('32') ? 4 : type.endsWith('16') ? 2 : 1,
  );
  try {
    if (type === 'uint64') buffer.writeBigUInt64LE(BigInt(value));
    else if (type === 'int64') buffer.writeBigInt64LE(BigInt(value));
    else if (typeof value === 'bigint') throw invalid(key, type, value);
    else if (!type.startsWith('float') && !Number.isInteger(value)) throw invalid(key, type, value);
    else if (type === 'float32') buffer.writeFloatLE(value);
    else if (type === 'float64') buffer.writeDoubleLE(value);
    else if (type === 'uint8') buffer.writeUInt8(value);
    else if (type === 'int8') buffer.writeInt8(value);
    else if (type === 'uint16') buffer.writeUInt16LE(value);
    else if (type === 'int16') buffer.writeInt16LE(value);
    else if (type === 'uint32') buffer.writeUInt32LE(value);
    else buffer.writeInt32LE(value);
  } catch (error) {
    if (error instanceof GgufFormatError) throw error;
    throw invalid(key, type, value);
  }
  return buffer;
}

function invalid(key: string, type: string, value: GgufScalar): GgufFormatError {
  return new GgufFormatError(
    'gguf_invalid_spec',
    `metadata ${key}: ${String(value)} is not a valid ${type} value`,
  );
}
