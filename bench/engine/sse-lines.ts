/** One parsed `data:` event of an OpenAI-style SSE stream. */
export type SseEvent = { kind: 'done' } | { kind: 'json'; value: unknown };

/**
 * Splits an SSE byte stream into `data:` events. Feed text chunks as they arrive; each call returns the events
 * completed so far (an event ends at a blank line).
 */
export class SseParser {
  private pending = '';

  push(text: string): SseEvent[] {
    this.pending += text.replace(/\r\n/g, '\n');
    const events: SseEvent[] = [];
    let end = this.pending.indexOf('\n\n');
    while (end !== -1) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data === '[DONE]') events.push({ kind: 'done' });
      else if (data !== '') events.push({ kind: 'json', value: JSON.parse(data) as unknown });
      end = this.pending.indexOf('\n\n');
    }
    return events;
  }
}
