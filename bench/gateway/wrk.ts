import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JSON_BODY, type LoadTarget } from './load.js';

const run = promisify(execFile);

/** What one wrk run measured. */
export interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers plus socket errors. */
  errors: number;
}

/** wrk's binary when installed (Debian: `apt-get install -y wrk`), else `undefined`. */
export function findWrk(): string | undefined {
  return ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((path) => existsSync(path));
}

/**
 * Max requests/s with wrk (C, one thread, `concurrency` keep-alive connections): it needs a fraction of the
 * CPU the Node client needs for the same rate, which on a 2-core machine leaves the targets the CPU they would
 * otherwise share with the load generator.
 */
export async function runWrk(
  binary: string,
  target: LoadTarget,
  options: { concurrency: number; durationMs: number; dir: string },
): Promise<WrkResult> {
  const script = join(options.dir, `wrk-${target.name}.lua`);
  const headers = { ...target.headers, 'content-type': 'application/json' };
  await writeFile(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${JSON.stringify(JSON_BODY)}`,
      ...Object.entries(headers).map(
        ([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`,
      ),
    ].join('\n'),
  );
  const { stdout } = await run(binary, [
    '-t1',
    `-c${options.concurrency}`,
    `-d${Math.max(1, Math.round(options.durationMs / 1000))}s`,
    '--latency',
    '-s',
    script,
    `${target.baseUrl}/v1/chat/completions`,
  ]);
  return parseWrk(stdout);
}

/** Reads wrk's text report (`--latency`). */
export function parseWrk(text: string): WrkResult {
  const percentile = (label: string): number => {
    const match = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(text);
    if (match === null) return Number.NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const number = (pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: percentile('50'),
    p99Ms: percentile('99'),
    errors:
      number(/Non-2xx or 3xx responses: (\d+)/) +
      (socketErrors === null ? 0 : socketErrors.slice(1).reduce((sum, value) => sum + Number(value), 0)),
  };
}
