import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '@hangar/core';
import { isProcessAlive } from './process-group.js';
import { PortAllocator } from './port-allocator.js';
import { Supervisor, type InstanceStatus, type SupervisorEvent } from './supervisor.js';

// A stand-in engine: answers /health after a short delay, prints a line, and starts a grandchild that must die
// with it. It writes the grandchild's pid to a file so the test can check it.
const FAKE_ENGINE = `
const http = require('node:http');
const { spawn } = require('node:child_process');
const port = Number(process.argv[2]);
const grandchild = spawn('sleep', ['1000'], { stdio: 'ignore' });
require('node:fs').writeFileSync(process.argv[3], String(grandchild.pid));
let ready = false;
setTimeout(() => { ready = true; console.log('engine ready on ' + port); }, 100);
http.createServer((req, res) => { res.statusCode = ready ? 200 : 503; res.end(); }).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-supervisor-'));
  const script = join(dir, 'engine.cjs');
  writeFileSync(script, FAKE_ENGINE);
  const statuses: InstanceStatus[] = [];
  const events: SupervisorEvent[] = [];
  const ports = new PortAllocator(41000 + Math.floor(Math.random() * 2000));
  const supervisor = new Supervisor({
    logger: pino({ level: 'silent' }),
    clock: systemClock,
    logsDir: join(dir, 'logs'),
    baseEnv: { PATH: process.env['PATH'] },
    onStatus: (status, event) => {
      statuses.push(status);
      if (event) events.push(event);
    },
    healthPollMs: 50,
    livenessPollMs: 200,
    stopGraceMs: 2000,
  });
  cleanups.push(
    () => supervisor.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  const grandchildFile = join(dir, 'grandchild.pid');
  const start = (id: string) =>
    supervisor.start(
      id,
      async () => {
        const port = await ports.allocate();
        return {
          command: process.execPath,
          args: [script, String(port), grandchildFile],
          env: {},
          port,
          healthPath: '/health',
          startTimeoutMs: 10_000,
          needsReasoningSplit: false,
        };
      },
      (spec) => ports.release(spec.port),
    );
  return { supervisor, statuses, events, start, grandchildFile };
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Supervisor', () => {
  it('starts an engine, waits for health, and keeps its output', async () => {
    const { supervisor, events, start } = setup();
    start('i-1');
    await waitFor(() => supervisor.status('i-1')?.state === 'ready');
    expect(events.map((event) => event.type)).toEqual(['instance-start', 'instance-ready']);
    await waitFor(() => supervisor.logs('i-1', 10).some((line) => line.startsWith('engine ready on')));
  });

  it('restarts a killed engine with backoff and counts the restart', async () => {
    const { supervisor, start, events } = setup();
    start('i-2');
    await waitFor(() => supervisor.status('i-2')?.state === 'ready');
    const firstPid = supervisor.status('i-2')!.pid!;
    process.kill(firstPid, 'SIGKILL');
    await waitFor(() => supervisor.status('i-2')?.state === 'failed');
    await waitFor(() => supervisor.status('i-2')?.state === 'ready');
    const status = supervisor.status('i-2')!;
    expect(status.restarts).toBe(1);
    expect(status.pid).not.toBe(firstPid);
    expect(status.lastError).toMatch(/killed by SIGKILL/);
    expect(events.map((event) => event.type)).toContain('instance-restart');
  });

  it('stops the whole process group, grandchildren included', async () => {
    const { supervisor, start, grandchildFile } = setup();
    start('i-3');
    await waitFor(() => supervisor.status('i-3')?.state === 'ready');
    const { readFileSync } = await import('node:fs');
    const pid = supervisor.status('i-3')!.pid!;
    const grandchild = Number(readFileSync(grandchildFile, 'utf8'));
    expect(isProcessAlive(grandchild)).toBe(true);
    await supervisor.stop('i-3');
    expect(supervisor.isSupervised('i-3')).toBe(false);
    await waitFor(() => !isProcessAlive(pid) && !isProcessAlive(grandchild));
    // Logs outlive the process: read back from the log file.
    expect(supervisor.logs('i-3', 5).join('\n')).toContain('engine ready on');
  });
});
