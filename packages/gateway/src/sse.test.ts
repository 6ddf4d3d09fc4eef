import { describe, expect, it } from 'vitest';
import { formatSseData, SseEventBuffer, splitSseEvents, sseData } from './sse.js';

describe('SseEventBuffer', () => {
  it('returns whole events as they complete and keeps the rest', () => {
    const buffer = new SseEventBuffer();
    expect(buffer.push('data: {"a":1}\n\ndata: {"b"')).toBe('data: {"a":1}\n\n');
    expect(buffer.remainder).toBe('data: {"b"');
    expect(buffer.push(':2}\n')).toBe('');
    expect(buffer.push('\ndata: [DONE]\n\n')).toBe('data: {"b":2}\n\ndata: [DONE]\n\n');
    expect(buffer.remainder).toBe('');
  });

  it('normalises CRLF, including a pair split across chunks', () => {
    const buffer = new SseEventBuffer();
    expect(buffer.push('data: x\r\n\r')).toBe('');
    expect(buffer.push('\ndata: y\r\n\r\n')).toBe('data: x\n\ndata: y\n\n');
  });

  it('treats a lone CR as a line end', () => {
    const buffer = new SseEventBuffer();
    expect(buffer.push('data: x\r\rdata: y')).toBe('data: x\n\n');
    expect(buffer.remainder).toBe('data: y');
  });
});

describe('splitSseEvents', () => {
  it.each([
    ['data: a\n\n', ['data: a']],
    ['data: a\n\ndata: b\n\n', ['data: a', 'data: b']],
    [': comment\n\ndata: b\n\n', [': comment', 'data: b']],
    ['', []],
  ])('%j', (block, expected) => {
    expect(splitSseEvents(block)).toEqual(expected);
  });
});

describe('sseData', () => {
  it.each([
    ['data: {"a":1}', '{"a":1}'],
    ['data:{"a":1}', '{"a":1}'],
    ['data:  two spaces', ' two spaces'],
    ['event: error\ndata: {"e":1}', '{"e":1}'],
    ['data: one\ndata: two', 'one\ntwo'],
    [': keep-alive', undefined],
    ['id: 3', undefined],
  ])('%j', (event, expected) => {
    expect(sseData(event)).toBe(expected);
  });
});

describe('formatSseData', () => {
  it('writes one data event', () => {
    expect(formatSseData('[DONE]')).toBe('data: [DONE]\n\n');
  });
});
