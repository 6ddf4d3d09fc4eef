import { hashText } from './simulated-tokens.js';

/** Tokens per KV block: a prefix is cached in whole blocks (vLLM's default block size). */
export const PREFIX_BLOCK_TOKENS = 16;

/**
 * A model of vLLM's automatic prefix caching: full 16-token blocks of earlier prompts are remembered by the hash
 * of the whole prefix up to them (least recently used evicted); a new prompt hits on its longest cached prefix.
 */
export class PrefixCache {
  private readonly blocks = new Map<number, true>();

  constructor(private readonly maxBlocks: number) {}

  /** Looks up and then remembers a prompt's blocks; returns how many of its tokens were cached. */
  lookupAndInsert(tokens: readonly string[]): number {
    let hash = 0x811c9dc5;
    let hitBlocks = 0;
    let isStillHitting = true;
    const fullBlocks = Math.floor(tokens.length / PREFIX_BLOCK_TOKENS);
    for (let block = 0; block < fullBlocks; block++) {
      const text = tokens.slice(block * PREFIX_BLOCK_TOKENS, (block + 1) * PREFIX_BLOCK_TOKENS).join('');
      hash = hashText(text, hash);
      if (isStillHitting && this.blocks.has(hash)) hitBlocks++;
      else isStillHitting = false;
      this.blocks.delete(hash);
      this.blocks.set(hash, true);
    }
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next();
      if (oldest.done) break;
      this.blocks.delete(oldest.value);
    }
    return hitBlocks * PREFIX_BLOCK_TOKENS;
  }
}
