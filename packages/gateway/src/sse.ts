/**
 * Just enough of Server-Sent Events for relaying OpenAI streams: cut a byte stream (already decoded to text)
 * at event boundaries, read an event's `data`, write one back. Line endings are normalised to `\n`.
 */

const EVENT_SEPARATOR = '\n\n';

/** Accumulates streamed text and hands back only complete events, so a relay never forwards half an event. */
export class SseEventBuffer {
  private pending = '';

  /** Appends `text`; returns the complete events it closes (each ending with a blank line), or `''`. */
  push(text: string): string {
    let next = this.pending + text;
    if (next.includes('\r')) {
      // A `\r` at the very end may be the first half of a `\r\n` split across two chunks: keep it for later.
      const heldBack = next.endsWith('\r') ? 1 : 0;
      next = next.slice(0, next.length - heldBack).replace(/\r\n?/g, '\n') + (heldBack === 1 ? '\r' : '');
    }
    const end = next.lastIndexOf(EVENT_SEPARATOR);
    if (end < 0) {
      this.pending = next;
      return '';
    }
    this.pending = next.slice(end + EVENT_SEPARATOR.length);
    return next.slice(0, end + EVENT_SEPARATOR.length);
  }

  /** Text received after the last complete event (an unterminated event when the stream ended). */
  get remainder(): string {
    return this.pending;
  }
}

/** Splits a block of complete events into single events, without their blank-line terminators. */
export function splitSseEvents(block: string): string[] {
  const events = block.split(EVENT_SEPARATOR);
  return events.filter((event) => event.length > 0);
}

/** The `data` of one event (several `data:` lines joined with `\n`), or `undefined` when it has none. */
export function sseData(event: string): string | undefined {
  let data: string | undefined;
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data;
}

/** One event carrying `data` (a single line: JSON never contains a raw newline). */
export function formatSseData(data: string): string {
  return `data: ${data}\n\n`;
}
