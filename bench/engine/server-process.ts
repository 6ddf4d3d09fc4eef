import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** How to start one OpenAI-compatible server to measure. */
export interface TargetSpec {
  /** Short name used in the report (`llama-server`, `engine`, `node-llama-cpp`). */
  name: string;
  command: string;
  args: string[];
  port: number;
  /** Model name to send in requests. */
  model: string;
  /** Extra environment variables for the process. */
  env?: Record<string, string>;
}

/** A started target; {@link close} stops it. */
export interface RunningTarget {
  spec: TargetSpec;
  baseUrl: string;
  /** Process id, for CPU accounting. */
  pid: number;
  close(): Promise<void>;
}

/** Starts a target with its output in `logPath`, and waits until `GET /health` answers 200. */
export async function startTarget(
  spec: TargetSpec,
  logPath: string,
  timeoutMs: number,
): Promise<RunningTarget> {
  const log = createWriteStream(logPath);
  const child = spawn(spec.command, spec.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...spec.env },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const baseUrl = `http://127.0.0.1:${spec.port}`;
  const running: RunningTarget = { spec, baseUrl, pid: child.pid ?? 0, close: () => stopProcess(child) };
  try {
    await waitHealthy(baseUrl, child, timeoutMs);
  } catch (error) {
    await running.close();
    throw new Error(`${spec.name} did not become healthy (see ${logPath})`, { cause: error });
  }
  return running;
}

async function waitHealthy(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const status = await fetch(`${baseUrl}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not healthy after ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
