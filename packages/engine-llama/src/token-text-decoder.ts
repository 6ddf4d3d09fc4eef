/** Turns token ids into text: `(tokens) => string`, as llama.cpp detokenizes them (special tokens not rendered). */
export type Detokenize = (tokens: readonly number[]) => string;

const replacementCharacter = '\uFFFD';
/** Tokens kept as left context so SPM tokenizers render a token's leading space the way it reads in context. */
const contextTokenCount = 4;
/** A UTF-8 character spans at most 4 byte-tokens; after that an U+FFFD is real output, not a split. */
const maxHeldTokens = 4;

/**
 * Incremental detokenizer: feed generated tokens one by one and get the text they add. A multi-byte UTF-8
 * character split over several byte tokens is held back until complete, so a stream never carries half of one.
 * Costs about one native detokenize call per token (the left context is re-rendered only every few tokens).
 */
export class TokenTextDecoder {
  private context: number[] = [];
  private contextText = '';
  private held: number[] = [];

  constructor(private readonly detokenize: Detokenize) {}

  /** Adds one token; returns the text that is complete now (often one word piece, sometimes ''). */
  push(token: number): string {
    this.held.push(token);
    const combined = this.detokenize(this.context.concat(this.held));
    const text = combined.startsWith(this.contextText)
      ? combined.slice(this.contextText.length)
      : this.detokenize(this.held);
    if (text.endsWith(replacementCharacter) && this.held.length < maxHeldTokens) return '';
    this.context.push(...this.held);
    this.held = [];
    if (this.context.length > contextTokenCount * 2) {
      this.context = this.context.slice(-contextTokenCount);
      this.contextText = this.detokenize(this.context);
    } else {
      this.contextText = combined;
    }
    return text;
  }

  /** Text of tokens still held at the end (an incomplete character renders as U+FFFD). */
  finish(): string {
    if (this.held.length === 0) return '';
    const combined = this.detokenize(this.context.concat(this.held));
    const text = combined.startsWith(this.contextText)
      ? combined.slice(this.contextText.length)
      : this.detokenize(this.held);
    this.held = [];
    return text;
  }
}
