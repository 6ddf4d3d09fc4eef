import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createApiClient, type ApiClient } from '@hangar/api-client';

export const repoRoot = resolve(import.meta.dirname, '../..');
const bin = join(repoRoot, 'apps/cli/bin/hangar.js');

export const ADMIN_PASSWORD = 'e2e-admin-password';

/** A data directory for one scenario, removed at the end. */
export function makeHome(): { home: string; modelsDir: string; remove: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'hangar-e2e-'));
  const modelsDir = join(home, 'models');
  mkdirSync(modelsDir, { recursive: true });
  return { home, modelsDir, remove: () => rmSync(home, { recursive: true, force: true }) };
}

/** Copies a model file into the data directory's models/ (the default allowed directory). */
export function placeModel(modelsDir: string, source: string, name = basename(source)): string {
  const target = join(modelsDir, name);
  copyFileSync(source, target);
  return target;
}

export interface HangarProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends a signal and waits for the process to exit; resolves with its exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  admin: ApiClient;
  adminToken: string;
}

/** Runs `hangar serve` as a real process on a free port and waits until it listens. */
export async function startHangar(home: string, env: Record<string, string> = {}): Promise<HangarProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--home', home], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HANGAR_ADMIN_PASSWORD: ADMIN_PASSWORD,
      HANGAR_LOG_LEVEL: 'warn',
      HANGAR_RECONCILE_INTERVAL_MS: '500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`hangar serve did not start:\n${output}`)), 30_000);
    const check = (): void => {
      const match = /Hangar (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => reject(new Error(`hangar serve exited:\n${output}`)));
  });
  const adminToken = readFileSync(join(home, 'admin.token'), 'utf8').trim();
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    admin: createApiClient({ baseUrl: url, token: adminToken }),
    adminToken,
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `hangar` CLI as a user would, against `url`, with the data directory's local admin token. */
export function runCli(
  args: string[],
  options: { home: string; url: string; input?: string; env?: Record<string, string> },
): CliResult {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HANGAR_HOME: options.home,
      HANGAR_SERVER: options.url,
      ...options.env,
    },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
}

/** Waits until the deployment has `count` ready instances and returns them. */
export async function waitForReady(admin: ApiClient, deployment: string, count: number, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const view = await admin.getDeployment(deployment);
      const ready = view.instances.filter((instance) => instance.state === 'ready');
      return ready.length === count ? ready : undefined;
    },
    timeoutMs,
    `${count} ready instance(s) of ${deployment}`,
  );
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
