import { type CliIo, type InputStream, UsageError } from './cli-io.js';

/** Reads all of stdin and returns its lines (without line endings). */
export async function readStdinLines(stdin: InputStream): Promise<string[]> {
  let text = '';
  for await (const chunk of stdin)
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Prompts on stderr and reads one line from a terminal without echoing it (raw mode). Backspace edits;
 * Ctrl+C or Ctrl+D on an empty line cancels.
 */
export function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const input = io.stdin;
  if (!input.isTTY || !input.setRawMode) throw new UsageError('cannot prompt: stdin is not a terminal');
  const setRawMode = input.setRawMode.bind(input);
  io.stderr.write(prompt);
  setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (result: () => void) => {
      input.off('data', onData);
      setRawMode(false);
      input.pause();
      io.stderr.write('\n');
      result();
    };
    function onData(chunk: Buffer | string) {
      for (const character of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (character === '\r' || character === '\n') return finish(() => resolve(value));
        if (character === '\u0003' || (character === '\u0004' && value === '')) {
          return finish(() => reject(new UsageError('cancelled')));
        }
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else if (character >= ' ') value += character;
      }
    }
    input.on('data', onData);
  });
}

/**
 * Reads secrets: from stdin, one per line, when `fromStdin` or when stdin is not a terminal; otherwise by
 * prompting for each without echo.
 */
export async function readSecrets(
  io: CliIo,
  prompts: readonly string[],
  fromStdin: boolean,
): Promise<string[]> {
  if (fromStdin || !io.stdin.isTTY) {
    const lines = await readStdinLines(io.stdin);
    if (lines.length < prompts.length || lines.slice(0, prompts.length).some((line) => line === '')) {
      throw new UsageError(`expected ${prompts.length} non-empty line(s) on stdin`);
    }
    return lines.slice(0, prompts.length);
  }
  const secrets: string[] = [];
  for (const prompt of prompts) secrets.push(await promptHidden(io, prompt));
  return secrets;
}
