import { describe, expect, it } from 'vitest';
import { ResponseParser, type ResponseHead } from './http1-response-parser.js';

/** Feeds `raw` cut into pieces of `step` bytes; returns what the parser reported. */
function parse(raw: string, step = raw.length) {
  const heads: ResponseHead[] = [];
  const body: Buffer[] = [];
  const counts = { ends: 0 };
  const parser = new ResponseParser({
    onHead: (head) => heads.push(head),
    onBody: (chunk) => body.push(Buffer.from(chunk)),
    onEnd: () => counts.ends++,
  });
  const bytes = Buffer.from(raw, 'latin1');
  for (let at = 0; at < bytes.length; at += step) parser.push(bytes.subarray(at, at + step));
  return { parser, heads, body: Buffer.concat(body).toString('latin1'), ends: counts.ends, counts };
}

const every = (raw: string) => Array.from({ length: raw.length }, (_, index) => index + 1);

describe('ResponseParser', () => {
  const fixed = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
  it.each(every(fixed))('reads a Content-Length body fed %i bytes at a time', (step) => {
    const { parser, heads, body, ends } = parse(fixed, step);
    expect(heads).toEqual([
      {
        statusCode: 200,
        headers: { 'content-type': 'application/json', 'content-length': '11' },
        isKeepAlive: true,
      },
    ]);
    expect(body).toBe('{"ok":true}');
    expect(ends).toBe(1);
    expect(parser.isDone && parser.isKeepAlive).toBe(true);
  });

  const chunked =
    'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n' +
    '6\r\ndata: \r\nB;ext=1\r\n{"x":1}\n\n\r\n\r\n0\r\nx-trailer: t\r\n\r\n';
  it.each(every(chunked))('decodes chunked framing fed %i bytes at a time', (step) => {
    const { body, ends, parser } = parse(chunked, step);
    expect(body).toBe('data: {"x":1}\n\n\r\n');
    expect(ends).toBe(1);
    expect(parser.isKeepAlive).toBe(true);
  });

  it('reads header names in any case and values without the blanks around them', () => {
    const { heads, body } = parse(
      'HTTP/1.1 200 OK\r\nCONTENT-Type:\t application/json; charset=UTF-8 \t\r\nX-Empty:\r\n' +
        'X-Request-Id:ReqABC\r\ncontent-length: 2\r\n\r\nok',
    );
    expect(heads[0]?.headers).toEqual({
      'content-type': 'application/json; charset=UTF-8',
      'x-empty': '',
      'x-request-id': 'ReqABC',
      'content-length': '2',
    });
    expect(body).toBe('ok');
  });

  it('skips 1xx answers, keeps repeated headers, and honours Connection: close', () => {
    const { heads, body } = parse(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n' +
        'Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nx-v: 1\r\nX-V: 2\r\ncontent-length: 2\r\n\r\nno',
    );
    expect(heads).toEqual([
      {
        statusCode: 503,
        headers: { connection: 'close', 'set-cookie': ['a=1', 'b=2'], 'x-v': '1, 2', 'content-length': '2' },
        isKeepAlive: false,
      },
    ]);
    expect(body).toBe('no');
  });

  it('ends a body without length at the end of the connection, and HTTP/1.0 is not kept alive', () => {
    const { parser, body, counts } = parse('HTTP/1.0 200 OK\r\n\r\npartial');
    expect(body).toBe('partial');
    expect(counts.ends).toBe(0);
    expect(parser.finish()).toBe(true);
    expect(counts.ends).toBe(1);
    expect(parser.isKeepAlive).toBe(false);
  });

  it('has no body for 204 and Content-Length 0, and keeps bytes after the end as leftover', () => {
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n').ends).toBe(1);
    const { parser, ends } = parse('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\nHTTP/1.1');
    expect(ends).toBe(1);
    expect(parser.leftover?.toString()).toBe('HTTP/1.1');
  });

  it('reports a connection cut mid-body as incomplete', () => {
    const { parser } = parse('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc');
    expect(parser.finish()).toBe(false);
  });

  it.each([
    ['garbage', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'],
    ['chunk data without CRLF', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nabc'],
    ['a negative length', 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n'],
  ])('rejects %s', (_name, raw) => {
    expect(() => parse(raw)).toThrow(expect.objectContaining({ code: 'HPE_INVALID_RESPONSE' }));
  });
});
