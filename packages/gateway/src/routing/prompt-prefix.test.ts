import { expect, it } from 'vitest';
import { promptPrefixOf } from './prompt-prefix.js';

it.each([
  [
    {
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    },
    'system:be brief\n',
  ],
  [
    {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url' }, { text: 'b' }] },
      ],
    },
    'user:ab\n',
  ],
  [{ prompt: 'once upon' }, 'once upon'],
  [{ prompt: ['first', 'second'] }, 'first'],
  [{ prompt: [1, 2, 3] }, ''],
  [
    {
      messages: [
        { role: 'system', content: 'x'.repeat(50) },
        { role: 'user', content: 'tail' },
      ],
    },
    `system:${'x'.repeat(9)}`,
  ],
])('%j -> %j', (body, expected) => {
  expect(promptPrefixOf(body, 16)).toBe(expected);
});
