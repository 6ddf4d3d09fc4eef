import type { FetchFunction } from '@hangar/api-client';

/** A readable terminal-ish stream: `process.stdin` or a test's PassThrough. */
export type InputStream = NodeJS.ReadableStream & {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
};
/** A writable terminal-ish stream: `process.stdout` or a test's PassThrough. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/** Everything the CLI touches outside itself, so `main()` can run inside a test. */
export interface CliIo {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Environment for the config loader; `undefined` lets the loader use the process environment. */
  env: Readonly<Record<string, string | undefined>> | undefined;
  /** `fetch` for the API client (defaults to the global one). */
  fetch: FetchFunction | undefined;
  /** Waits between polls (`--wait`, `--follow`); resolves early when `signal` aborts. */
  sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

/** Thrown for a wrong invocation (bad argument value, missing input): exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The real process's streams. */
export function processIo(overrides: Partial<CliIo> = {}): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: undefined,
    fetch: undefined,
    sleep,
    ...overrides,
  };
}

/** Writes one line. */
export function writeLine(stream: OutputStream, text = ''): void {
  stream.write(`${text}\n`);
}

/** Ends the command with `exitCode` after it has already reported what went wrong. */
export class ExitCodeError extends Error {
  readonly exitCode: number;

  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitCodeError';
    this.exitCode = exitCode;
  }
}
