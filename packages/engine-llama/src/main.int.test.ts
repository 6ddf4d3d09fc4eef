import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEngineArgs } from './engine-args.js';
import { stories260KPath } from './test-model.js';

// Spawns the built entry (`npx tsc -b packages/engine-llama` first; `npm run test:integration` builds).
const mainPath = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): { child: ChildProcess; exited: Promise<Exited> } {
  const child = spawn(process.execPath, [mainPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, exited };
}

function logEvents(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

describe('engine-llama main', () => {
  it('exits 2 with a message on bad arguments', async () => {
    const { code, stderr } = await run(['--port', 'x']).exited;
    expect(code).toBe(2);
    expect(stderr).toContain('--model is required');
    expect(stderr).toContain('--port must be an integer');
  });

  it('exits non-zero with a clear message when the model cannot load', async () => {
    const { code, stderr } = await run(buildEngineArgs({ modelPath: '/nonexistent/model.gguf', port: 0 }))
      .exited;
    expect(code).toBe(1);
    expect(stderr).toContain('cannot load model /nonexistent/model.gguf');
  });

  it('loads, serves, and exits 0 on SIGTERM after disposing the model', async () => {
    const { child, exited } = run(
      buildEngineArgs({ modelPath: stories260KPath(), port: 0, modelName: 'tiny' }),
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (!output.includes('"model-loaded"')) await once(child.stdout!, 'data');
    child.kill('SIGTERM');
    const { code, stdout } = await exited;
    expect(code).toBe(0);
    expect(logEvents(stdout)).toEqual(
      expect.arrayContaining(['engine-start', 'model-loaded', 'engine-stop']),
    );
  });
});
