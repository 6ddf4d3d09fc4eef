import type { GgufScalarType } from './gguf-types.js';

/** GGUF metadata value type ids (`gguf_metadata_value_type`), by name. */
export const valueTypeIds: Readonly<Record<GgufScalarType | 'array', number>> = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
};

const valueTypeNames = new Map(
  Object.entries(valueTypeIds).map(([name, id]) => [id, name as GgufScalarType | 'array']),
);

/** The value type name of a type id, or undefined when the id is not in the spec. */
export function valueTypeName(id: number): GgufScalarType | 'array' | undefined {
  return valueTypeNames.get(id);
}

/** The magic at the start of every GGUF file. */
export const ggufMagic = 'GGUF';

/** Tensor data alignment when `general.alignment` is absent. */
export const defaultAlignment = 32;
