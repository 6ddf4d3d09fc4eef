import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** What a command printed and how it ended. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a vendor tool. Resolves with its exit code and output; rejects with an error whose `code` is `ENOENT`
 * when the tool is not installed (which detection reads as "this vendor is absent").
 */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

/** Reads a text file such as `/proc/cpuinfo`. */
export type TextFileReader = (path: string) => Promise<string>;

export interface CommandRunnerOptions {
  /** A tool that hangs (a wedged driver) is killed after this long. Default 10 s. */
  timeoutMs?: number;
  /** Output beyond this many bytes is an error. Default 4 MiB. */
  maxBufferBytes?: number;
}

/** The real runner: `execFile` (no shell) with a timeout. */
export function createCommandRunner(options: CommandRunnerOptions = {}): CommandRunner {
  const timeout = options.timeoutMs ?? 10_000;
  const maxBuffer = options.maxBufferBytes ?? 4 * 1024 * 1024;
  return (command, args) =>
    new Promise((resolve, reject) => {
      execFile(command, [...args], { timeout, maxBuffer, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error === null) {
          resolve({ exitCode: 0, stdout, stderr });
          return;
        }
        if (error.code === 'ENOENT') {
          reject(Object.assign(new Error(`${command}: not installed`), { code: 'ENOENT' }));
          return;
        }
        const exitCode = typeof error.code === 'number' ? error.code : error.killed ? 124 : 1;
        resolve({ exitCode, stdout, stderr: stderr === '' ? error.message : stderr });
      });
    });
}

/** The real file reader (UTF-8). */
export const readTextFile: TextFileReader = (path) => readFile(path, 'utf8');

/** True when a runner error means "the tool is not installed". */
export function isCommandMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
