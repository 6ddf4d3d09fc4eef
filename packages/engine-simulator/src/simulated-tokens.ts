/**
 * The simulator's stand-in for a tokenizer and a model: a prompt is split into 4-character tokens (stable under
 * extension, so shared prefixes share tokens and prefix caching can be modelled), and output is drawn from a
 * small vocabulary with a seeded generator, so the same request always gets the same answer.
 */

const CHARS_PER_TOKEN = 4;

/** Prompt tokens of a text (prefix-stable: a longer text starts with the same tokens). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (let index = 0; index < text.length; index += CHARS_PER_TOKEN) {
    tokens.push(text.slice(index, index + CHARS_PER_TOKEN));
  }
  return tokens;
}

/** FNV-1a over a string, 32-bit unsigned. */
export function hashText(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** mulberry32: a tiny seeded PRNG in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'the',
  'model',
  'answers',
  'with',
  'simulated',
  'tokens',
  'that',
  'follow',
  'a',
  'seeded',
  'pattern',
  'so',
  'tests',
  'can',
  'predict',
  'them',
  'while',
  'latency',
  'and',
  'cache',
  'behave',
  'like',
  'an',
  'engine',
  'on',
  'real',
  'accelerators',
  'every',
  'request',
  'gets',
  'its',
  'own',
  'words',
  'from',
  'this',
  'list',
];
const REASONING_WORDS = [
  'first',
  'consider',
  'the',
  'question',
  'then',
  'check',
  'each',
  'step',
  'carefully',
  'so',
];

/** One generated token and whether it belongs to the reasoning. */
export interface GeneratedToken {
  text: string;
  isReasoning: boolean;
  /** `<think>` / `</think>`: in `field` mode these are not shown. */
  isTag: boolean;
}

export interface GenerateInput {
  seed: number;
  /** Tokens the request would generate if nothing stopped it. */
  naturalTokens: number;
  withReasoning: boolean;
  /** R1 chat templates open `<think>` in the prompt, so the output lacks it. */
  omitOpeningTag: boolean;
}

/** The full, deterministic token sequence of one answer (before `max_tokens` and stop sequences cut it). */
export function generateTokens(input: GenerateInput): GeneratedToken[] {
  const random = seededRandom(input.seed);
  const pick = (words: readonly string[]): string => words[Math.floor(random() * words.length)] ?? 'the';
  const tokens: GeneratedToken[] = [];
  let answerTokens = Math.max(1, input.naturalTokens);
  if (input.withReasoning) {
    const reasoningTokens = Math.max(1, Math.floor(input.naturalTokens / 2));
    answerTokens = Math.max(1, input.naturalTokens - reasoningTokens);
    if (!input.omitOpeningTag) tokens.push({ text: '<think>', isReasoning: true, isTag: true });
    for (let index = 0; index < reasoningTokens; index++) {
      tokens.push({
        text: `${index === 0 ? '' : ' '}${pick(REASONING_WORDS)}`,
        isReasoning: true,
        isTag: false,
      });
    }
    tokens.push({ text: '</think>\n\n', isReasoning: true, isTag: true });
  }
  for (let index = 0; index < answerTokens; index++) {
    const word = pick(WORDS);
    const text = index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : ` ${word}`;
    tokens.push({ text: index === answerTokens - 1 ? `${text}.` : text, isReasoning: false, isTag: false });
  }
  return tokens;
}

/** A deterministic unit-length embedding of a text. */
export function embedText(text: string, dimensions: number): number[] {
  const random = seededRandom(hashText(text));
  const vector = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}
