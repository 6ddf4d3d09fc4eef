import { describe, expect, it } from 'vitest';
import { parseServerSentEvents, type ServerSentEvent } from './sse-parser.js';

async function* chunksOf(...chunks: (string | Uint8Array)[]) {
  for (const chunk of chunks) yield await Promise.resolve(chunk);
}

async function collect(...chunks: (string | Uint8Array)[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseServerSentEvents(chunksOf(...chunks))) events.push(event);
  return events;
}

describe('parseServerSentEvents', () => {
  it('dispatches one event per blank line', async () => {
    expect(await collect('data: {"a":1}\n\ndata: [DONE]\n\n')).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('joins lines split across chunks, including a split \\r\\n', async () => {
    expect(await collect('da', 'ta: hel', 'lo\r', '\n\r\n', 'data: x\n', '\n')).toEqual([
      { event: 'message', data: 'hello' },
      { event: 'message', data: 'x' },
    ]);
  });

  it('decodes a multi-byte character split between byte chunks', async () => {
    const bytes = new TextEncoder().encode('data: 思考\n\n');
    expect(await collect(bytes.slice(0, 8), bytes.slice(8))).toEqual([{ event: 'message', data: '思考' }]);
  });

  it('ignores comments and unknown fields, keeps event names and multi-line data', async () => {
    expect(await collect(': keep-alive\n\nevent: error\nid: 3\ndata: a\ndata: b\n\n')).toEqual([
      { event: 'error', data: 'a\nb' },
    ]);
  });

  it('dispatches pending data when the stream ends without a blank line', async () => {
    expect(await collect('data: last')).toEqual([{ event: 'message', data: 'last' }]);
  });

  it('accepts lone \\r line endings and a value without a space after the colon', async () => {
    expect(await collect('data:1\r\rdata:2\r\r')).toEqual([
      { event: 'message', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });
});
