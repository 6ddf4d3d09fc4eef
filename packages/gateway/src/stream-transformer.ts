import { formatSseData, SseEventBuffer, splitSseEvents, sseData } from './sse.js';
import { isRecord, usageFromObject, type TokenUsage } from './usage.js';
import { StreamReasoningRewriter } from './reasoning-rewrite.js';

export interface StreamTransformerOptions {
  /** Split `<think>` out of chat deltas (upstream flagged `needsReasoningSplit`). */
  splitReasoning: boolean;
  /** Drop the usage-only chunk: the gateway asked for it, the client did not. */
  dropUsageChunk: boolean;
  onUsage(usage: TokenUsage): void;
  /** Called once, at the first event carrying generated text. */
  onFirstToken(): void;
}

const FIRST_TOKEN = /"(?:content|reasoning_content|text)"\s*:\s*"[^"]/;

/**
 * Turns upstream SSE text into what the client receives, one upstream chunk at a time. On the common path
 * (no reasoning split, no usage in the block) complete events are forwarded as they are, with no JSON parse;
 * only events mentioning `"usage"` are parsed, and every event when the reasoning split is on.
 */
export class StreamTransformer {
  private readonly buffer = new SseEventBuffer();
  private readonly rewriter: StreamReasoningRewriter | undefined;
  private sawFirstToken = false;

  constructor(private readonly options: StreamTransformerOptions) {
    this.rewriter = options.splitReasoning ? new StreamReasoningRewriter() : undefined;
  }

  /** Takes decoded upstream text; returns the text to forward now (`''` when nothing is complete yet). */
  push(text: string): string {
    return this.transformBlock(this.buffer.push(text));
  }

  /** At the end of the upstream stream: whatever unterminated event is left, as a complete event. */
  finish(): string {
    const rest = this.buffer.remainder;
    return rest.trim().length === 0 ? '' : this.transformBlock(`${rest}\n\n`);
  }

  private transformBlock(block: string): string {
    if (block.length === 0) return '';
    if (!this.sawFirstToken && FIRST_TOKEN.test(block)) {
      this.sawFirstToken = true;
      this.options.onFirstToken();
    }
    if (this.rewriter === undefined && !block.includes('"usage"')) return block;
    let out = '';
    for (const event of splitSseEvents(block)) out += this.transformEvent(event);
    return out;
  }

  private transformEvent(event: string): string {
    const original = `${event}\n\n`;
    const data = sseData(event);
    if (data === undefined || data === '[DONE]') return original;
    const hasUsage = data.includes('"usage"');
    if (!hasUsage && this.rewriter === undefined) return original;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return original;
    }
    if (!isRecord(chunk)) return original;
    if (hasUsage) {
      const usage = usageFromObject(chunk.usage);
      if (usage !== undefined) {
        this.options.onUsage(usage);
        const isUsageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
        if (isUsageOnly && this.options.dropUsageChunk) return '';
      }
    }
    if (this.rewriter?.rewrite(chunk) === true) return formatSseData(JSON.stringify(chunk));
    return original;
  }
}
