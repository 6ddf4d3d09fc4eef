import { describe, expect, it } from 'vitest';
import { parseRoutingFields, withIncludeUsage } from './request-body.js';

const parse = (text: string) => parseRoutingFields(Buffer.from(text));

describe('parseRoutingFields', () => {
  it.each([
    ['{"model":"m"}', { model: 'm', isStream: false, includesUsage: false }],
    ['{"model":"m","stream":true}', { model: 'm', isStream: true, includesUsage: false }],
    ['{"model":"m","stream":"yes"}', { model: 'm', isStream: false, includesUsage: false }],
    [
      '{"model":"m","stream":true,"stream_options":{"include_usage":true}}',
      { model: 'm', isStream: true, includesUsage: true },
    ],
    [
      '{"model":"m","stream":true,"stream_options":null}',
      { model: 'm', isStream: true, includesUsage: false },
    ],
  ])('%s', (text, expected) => {
    expect(parse(text)).toMatchObject(expected);
  });

  it.each([
    ['{"model":', { code: 'invalid_json', status: 400 }],
    ['[1]', { code: 'invalid_json', status: 400 }],
    ['{"messages":[]}', { code: 'invalid_request', status: 400, details: { param: 'model' } }],
    ['{"model":""}', { code: 'invalid_request', details: { param: 'model' } }],
    ['{"model":3}', { code: 'invalid_request', details: { param: 'model' } }],
  ])('rejects %s', (text, expected) => {
    expect(() => parse(text)).toThrow(expect.objectContaining(expected));
  });
});

describe('withIncludeUsage', () => {
  it('adds include_usage and keeps every other field and stream option', () => {
    const fields = parse(
      '{"model":"m","stream":true,"stream_options":{"continuous":1},"messages":[{"role":"user"}]}',
    );
    expect(JSON.parse(withIncludeUsage(fields).toString('utf8'))).toEqual({
      model: 'm',
      stream: true,
      stream_options: { continuous: 1, include_usage: true },
      messages: [{ role: 'user' }],
    });
  });
});
