export { readGgufHeader } from './read-gguf-header.js';
export { summarizeGguf } from './summarize-gguf.js';
export type { GgufSummary } from './summarize-gguf.js';
export { writeGguf } from './write-gguf.js';
export type { GgufTensorSpec, GgufWritableType, GgufWriteSpec } from './write-gguf.js';
export { GgufFormatError } from './gguf-format-error.js';
export type { GgufFormatErrorCode } from './gguf-format-error.js';
export type {
  GgufArrayValue,
  GgufHeader,
  GgufMetadataValue,
  GgufScalar,
  GgufScalarType,
  GgufScalarValue,
  GgufTensorInfo,
} from './gguf-types.js';
export { fileTypeId, fileTypeName, ggmlTypeId, ggmlTypeInfo } from './ggml-type.js';
export type { GgmlTypeInfo } from './ggml-type.js';
export { encodeQ8_0, fromFloat16Bits, toFloat16Bits } from './tensor-encoding.js';
