import type { ChatCompletionChunk } from '@hangar/contracts';

const dim = '\u001b[2m';
const reset = '\u001b[0m';

/** Writes a streamed answer: reasoning in a `[thinking]` section (dimmed on a terminal), then the answer. */
export interface ChatRenderer {
  /** Renders one chunk's delta. */
  write(chunk: ChatCompletionChunk): void;
  /** Ends the answer (newline, colour reset); returns the answer text without the reasoning. */
  end(): string;
}

/** A renderer over `write`; `isColor` adds ANSI dimming for the reasoning. */
export function createChatRenderer(write: (text: string) => void, isColor: boolean): ChatRenderer {
  let section: 'none' | 'thinking' | 'answer' = 'none';
  let answer = '';
  let endsWithNewline = true;
  const emit = (text: string) => {
    if (text === '') return;
    write(text);
    endsWithNewline = text.endsWith('\n');
  };
  const closeThinking = () => {
    if (section !== 'thinking') return;
    if (isColor) write(reset);
    if (!endsWithNewline) emit('\n');
  };

  return {
    write(chunk) {
      const delta = chunk.choices[0]?.delta;
      if (!delta) return;
      if (delta.reasoning_content) {
        if (section !== 'thinking') {
          if (section === 'answer' && !endsWithNewline) emit('\n');
          emit('[thinking]\n');
          if (isColor) write(dim);
          section = 'thinking';
        }
        emit(delta.reasoning_content);
      }
      if (delta.content) {
        // Engines put blank lines between the reasoning and the answer; the section marker already separates them.
        const text = answer === '' ? delta.content.replace(/^\s+/, '') : delta.content;
        if (text === '') return;
        if (section === 'thinking') {
          closeThinking();
          emit('[answer]\n');
        }
        section = 'answer';
        answer += text;
        emit(text);
      }
    },
    end() {
      closeThinking();
      if (!endsWithNewline) emit('\n');
      section = 'none';
      return answer;
    },
  };
}
