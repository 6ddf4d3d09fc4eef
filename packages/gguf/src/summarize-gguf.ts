import { fileTypeName } from './ggml-type.js';
import type { GgufHeader, GgufScalar } from './gguf-types.js';

/** What Hangar shows about a model file; matches `ModelMetadata` in @hangar/core plus a few extras. */
export interface GgufSummary {
  /** `general.architecture`, e.g. `llama`, `deepseek2`; `unknown` when absent. */
  architecture: string;
  /** `general.name`, when present. */
  name: string | null;
  /** `<arch>.context_length`: the context the model was trained for. */
  contextTokens: number | null;
  /** Sum of the element counts of all tensors. */
  parameterCount: number | null;
  /** From `general.file_type` (`Q4_K_M`, `F16`...), else the type holding the most tensor bytes. */
  quantization: string | null;
  embeddingLength: number | null;
  /** `<arch>.block_count`. */
  layerCount: number | null;
  headCount: number | null;
  headCountKv: number | null;
  /** Whether `tokenizer.chat_template` is present. */
  hasChatTemplate: boolean;
  /** Length of `tokenizer.ggml.tokens`, else `<arch>.vocab_size`. */
  vocabularySize: number | null;
}

/** Summarizes a header read by `readGgufHeader` into the facts Hangar stores about a model file. */
export function summarizeGguf(header: GgufHeader): GgufSummary {
  const scalar = (key: string): GgufScalar | undefined => {
    const entry = header.metadata.get(key);
    return entry === undefined || entry.type === 'array' ? undefined : entry.value;
  };
  const integer = (key: string): number | null => {
    const value = scalar(key);
    return typeof value === 'number' && Number.isInteger(value) ? value : null;
  };
  const text = (key: string): string | null => {
    const value = scalar(key);
    return typeof value === 'string' ? value : null;
  };
  const architecture = text('general.architecture') ?? 'unknown';
  const tokens = header.metadata.get('tokenizer.ggml.tokens');
  return {
    architecture,
    name: text('general.name'),
    contextTokens: integer(`${architecture}.context_length`),
    parameterCount:
      header.tensors.length === 0 ? null : header.tensors.reduce((sum, t) => sum + t.elementCount, 0),
    quantization: quantizationOf(header, integer('general.file_type')),
    embeddingLength: integer(`${architecture}.embedding_length`),
    layerCount: integer(`${architecture}.block_count`),
    headCount: headCount(header, `${architecture}.attention.head_count`),
    headCountKv: headCount(header, `${architecture}.attention.head_count_kv`),
    hasChatTemplate: text('tokenizer.chat_template') !== null,
    vocabularySize: tokens?.type === 'array' ? tokens.value.length : integer(`${architecture}.vocab_size`),
  };
}

function quantizationOf(header: GgufHeader, fileType: number | null): string | null {
  const named = fileType === null ? undefined : fileTypeName(fileType);
  if (named !== undefined) return named;
  const bytesByType = new Map<string, number>();
  for (const tensor of header.tensors) {
    bytesByType.set(tensor.typeName, (bytesByType.get(tensor.typeName) ?? 0) + (tensor.sizeBytes ?? 0));
  }
  let dominant: string | null = null;
  let most = -1;
  for (const [type, bytes] of bytesByType) {
    if (bytes > most) [dominant, most] = [type, bytes];
  }
  return dominant;
}

// Some architectures store one head count per layer (an array); report the first layer's.
function headCount(header: GgufHeader, key: string): number | null {
  const entry = header.metadata.get(key);
  if (entry === undefined) return null;
  const value = entry.type === 'array' ? entry.value[0] : entry.value;
  return typeof value === 'number' ? value : null;
}
