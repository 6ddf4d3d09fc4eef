import { isRecord } from '../usage.js';

/** Characters of prompt text that make the affinity key: about 256 tokens, typically a system prompt. */
export const DEFAULT_PREFIX_BLOCK_CHARS = 1024;

/**
 * The first `blockChars` characters of a request's prompt: the messages' roles and text in order (chat), or
 * the prompt (completions). Requests sharing a system prompt longer than a block get the same key.
 */
export function promptPrefixOf(
  body: Record<string, unknown>,
  blockChars = DEFAULT_PREFIX_BLOCK_CHARS,
): string {
  let text = '';
  const messages = body.messages;
  if (Array.isArray(messages)) {
    for (const message of messages) {
      if (!isRecord(message)) continue;
      text += `${typeof message.role === 'string' ? message.role : ''}:${contentText(message.content)}\n`;
      if (text.length >= blockChars) break;
    }
  } else {
    const prompt = body.prompt;
    if (typeof prompt === 'string') text = prompt;
    else if (Array.isArray(prompt) && typeof prompt[0] === 'string') text = prompt[0];
  }
  return text.length > blockChars ? text.slice(0, blockChars) : text;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (isRecord(part) && typeof part.text === 'string') text += part.text;
  }
  return text;
}
