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

describe('parseRoutingFields: lazy parse', () => {
  it('reads max_tokens (or max_completion_tokens) and user without parsing the prompt', () => {
    expect(parse('{"model":"m","max_completion_tokens":9,"user":"ada"}')).toMatchObject({
      maxTokens: 9,
      user: 'ada',
    });
    expect(parse('{"model":"m","max_tokens":-1,"user":7}')).toMatchObject({ maxTokens: 0, user: undefined });
  });

  it('leaves nested content to the engine unless the whole body is needed, then refuses it as invalid_json', () => {
    const fields = parse('{"model":"m","messages":[{"role":"user",}]}');
    expect(fields.model).toBe('m');
    expect(() => fields.parsed).toThrow(expect.objectContaining({ code: 'invalid_json', status: 400 }));
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
