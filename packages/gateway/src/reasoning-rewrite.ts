import { ReasoningSplitter, splitReasoning } from '@hangar/core';
import { isRecord } from './usage.js';

/**
 * Moves `<think>...</think>` out of each choice's `message.content` into `reasoning_content`, in place, for a
 * non-streamed chat completion from an engine that leaves the tags in content. Returns whether it changed anything.
 * A message that already has `reasoning_content` is left alone: the engine did the split itself.
 */
export function splitCompletionReasoning(completion: unknown): boolean {
  if (!isRecord(completion) || !Array.isArray(completion.choices)) return false;
  let changed = false;
  for (const choice of completion.choices as unknown[]) {
    const message = isRecord(choice) ? choice.message : undefined;
    if (!isRecord(message) || typeof message.content !== 'string') continue;
    if (typeof message.reasoning_content === 'string' && message.reasoning_content.length > 0) continue;
    const split = splitReasoning(message.content);
    if (split.reasoning.length === 0 && split.content === message.content) continue;
    message.content = split.content;
    message.reasoning_content = split.reasoning;
    changed = true;
  }
  return changed;
}

/** The same split on a stream of chat completion chunks: one splitter per choice index. */
export class StreamReasoningRewriter {
  private readonly splitters = new Map<number, ReasoningSplitter>();

  /** Rewrites one chunk's deltas in place; returns whether it changed anything. */
  rewrite(chunk: Record<string, unknown>): boolean {
    if (!Array.isArray(chunk.choices)) return false;
    let changed = false;
    for (const choice of chunk.choices as unknown[]) {
      if (!isRecord(choice) || !isRecord(choice.delta)) continue;
      if (this.rewriteDelta(choice, choice.delta)) changed = true;
    }
    return changed;
  }

  private rewriteDelta(choice: Record<string, unknown>, delta: Record<string, unknown>): boolean {
    const index = typeof choice.index === 'number' ? choice.index : 0;
    const isLast = choice.finish_reason !== null && choice.finish_reason !== undefined;
    const content = typeof delta.content === 'string' ? delta.content : undefined;
    if (content === undefined && !isLast) return false;
    let splitter = this.splitters.get(index);
    if (splitter === undefined) {
      splitter = new ReasoningSplitter();
      this.splitters.set(index, splitter);
    }
    const out = content === undefined ? { reasoning: '', content: '' } : splitter.push(content);
    if (isLast) {
      const rest = splitter.finish();
      out.reasoning += rest.reasoning;
      out.content += rest.content;
      this.splitters.delete(index);
    }
    if (content === undefined && out.reasoning.length === 0 && out.content.length === 0) return false;
    if (out.content.length > 0) delta.content = out.content;
    else delete delta.content;
    if (out.reasoning.length > 0) {
      const existing = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : '';
      delta.reasoning_content = existing + out.reasoning;
    }
    return true;
  }
}
