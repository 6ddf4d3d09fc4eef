/** One server-sent event: its `event` name (default `message`) and its `data` lines joined by `\n`. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Parses a byte stream as server-sent events (https://html.spec.whatwg.org/#event-stream-interpretation):
 * lines may be split across chunks, end in `\n`, `\r\n` or `\r`; `:` lines are comments; an event is
 * dispatched at a blank line (and at the end of the stream, if data is pending).
 */
export async function* parseServerSentEvents(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];

  function* takeLines(final: boolean): Generator<string> {
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      // A trailing `\r` might be the first half of `\r\n`: wait for the next chunk unless the stream ended.
      if (!match || (match[0] === '\r' && match.index === buffer.length - 1 && !final)) break;
      yield buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
    }
    if (final && buffer !== '') {
      yield buffer;
      buffer = '';
    }
  }

  function* handle(line: string): Generator<ServerSentEvent> {
    if (line === '') {
      if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  }

  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (const line of takeLines(false)) yield* handle(line);
  }
  buffer += decoder.decode();
  for (const line of takeLines(true)) yield* handle(line);
  yield* handle('');
}
