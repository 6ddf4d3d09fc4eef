import { describe, expect, it } from 'vitest';
import { MalformedJsonError, scanJsonFields } from './scan-json-fields.js';

const WANTED = new Set(['model', 'stream', 'stream_options', 'max_tokens', 'user', 'wanted key "quoted"']);

function scan(text: string): Record<string, unknown> {
  return Object.fromEntries(scanJsonFields(Buffer.from(text, 'utf8'), WANTED));
}

/** What `JSON.parse` says about the wanted keys: the scanner must agree. */
function expected(text: string): Record<string, unknown> {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => WANTED.has(key)));
}

describe('scanJsonFields', () => {
  it.each([
    '{}',
    ' \n{ }\t',
    '{"model":"m"}',
    '{"messages":[{"role":"user","content":"a } ] { [ \\" \\\\"}],"model":"m","stream":true}',
    '{"model":"m\\u00e9\\n","user":"名前","max_tokens":16,"stream_options":{"include_usage":true}}',
    '{"model":"first","model":"last"}',
    '{ "model" : "m" , "stream" : false , "max_tokens" : 1.5e3 , "user" : null }',
    '{"tools":[[],{},[{"a":[1,2,{"b":"}"}]}]],"temperature":-0.2,"logprobs":true,"model":"m"}',
    '{"wanted key \\"quoted\\"":1,"stop":["\\\\","\\\\\\""]}',
    '{"prompt":"ends with a backslash \\\\","model":"m"}',
  ])('agrees with JSON.parse on %s', (text) => {
    expect(scan(text)).toEqual(expected(text));
  });

  it('reads the wanted keys of a large prompt', () => {
    const messages = Array.from({ length: 200 }, (_, index) => ({
      role: index % 2 === 0 ? 'user' : 'assistant',
      content: `message ${index}: {"not":"a key"} [${'x'.repeat(200)}] \\ "quoted"`,
    }));
    const text = JSON.stringify({ messages, model: 'deepseek-r1', stream: true, max_tokens: 512 });
    expect(scan(text)).toEqual({ model: 'deepseek-r1', stream: true, max_tokens: 512 });
  });

  it.each([
    '',
    '[1]',
    '"model"',
    '{"model":',
    '{"model":"m"',
    '{"model":"m",}',
    '{"model" "m"}',
    '{model:"m"}',
    '{"model":"m"} trailing',
    '{"messages":[{"role":"user"]}',
    '{"messages":"unterminated}',
    '{"a":,"model":"m"}',
  ])('refuses %j', (text) => {
    expect(() => scan(text)).toThrow(MalformedJsonError);
  });

  it('refuses a malformed wanted value with a SyntaxError', () => {
    expect(() => scan('{"max_tokens":12abc}')).toThrow(SyntaxError);
  });
});
