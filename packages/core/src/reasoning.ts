/**
 * Splits DeepSeek-R1 style output into reasoning and answer: text between `<think>` and `</think>` is
 * reasoning, the rest is content. Works on a stream of arbitrary chunks: a tag split across two chunks is held
 * back until it can be decided. R1 templates often open the `<think>` in the prompt, so a splitter can start
 * already inside the reasoning (`startInReasoning`).
 */
export interface ReasoningDelta {
  reasoning: string;
  content: string;
}

const OPEN = '<think>';
const CLOSE = '</think>';

export class ReasoningSplitter {
  private inReasoning: boolean;
  private pending = '';
  private sawAnyOutput = false;

  constructor(options: { startInReasoning?: boolean } = {}) {
    this.inReasoning = options.startInReasoning ?? false;
  }

  /** Feeds a chunk and returns what can be emitted now. */
  push(chunk: string): ReasoningDelta {
    const out: ReasoningDelta = { reasoning: '', content: '' };
    let text = this.pending + chunk;
    this.pending = '';
    while (text.length > 0) {
      const tag = this.inReasoning ? CLOSE : OPEN;
      const index = text.indexOf(tag);
      if (index >= 0) {
        this.emit(out, text.slice(0, index));
        text = text.slice(index + tag.length);
        this.inReasoning = !this.inReasoning;
        // The answer conventionally follows "</think>\n\n": leading blank lines after the close are not content.
        if (!this.inReasoning) this.sawAnyOutput = false;
        continue;
      }
      const keep = partialTagSuffix(text, tag);
      this.emit(out, text.slice(0, text.length - keep));
      this.pending = text.slice(text.length - keep);
      break;
    }
    return out;
  }

  /** Flushes what was held back at the end of the stream. */
  finish(): ReasoningDelta {
    const out: ReasoningDelta = { reasoning: '', content: '' };
    this.emit(out, this.pending);
    this.pending = '';
    return out;
  }

  private emit(out: ReasoningDelta, text: string): void {
    if (text.length === 0) return;
    if (this.inReasoning) {
      out.reasoning += text;
    } else {
      const trimmed = this.sawAnyOutput ? text : text.replace(/^\s+/, '');
      if (trimmed.length > 0) this.sawAnyOutput = true;
      out.content += trimmed;
    }
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
  const max = Math.min(tag.length - 1, text.length);
  for (let length = max; length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/** Splits a complete text at once. */
export function splitReasoning(text: string, options: { startInReasoning?: boolean } = {}): ReasoningDelta {
  const splitter = new ReasoningSplitter(options);
  const first = splitter.push(text);
  const last = splitter.finish();
  return { reasoning: first.reasoning + last.reasoning, content: first.content + last.content };
}
