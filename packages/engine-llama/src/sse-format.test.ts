import { describe, expect, it } from 'vitest';
import { ChatChunkFormatter, CompletionChunkFormatter, sseDone, sseEvent } from './sse-format.js';

const identity = { id: 'chatcmpl-1', created: 1700000000, model: 'tiny "q"' };

function payload(event: string): unknown {
  expect(event.startsWith('data: ')).toBe(true);
  expect(event.endsWith('\n\n')).toBe(true);
  return JSON.parse(event.slice('data: '.length));
}

describe('ChatChunkFormatter', () => {
  const formatter = new ChatChunkFormatter(identity);
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'tiny "q"' };

  it('formats content deltas exactly like JSON.stringify of the chunk', () => {
    const text = 'Hé said "hi"\n\t\u0001';
    const expected = { ...base, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] };
    expect(formatter.content(text)).toBe(sseEvent(expected));
  });

  it('formats the role, reasoning and finish events', () => {
    expect(payload(formatter.role())).toEqual({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    expect(payload(formatter.reasoning('hmm'))).toEqual({
      ...base,
      choices: [{ index: 0, delta: { reasoning_content: 'hmm' }, finish_reason: null }],
    });
    expect(payload(formatter.finish('length'))).toEqual({
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: 'length' }],
    });
  });

  it('formats the usage event with no choices', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    expect(payload(formatter.usage(usage))).toEqual({ ...base, choices: [], usage });
  });
});

describe('CompletionChunkFormatter', () => {
  it('formats text and finish events', () => {
    const formatter = new CompletionChunkFormatter({ ...identity, id: 'cmpl-1' });
    const base = { id: 'cmpl-1', object: 'text_completion', created: 1700000000, model: 'tiny "q"' };
    expect(payload(formatter.text('Once'))).toEqual({
      ...base,
      choices: [{ index: 0, text: 'Once', finish_reason: null }],
    });
    expect(payload(formatter.finish('stop'))).toEqual({
      ...base,
      choices: [{ index: 0, text: '', finish_reason: 'stop' }],
    });
  });
});

describe('sseDone', () => {
  it('is the OpenAI terminator', () => {
    expect(sseDone).toBe('data: [DONE]\n\n');
  });
});
