import { mkdtemp, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgufFormatError } from './gguf-format-error.js';
import type { GgufMetadataValue } from './gguf-types.js';
import { readGgufHeader } from './read-gguf-header.js';
import { fromFloat16Bits } from './tensor-encoding.js';
import { writeGguf } from './write-gguf.js';
import type { GgufWriteSpec } from './write-gguf.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hangar-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const metadata: Record<string, GgufMetadataValue> = {
  'general.architecture': { type: 'string', value: 'llama' },
  'general.file_type': { type: 'uint32', value: 7 },
  'llama.context_length': { type: 'uint32', value: 128 },
  'test.float': { type: 'float32', value: 0.5 },
  'test.flag': { type: 'bool', value: true },
  'test.big': { type: 'uint64', value: 2n ** 60n },
  'test.negative': { type: 'int64', value: -3 },
  'test.nested': {
    type: 'array',
    itemType: 'array',
    value: [{ type: 'array', itemType: 'int8', value: [1, -1] }],
  },
  'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: ['<unk>', 'héllo', ''] },
};

const ramp = (length: number) => Float32Array.from({ length }, (_, index) => index / length - 0.5);

function spec(alignment?: number): GgufWriteSpec {
  const withAlignment =
    alignment === undefined
      ? metadata
      : ({ ...metadata, 'general.alignment': { type: 'uint32', value: alignment } } as const);
  return {
    metadata: withAlignment,
    tensors: [
      { name: 'norm', dimensions: [3], type: 'F32', data: Float32Array.from([1, 2, 3]) },
      {
        name: 'q8',
        dimensions: [64, 2],
        type: 'Q8_0',
        data: () => [ramp(128).subarray(0, 40), ramp(128).subarray(40)],
      },
      { name: 'half', dimensions: [5], type: 'F16', data: Float32Array.from([0, 1, -1, 0.5, 2]) },
    ],
  };
}

async function bytesAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, position);
    return buffer;
  } finally {
    await handle.close();
  }
}

describe('writeGguf + readGgufHeader', () => {
  it('round-trips metadata with its types, in order', async () => {
    const path = join(dir, 'round-trip.gguf');
    await writeGguf(path, spec());
    const header = await readGgufHeader(path);
    expect(header.version).toBe(3);
    expect(Object.fromEntries(header.metadata)).toEqual(metadata);
    expect([...header.metadata.keys()]).toEqual(Object.keys(metadata));
  });

  it.each([32, 64, 256])(
    'places tensors at offsets aligned to %d and writes their data',
    async (alignment) => {
      const path = join(dir, `aligned-${alignment}.gguf`);
      await writeGguf(path, spec(alignment));
      const header = await readGgufHeader(path);
      expect(header.alignment).toBe(alignment);
      expect(header.tensors.map((tensor) => [tensor.name, tensor.typeName, tensor.sizeBytes])).toEqual([
        ['norm', 'F32', 12],
        ['q8', 'Q8_0', 4 * 34],
        ['half', 'F16', 10],
      ]);
      for (const tensor of header.tensors) expect((header.dataOffset + tensor.offset) % alignment).toBe(0);
      const [norm, q8, half] = header.tensors;
      const normBytes = await bytesAt(path, header.dataOffset + norm!.offset, 12);
      expect([0, 4, 8].map((at) => normBytes.readFloatLE(at))).toEqual([1, 2, 3]);
      const block = await bytesAt(path, header.dataOffset + q8!.offset, 34);
      expect(fromFloat16Bits(block.readUInt16LE(0)) * block.readInt8(2)).toBeCloseTo(-0.5, 2);
      const halfBytes = await bytesAt(path, header.dataOffset + half!.offset, 10);
      expect(fromFloat16Bits(halfBytes.readUInt16LE(8))).toBe(2);
      expect(header.fileSizeBytes % alignment).toBe(0);
    },
  );

  it('writes pre-encoded bytes as they are', async () => {
    const path = join(dir, 'encoded.gguf');
    const encoded = Buffer.alloc(34, 1);
    await writeGguf(path, {
      metadata: {},
      tensors: [{ name: 'e', dimensions: [32], type: 'Q8_0', data: { encoded: () => [encoded] } }],
    });
    const header = await readGgufHeader(path);
    expect((await bytesAt(path, header.dataOffset, 34)).equals(encoded)).toBe(true);
  });

  it('rejects data that does not match the shape, and Q8_0 rows that are not whole blocks', async () => {
    const path = join(dir, 'bad.gguf');
    await expect(
      writeGguf(path, {
        metadata: {},
        tensors: [{ name: 'x', dimensions: [4], type: 'F32', data: new Float32Array(3) }],
      }),
    ).rejects.toThrow('tensor x: its data has 12 bytes once encoded, its shape needs 16');
    await expect(
      writeGguf(path, {
        metadata: {},
        tensors: [{ name: 'y', dimensions: [16, 2], type: 'Q8_0', data: new Float32Array(32) }],
      }),
    ).rejects.toMatchObject({ code: 'gguf_invalid_spec' });
  });
});

describe('readGgufHeader on broken files', () => {
  it('says a zip file is not a GGUF file', async () => {
    const path = join(dir, 'model.gguf');
    await writeFile(path, Buffer.from('PK\x03\x04rest of a zip', 'latin1'));
    const error = await readGgufHeader(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GgufFormatError);
    expect(error).toMatchObject({
      code: 'not_gguf',
      message: `${path} is not a GGUF file (its first bytes are 'PK\\x03\\x04', expected 'GGUF')`,
    });
  });

  it('says a tiny file is not a GGUF file', async () => {
    const path = join(dir, 'tiny.gguf');
    await writeFile(path, 'GG');
    await expect(readGgufHeader(path)).rejects.toMatchObject({ code: 'not_gguf' });
  });

  it('reports truncation inside the header and inside the tensor data', async () => {
    const path = join(dir, 'truncated.gguf');
    await writeGguf(path, spec());
    const { dataOffset } = await readGgufHeader(path);
    await truncate(path, dataOffset + 20);
    await expect(readGgufHeader(path)).rejects.toMatchObject({
      code: 'gguf_truncated',
      message: expect.stringContaining('tensor q8 ends at byte') as string,
    });
    await truncate(path, 100);
    await expect(readGgufHeader(path)).rejects.toMatchObject({ code: 'gguf_truncated' });
    expect((await stat(path)).size).toBe(100);
  });

  it('rejects other versions and absurd counts', async () => {
    const path = join(dir, 'header-only.gguf');
    const header = Buffer.alloc(24);
    header.write('GGUF', 'latin1');
    header.writeUInt32LE(1, 4);
    await writeFile(path, header);
    await expect(readGgufHeader(path)).rejects.toMatchObject({ code: 'gguf_unsupported_version' });
    header.writeUInt32LE(3, 4);
    header.writeBigUInt64LE(2n ** 40n, 8);
    await writeFile(path, header);
    await expect(readGgufHeader(path)).rejects.toMatchObject({
      code: 'gguf_corrupt',
      message: expect.stringContaining('tensor count') as string,
    });
  });

  it('reads a header without holding the file in memory', async () => {
    const path = join(dir, 'sparse.gguf');
    await writeGguf(path, spec());
    const original = await readFile(path);
    await writeFile(path, original);
    // A large sparse tail: the reader must only touch the header.
    await truncate(path, 8 * 1024 ** 3);
    const header = await readGgufHeader(path);
    expect(header.fileSizeBytes).toBe(8 * 1024 ** 3);
    expect(header.tensors).toHaveLength(3);
  });
});
