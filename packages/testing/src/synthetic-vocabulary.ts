import type { GgufMetadataValue } from '@hangar/gguf';

/** A synthetic SentencePiece-style (`llama`) vocabulary that llama.cpp accepts. */
export interface SyntheticVocabulary {
  tokens: string[];
  scores: number[];
  /** llama.cpp token types: 1 normal, 2 unknown, 3 control, 6 byte. */
  tokenTypes: number[];
  /** Ids of tokens that are not normal text pieces (unknown, control, byte tokens). */
  specialTokenCount: number;
}

const space = '\u2581';
const letters = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Builds a vocabulary of `size` tokens: `<unk>`, `<s>`, `</s>`, the 256 byte tokens `<0x00>`..`<0xFF>` (so any
 * text tokenizes by byte fallback), `▁`, the printable ASCII characters, then `▁a`..`▁z`, `▁aa`..`▁zz`, ... so
 * that every piece is reachable by SentencePiece merges. Scores decrease with the id, as in real SPM models.
 */
export function createSyntheticVocabulary(size: number): SyntheticVocabulary {
  const tokens = ['<unk>', '<s>', '</s>'];
  const tokenTypes = [2, 3, 3];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    tokenTypes.push(6);
  }
  const specialTokenCount = tokens.length;
  const pieces = textPieces();
  while (tokens.length < size) {
    const next = pieces.next();
    if (next.done === true)
      throw new RangeError(`a synthetic vocabulary holds at most ${tokens.length} tokens`);
    tokens.push(next.value);
    tokenTypes.push(1);
  }
  if (tokens.length > size)
    throw new RangeError(`a synthetic vocabulary needs at least ${specialTokenCount + 1} tokens`);
  const scores = tokens.map((_, id) => (id < specialTokenCount ? 0 : -(id - specialTokenCount)));
  return { tokens, scores, tokenTypes, specialTokenCount };
}

function* textPieces(): Generator<string> {
  yield space;
  for (let code = 0x21; code < 0x7f; code++) yield String.fromCharCode(code);
  let words = [''];
  for (let length = 1; length <= 4; length++) {
    words = words.flatMap((word) => [...letters].map((letter) => word + letter));
    for (const word of words) yield space + word;
  }
}

/** The `tokenizer.*` metadata of a vocabulary: SPM (`llama`) model, bos 1, eos 2, unk 0, no chat template. */
export function vocabularyMetadata(vocabulary: SyntheticVocabulary): Record<string, GgufMetadataValue> {
  return {
    'tokenizer.ggml.model': { type: 'string', value: 'llama' },
    'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: vocabulary.tokens },
    'tokenizer.ggml.scores': { type: 'array', itemType: 'float32', value: vocabulary.scores },
    'tokenizer.ggml.token_type': { type: 'array', itemType: 'int32', value: vocabulary.tokenTypes },
    'tokenizer.ggml.unknown_token_id': { type: 'uint32', value: 0 },
    'tokenizer.ggml.bos_token_id': { type: 'uint32', value: 1 },
    'tokenizer.ggml.eos_token_id': { type: 'uint32', value: 2 },
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: true },
    'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
  };
}
