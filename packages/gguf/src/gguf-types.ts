/** Names of GGUF metadata value types that hold one value (GGUF spec `gguf_metadata_value_type`). */
export type GgufScalarType =
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'uint32'
  | 'int32'
  | 'float32'
  | 'bool'
  | 'string'
  | 'uint64'
  | 'int64'
  | 'float64';

/**
 * One metadata value. 64-bit integers are `number` when they fit `Number.MAX_SAFE_INTEGER`, `bigint` otherwise;
 * writers accept either.
 */
export type GgufScalar = number | bigint | boolean | string;

/** A typed scalar metadata value, e.g. `{ type: 'uint32', value: 2048 }`. */
export interface GgufScalarValue {
  type: GgufScalarType;
  value: GgufScalar;
}

/** A typed array metadata value: a flat array of scalars, or (rarely) an array of arrays. */
export type GgufArrayValue =
  | { type: 'array'; itemType: GgufScalarType; value: GgufScalar[] }
  | { type: 'array'; itemType: 'array'; value: GgufArrayValue[] };

/** A metadata value with the type it has (or will have) in the file. */
export type GgufMetadataValue = GgufScalarValue | GgufArrayValue;

/** One tensor as the header describes it. */
export interface GgufTensorInfo {
  name: string;
  /** Sizes per dimension, innermost (`ne[0]`) first, as in ggml. */
  dimensions: number[];
  /** ggml type id (`GGML_TYPE_*`). */
  typeId: number;
  /** ggml type name (`F32`, `Q8_0`...), or `unknown(<id>)` for a type this reader does not know. */
  typeName: string;
  /** Offset of the tensor's data from {@link GgufHeader.dataOffset}. */
  offset: number;
  elementCount: number;
  /** Bytes of tensor data, or null when the type is unknown. */
  sizeBytes: number | null;
}

/** Everything in a GGUF file before its tensor data. */
export interface GgufHeader {
  version: 2 | 3;
  /** Metadata in file order. */
  metadata: Map<string, GgufMetadataValue>;
  tensors: GgufTensorInfo[];
  /** `general.alignment`, or the default 32. */
  alignment: number;
  /** Absolute file offset where tensor data starts. */
  dataOffset: number;
  fileSizeBytes: number;
}
