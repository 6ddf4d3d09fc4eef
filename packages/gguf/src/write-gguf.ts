import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ggmlTypeId } from './ggml-type.js';
import { encodeGgufHeader } from './gguf-encoder.js';
import type { EncodedTensorInfo } from './gguf-encoder.js';
import { GgufFormatError } from './gguf-format-error.js';
import type { GgufMetadataValue } from './gguf-types.js';
import { defaultAlignment } from './gguf-value-type.js';
import { alignUp } from './read-gguf-header.js';
import { encodeF16, encodeF32, encodeQ8_0, q8BlockBytes, q8BlockSize } from './tensor-encoding.js';

/** Tensor types {@link writeGguf} can encode. */
export type GgufWritableType = 'F32' | 'F16' | 'Q8_0';

/** One tensor to write. */
export interface GgufTensorSpec {
  name: string;
  /** Sizes per dimension, innermost (`ne[0]`) first; for Q8_0, `dimensions[0]` must be a multiple of 32. */
  dimensions: readonly number[];
  type: GgufWritableType;
  /**
   * The tensor's values in ggml order (`ne[0]` varies fastest): all at once, or a function that yields them in
   * chunks (so that large tensors are never held whole); the writer encodes them to `type`. Alternatively
   * `{ encoded }` yields bytes already in `type`'s layout.
   */
  data: Float32Array | (() => Iterable<Float32Array>) | { encoded: () => Iterable<Uint8Array> };
}

/** A GGUF file to write: metadata in order (`general.alignment`, when given, sets the alignment) and tensors. */
export interface GgufWriteSpec {
  metadata: ReadonlyMap<string, GgufMetadataValue> | Readonly<Record<string, GgufMetadataValue>>;
  tensors: readonly GgufTensorSpec[];
}

const typeBytes = (type: GgufWritableType, elements: number): number =>
  type === 'Q8_0' ? (elements / q8BlockSize) * q8BlockBytes : elements * (type === 'F16' ? 2 : 4);

/**
 * Writes a GGUF v3 file, streaming tensor data chunk by chunk. Throws {@link GgufFormatError}
 * (`gguf_invalid_spec`) when a tensor's shape, type or data length does not add up.
 */
export async function writeGguf(path: string, spec: GgufWriteSpec): Promise<void> {
  const metadata = spec.metadata instanceof Map ? spec.metadata : new Map(Object.entries(spec.metadata));
  const alignment = alignmentOf(metadata);
  const infos: EncodedTensorInfo[] = [];
  let offset = 0;
  for (const tensor of spec.tensors) {
    const elements = checkTensor(tensor);
    infos.push({
      name: tensor.name,
      dimensions: tensor.dimensions,
      typeId: ggmlTypeId(tensor.type)!,
      offset,
    });
    offset = alignUp(offset + typeBytes(tensor.type, elements), alignment);
  }
  const header = encodeGgufHeader(metadata, infos);
  const handle = await open(path, 'w');
  try {
    const writer = new PositionedWriter(handle);
    await writer.write(header);
    await writer.padTo(alignUp(header.length, alignment));
    const dataStart = writer.position;
    for (const [index, tensor] of spec.tensors.entries()) {
      await writer.padTo(dataStart + infos[index]!.offset);
      const expected = typeBytes(tensor.type, elementCount(tensor.dimensions));
      const written = await writeTensorData(writer, tensor);
      if (written !== expected) {
        throw new GgufFormatError(
          'gguf_invalid_spec',
          `tensor ${tensor.name}: its data has ${written} bytes once encoded, its shape needs ${expected}`,
        );
      }
    }
    await writer.padTo(dataStart + offset);
  } finally {
    await handle.close();
  }
}

function alignmentOf(metadata: ReadonlyMap<string, GgufMetadataValue>): number {
  const entry = metadata.get('general.alignment');
  if (entry === undefined) return defaultAlignment;
  const value = entry.type === 'array' ? null : entry.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || (value & (value - 1)) !== 0) {
    throw new GgufFormatError(
      'gguf_invalid_spec',
      `general.alignment must be a power of two, not ${String(value)}`,
    );
  }
  return value;
}

function elementCount(dimensions: readonly number[]): number {
  return dimensions.reduce((product, size) => product * size, 1);
}

function checkTensor(tensor: GgufTensorSpec): number {
  const { name, dimensions, type } = tensor;
  if (
    dimensions.length < 1 ||
    dimensions.length > 4 ||
    dimensions.some((size) => !Number.isInteger(size) || size < 1)
  ) {
    throw new GgufFormatError(
      'gguf_invalid_spec',
      `tensor ${name}: dimensions [${dimensions.join(', ')}] are invalid`,
    );
  }
  if (type === 'Q8_0' && dimensions[0]! % q8BlockSize !== 0) {
    throw new GgufFormatError(
      'gguf_invalid_spec',
      `tensor ${name}: Q8_0 needs dimensions[0] to be a multiple of 32`,
    );
  }
  return elementCount(dimensions);
}

async function writeTensorData(writer: PositionedWriter, tensor: GgufTensorSpec): Promise<number> {
  const start = writer.position;
  const { data } = tensor;
  if (data instanceof Float32Array || typeof data === 'function') {
    const chunks = data instanceof Float32Array ? [data] : data();
    const encoder = new ChunkEncoder(tensor.type);
    for (const chunk of chunks) await writer.write(encoder.encode(chunk));
    if (encoder.pendingCount > 0) {
      throw new GgufFormatError(
        'gguf_invalid_spec',
        `tensor ${tensor.name}: value count is not a multiple of 32`,
      );
    }
  } else {
    for (const chunk of data.encoded()) await writer.write(chunk);
  }
  return writer.position - start;
}

/** Encodes value chunks of any length, carrying a partial Q8_0 block over to the next chunk. */
class ChunkEncoder {
  private pending = new Float32Array(0);

  constructor(private readonly type: GgufWritableType) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  encode(chunk: Float32Array): Buffer {
    if (this.type === 'F32') return encodeF32(chunk);
    if (this.type === 'F16') return encodeF16(chunk);
    const values = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const whole = values.length - (values.length % q8BlockSize);
    this.pending = values.slice(whole);
    return encodeQ8_0(values.subarray(0, whole));
  }
}

function concat(first: Float32Array, second: Float32Array): Float32Array {
  const out = new Float32Array(first.length + second.length);
  out.set(first);
  out.set(second, first.length);
  return out;
}

class PositionedWriter {
  position = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(
        bytes,
        done,
        bytes.length - done,
        this.position + done,
      );
      done += bytesWritten;
    }
    this.position += bytes.length;
  }

  async padTo(position: number): Promise<void> {
    if (position > this.position) await this.write(Buffer.alloc(position - this.position));
  }
}
