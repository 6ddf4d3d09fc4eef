import type { ApiClient } from '@hangar/api-client';
import type { ChatMessage } from '@hangar/contracts';
import { createInterface } from 'node:readline';
import { type CliIo, writeLine } from '../cli-io.js';
import { createChatRenderer } from './chat-renderer.js';

export interface ChatOptions {
  model: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
}

interface Turn {
  client: ApiClient;
  io: CliIo;
  options: ChatOptions;
  history: ChatMessage[];
  signal: AbortSignal;
}

/** Streams one answer to stdout; on success the exchange joins the history. Returns false on an error. */
async function answerTurn({ client, io, options, history, signal }: Turn, text: string): Promise<boolean> {
  const renderer = createChatRenderer((output) => io.stdout.write(output), io.stdout.isTTY === true);
  const messages: ChatMessage[] = [...history, { role: 'user', content: text }];
  try {
    const request = {
      model: options.model,
      messages,
      temperature: options.temperature,
      max_tokens: options.maxTokens,
    };
    for await (const chunk of client.streamChat(request, signal)) renderer.write(chunk);
    // The reasoning is not sent back: DeepSeek's chat format drops earlier turns' reasoning.
    history.push({ role: 'user', content: text }, { role: 'assistant', content: renderer.end() });
    return true;
  } catch (error) {
    renderer.end();
    if (signal.aborted) {
      writeLine(io.stderr, '[answer stopped]');
      return true;
    }
    writeLine(io.stderr, `error: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * Runs a chat: on a terminal, an interactive prompt (Ctrl+C stops the current answer, Ctrl+D or `/exit`
 * quits, `/reset` forgets the conversation); otherwise one turn per stdin line. Returns the exit status:
 * 1 when a turn failed in non-interactive use.
 */
export async function runChat(client: ApiClient, io: CliIo, options: ChatOptions): Promise<number> {
  const isInteractive = io.stdin.isTTY === true;
  const initialHistory = (): ChatMessage[] =>
    options.system ? [{ role: 'system', content: options.system }] : [];
  let history = initialHistory();
  let answering: AbortController | null = null;
  let failures = 0;
  const lines = createInterface({
    input: io.stdin,
    output: isInteractive ? io.stdout : undefined,
    terminal: isInteractive,
  });
  lines.setPrompt('> ');
  lines.on('SIGINT', () => (answering ? answering.abort() : lines.close()));
  if (isInteractive) {
    writeLine(
      io.stdout,
      `Chatting with ${options.model}. Ctrl+C stops an answer, Ctrl+D or /exit quits, /reset starts over.`,
    );
  }
  const iterator = lines[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (isInteractive) lines.prompt();
      const next = await iterator.next();
      if (next.done) break;
      const text = next.value.trim();
      if (text === '') continue;
      if (text === '/exit' || text === '/quit') break;
      if (text === '/reset') {
        history = initialHistory();
        if (isInteractive) writeLine(io.stdout, '(conversation cleared)');
        continue;
      }
      answering = new AbortController();
      const isAnswered = await answerTurn({ client, io, options, history, signal: answering.signal }, text);
      answering = null;
      if (!isAnswered) failures += 1;
    }
  } finally {
    lines.close();
  }
  if (isInteractive) writeLine(io.stdout);
  return !isInteractive && failures > 0 ? 1 : 0;
}
