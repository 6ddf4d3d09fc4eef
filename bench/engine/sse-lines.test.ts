import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-lines.js';

describe('SseParser', () => {
  it('yields events only once their blank line has arrived, across chunk boundaries', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":')).toEqual([]);
    expect(parser.push('1}\n\ndata: {"b":2}\r\n\r\ndata: [DO')).toEqual([
      { kind: 'json', value: { a: 1 } },
      { kind: 'json', value: { b: 2 } },
    ]);
    expect(parser.push('NE]\n\n')).toEqual([{ kind: 'done' }]);
  });

  it('ignores comments and other fields', () => {
    expect(new SseParser().push(': ping\n\nevent: x\ndata: {"c":3}\n\n')).toEqual([
      { kind: 'json', value: { c: 3 } },
    ]);
  });
});
