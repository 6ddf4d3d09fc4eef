import type { ChatCompletionChunk } from '@hangar/contracts';
import { describe, expect, it } from 'vitest';
import { createChatRenderer } from './chat-renderer.js';

const chunk = (delta: ChatCompletionChunk['choices'][number]['delta']): ChatCompletionChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: null }],
});

function render(isColor: boolean, ...deltas: ChatCompletionChunk['choices'][number]['delta'][]) {
  let output = '';
  const renderer = createChatRenderer((text) => (output += text), isColor);
  for (const delta of deltas) renderer.write(chunk(delta));
  const answer = renderer.end();
  return { output, answer };
}

describe('createChatRenderer', () => {
  it('prints a plain answer and ends it with a newline', () => {
    expect(render(false, { role: 'assistant' }, { content: 'Hello' }, { content: ' there' })).toEqual({
      output: 'Hello there\n',
      answer: 'Hello there',
    });
  });

  it('puts reasoning in a thinking section apart from the answer', () => {
    expect(
      render(
        false,
        { reasoning_content: 'Let me' },
        { reasoning_content: ' think.' },
        { content: '\n\n' },
        { content: 'Four.' },
      ),
    ).toEqual({ output: '[thinking]\nLet me think.\n[answer]\nFour.\n', answer: 'Four.' });
  });

  it('dims the reasoning on a terminal', () => {
    const { output } = render(true, { reasoning_content: 'hm' }, { content: 'ok' });
    expect(output).toBe('[thinking]\n\u001b[2mhm\u001b[0m\n[answer]\nok\n');
  });

  it('resets the colour when the answer ends while still thinking', () => {
    expect(render(true, { reasoning_content: 'hm' }).output).toBe('[thinking]\n\u001b[2mhm\u001b[0m\n');
  });
});
