import { open } from 'node:fs/promises';
import { BufferedFileReader, fixedSizes, toSafeNumber } from './buffered-file-reader.js';
import { ggmlTypeInfo } from './ggml-type.js';
import { GgufFormatError } from './gguf-format-error.js';
import type {
  GgufArrayValue,
  GgufHeader,
  GgufMetadataValue,
  GgufScalar,
  GgufTensorInfo,
} from './gguf-types.js';
import { defaultAlignment, ggufMagic, valueTypeName } from './gguf-value-type.js';

// Caps far above any real model (DeepSeek-V3 has ~1,000 tensors and ~50 keys); beyond them the file is corrupt.
const maxTensors = 1 << 20;
const maxKeys = 1 << 20;
const maxStringBytes = 1 << 30;
const maxArrayItems = 2 ** 32;
const maxDimensions = 4;

/**
 * Reads the header of a GGUF file (version 2 or 3): metadata and tensor infos, never the tensor data, in chunks.
 * Throws {@link GgufFormatError} (`not_gguf`, `gguf_truncated`, `gguf_unsupported_version`, `gguf_corrupt`).
 */
export async function readGgufHeader(path: string): Promise<GgufHeader> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const reader = new BufferedFileReader(handle, path, size);
    return await parseHeader(reader, path);
  } finally {
    await handle.close();
  }
}

async function parseHeader(reader: BufferedFileReader, path: string): Promise<GgufHeader> {
  const start = reader.fileSizeBytes >= 4 ? await peekMagic(reader) : null;
  if (start === null || start.toString('latin1') !== ggufMagic) {
    const shown =
      start === null ? `only ${reader.fileSizeBytes} bytes` : `its first bytes are '${printable(start)}'`;
    throw new GgufFormatError(
      'not_gguf',
      `${path} is not a GGUF file (${shown}, expected '${ggufMagic}')`,
      path,
    );
  }
  await reader.fill(20, 'the header');
  const version = reader.u32();
  if (version !== 2 && version !== 3) {
    const hint = version > 0xffff ? ' (a big-endian file?)' : version === 1 ? ' (GGUF v1 is obsolete)' : '';
    throw new GgufFormatError(
      'gguf_unsupported_version',
      `${path} is GGUF version ${version}${hint}; only versions 2 and 3 are supported. Convert it with a recent llama.cpp.`,
      path,
    );
  }
  const tensorCount = checkCount(reader.u64(), maxTensors, 'tensor count', path);
  const keyCount = checkCount(reader.u64(), maxKeys, 'metadata key count', path);
  const metadata = new Map<string, GgufMetadataValue>();
  for (let index = 0; index < keyCount; index++) {
    const key = await readString(reader, path);
    await reader.fill(4, 'a value type');
    metadata.set(key, await readValue(reader, reader.u32(), path, key));
  }
  const alignment = readAlignment(metadata, path);
  const tensors: GgufTensorInfo[] = [];
  for (let index = 0; index < tensorCount; index++) tensors.push(await readTensorInfo(reader, path));
  const dataOffset = alignUp(reader.position, alignment);
  checkTensorData(tensors, dataOffset, reader.fileSizeBytes, path);
  return { version, metadata, tensors, alignment, dataOffset, fileSizeBytes: reader.fileSizeBytes };
}

async function peekMagic(reader: BufferedFileReader): Promise<Buffer> {
  await reader.fill(4, 'the magic');
  return reader.take(4);
}

function printable(bytes: Buffer): string {
  return [...bytes]
    .map((byte) =>
      byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

function checkCount(value: bigint, max: number, what: string, path: string): number {
  if (value > BigInt(max)) {
    throw new GgufFormatError(
      'gguf_corrupt',
      `${path} is corrupt: its ${what} is ${value} (at most ${max} expected)`,
      path,
    );
  }
  return Number(value);
}

async function readString(reader: BufferedFileReader, path: string): Promise<string> {
  if (!reader.has(8)) await reader.fill(8, 'a string length');
  const length = checkCount(reader.u64(), maxStringBytes, 'string length', path);
  if (!reader.has(length)) await reader.fill(length, 'a string');
  return reader.take(length).toString('utf8');
}

async function readValue(
  reader: BufferedFileReader,
  typeId: number,
  path: string,
  key: string,
): Promise<GgufMetadataValue> {
  const type = valueTypeName(typeId);
  if (type === undefined) {
    throw new GgufFormatError(
      'gguf_corrupt',
      `${path} is corrupt: key ${key} has unknown value type ${typeId}`,
      path,
    );
  }
  if (type === 'string') return { type, value: await readString(reader, path) };
  if (type !== 'array') {
    await reader.fill(fixedSizes[type], `the value of ${key}`);
    return { type, value: reader.scalar(type) };
  }
  return readArray(reader, path, key);
}

async function readArray(reader: BufferedFileReader, path: string, key: string): Promise<GgufArrayValue> {
  await reader.fill(12, `the array ${key}`);
  const itemTypeId = reader.u32();
  const count = checkCount(reader.u64(), maxArrayItems, `array length of ${key}`, path);
  const itemType = valueTypeName(itemTypeId);
  if (itemType === undefined) {
    throw new GgufFormatError(
      'gguf_corrupt',
      `${path} is corrupt: array ${key} has unknown item type ${itemTypeId}`,
      path,
    );
  }
  const minItemBytes = itemType === 'string' || itemType === 'array' ? 8 : fixedSizes[itemType];
  if (count * minItemBytes > reader.remainingBytes)
    await reader.fill(count * minItemBytes, `the array ${key}`);
  if (itemType === 'array') {
    const items: GgufArrayValue[] = [];
    for (let index = 0; index < count; index++) items.push(await readArray(reader, path, key));
    return { type: 'array', itemType, value: items };
  }
  const items: GgufScalar[] = new Array<GgufScalar>(count);
  if (itemType === 'string') {
    for (let index = 0; index < count; index++) items[index] = await readString(reader, path);
  } else {
    await reader.fill(count * fixedSizes[itemType], `the array ${key}`);
    for (let index = 0; index < count; index++) items[index] = reader.scalar(itemType);
  }
  return { type: 'array', itemType, value: items };
}

function readAlignment(metadata: Map<string, GgufMetadataValue>, path: string): number {
  const entry = metadata.get('general.alignment');
  if (entry === undefined) return defaultAlignment;
  const value = entry.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || (value & (value - 1)) !== 0) {
    throw new GgufFormatError(
      'gguf_corrupt',
      `${path} is corrupt: general.alignment is not a power of two`,
      path,
    );
  }
  return value;
}

async function readTensorInfo(reader: BufferedFileReader, path: string): Promise<GgufTensorInfo> {
  const name = await readString(reader, path);
  await reader.fill(4, `tensor ${name}`);
  const dimensionCount = reader.u32();
  if (dimensionCount > maxDimensions) {
    throw new GgufFormatError(
      'gguf_corrupt',
      `${path} is corrupt: tensor ${name} has ${dimensionCount} dimensions`,
      path,
    );
  }
  await reader.fill(dimensionCount * 8 + 12, `tensor ${name}`);
  const dimensions: number[] = [];
  for (let index = 0; index < dimensionCount; index++) {
    const size = toSafeNumber(reader.u64());
    if (typeof size === 'bigint') {
      throw new GgufFormatError('gguf_corrupt', `${path} is corrupt: tensor ${name} has size ${size}`, path);
    }
    dimensions.push(size);
  }
  const typeId = reader.u32();
  const offset = Number(reader.u64());
  const elementCount = dimensions.reduce((product, size) => product * size, 1);
  const info = ggmlTypeInfo(typeId);
  const sizeBytes = info === undefined ? null : Math.ceil(elementCount / info.blockSize) * info.blockBytes;
  const typeName = info?.name ?? `unknown(${typeId})`;
  return { name, dimensions, typeId, typeName, offset, elementCount, sizeBytes };
}

function checkTensorData(
  tensors: GgufTensorInfo[],
  dataOffset: number,
  fileSizeBytes: number,
  path: string,
): void {
  for (const tensor of tensors) {
    const end = dataOffset + tensor.offset + (tensor.sizeBytes ?? 0);
    if (end > fileSizeBytes) {
      throw new GgufFormatError(
        'gguf_truncated',
        `${path} is truncated: tensor ${tensor.name} ends at byte ${end} but the file has ${fileSizeBytes} bytes. ` +
          'Download or copy it again.',
        path,
      );
    }
  }
}

/** `offset` rounded up to a multiple of `alignment`. */
export function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}
