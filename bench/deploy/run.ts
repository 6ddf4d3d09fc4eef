/**
 * Time from `hangar deploy` to the first streamed token, on a cached small model.
 *
 * Peer, measured alternately in the same run: the same embedded engine started directly (node + main.js with the same
 * flags) and asked the same streamed request. The difference is what Hangar adds: the admin API, planning and
 * placement, the reconciler, the supervisor's health wait, and the gateway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testModelPath } from '@hangar/testing';

// Compiled to bench/dist/deploy/run.js.
const root = resolve(import.meta.dirname, '../../..');
const rounds = Number(process.env['ROUNDS'] ?? 5);
const engineFlags = ['--threads', '1', '--parallel', '1', '--context', '256'];

async function firstToken(
  url: string,
  headers: Record<string, string>,
  model: string,
  deadlineMs: number,
): Promise<number> {
  for (;;) {
    try {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          messages: [{ role: 'user', content: 'Hi' }],
          max_tokens: 8,
          stream: true,
        }),
      });
      if (response.ok && response.body) {
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let text = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value as Uint8Array, { stream: true });
          if (/"content":"[^"]/.test(text)) {
            const at = performance.now();
            await reader.cancel();
            return at;
          }
        }
      } else {
        await response.body?.cancel();
      }
    } catch {
      // not listening yet
    }
    if (performance.now() > deadlineMs) throw new Error('no token before the deadline');
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 10));
  }
}

async function startServer(home: string): Promise<{ url: string; child: ChildProcess; token: string }> {
  const child = spawn(
    process.execPath,
    [join(root, 'apps/cli/bin/hangar.js'), 'serve', '--port', '0', '--home', home],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        HANGAR_ADMIN_PASSWORD: 'bench-password',
        HANGAR_LOG_LEVEL: 'warn',
        HANGAR_RECONCILE_INTERVAL_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolveUrl) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Hangar (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
  });
  return { url, child, token: readFileSync(join(home, 'admin.token'), 'utf8').trim() };
}

async function viaHangar(server: { url: string; token: string }, round: number): Promise<number> {
  const headers = { authorization: `Bearer ${server.token}` };
  const name = `bench-${round}`;
  const started = performance.now();
  const response = await fetch(`${server.url}/api/deployments`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'model',
      name,
      replicas: 1,
      options: { threads: 1, parallelSequences: 1, contextTokens: 256 },
    }),
  });
  if (response.status !== 201) throw new Error(`deploy failed: ${response.status} ${await response.text()}`);
  const token = await firstToken(server.url, headers, name, started + 60_000);
  await fetch(`${server.url}/api/deployments/${name}`, { method: 'DELETE', headers });
  return token - started;
}

async function direct(modelPath: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(root, 'packages/engine-llama/dist/main.js'),
      '--model',
      modelPath,
      '--model-name',
      'm',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...engineFlags,
    ],
    { stdio: 'ignore' },
  );
  try {
    return (await firstToken(`http://127.0.0.1:${port}`, {}, 'm', started + 60_000)) - started;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolveExit) => child.once('exit', resolveExit));
  }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const home = mkdtempSync(join(tmpdir(), 'hangar-bench-deploy-'));
mkdirSync(join(home, 'models'), { recursive: true });
const modelPath = join(home, 'models', 'model.gguf');
copyFileSync(await testModelPath(), modelPath);
const server = await startServer(home);
try {
  await fetch(`${server.url}/api/models`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ path: modelPath, name: 'model' }),
  });
  const hangar: number[] = [];
  const peer: number[] = [];
  for (let round = 0; round < rounds; round++) {
    hangar.push(await viaHangar(server, round));
    peer.push(await direct(modelPath, 38_900 + round));
  }
  const report = [
    `# deploy -> first streamed token (${rounds} rounds, alternating; model ${modelPath.split('/').pop()} cached)`,
    '',
    '| path | median ms | min | max |',
    '|---|---:|---:|---:|',
    `| hangar deploy -> first token through the gateway | ${median(hangar).toFixed(0)} | ${Math.min(...hangar).toFixed(0)} | ${Math.max(...hangar).toFixed(0)} |`,
    `| engine started directly -> first token | ${median(peer).toFixed(0)} | ${Math.min(...peer).toFixed(0)} | ${Math.max(...peer).toFixed(0)} |`,
    '',
    `Hangar adds ${(median(hangar) - median(peer)).toFixed(0)} ms at the median (${(median(hangar) / median(peer)).toFixed(2)}x the direct start).`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results', `deploy-${new Date().toISOString().replace(/[:.]/g, '-')}.md`),
    `${report}\n`,
  );
} finally {
  server.child.kill('SIGTERM');
  await new Promise((resolveExit) => server.child.once('exit', resolveExit));
  rmSync(home, { recursive: true, force: true });
}
