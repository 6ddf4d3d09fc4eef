import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '@hangar/core';
import { PortAllocator, Supervisor, isProcessAlive } from '@hangar/engines';
import { insertTestModel, openTempStore } from '../test-support/store-fixtures.js';
import { InstanceLauncher } from './instance-launcher.js';
import { Reconciler } from './reconciler.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function sleeper(env: Record<string, string>): number {
  const child = spawn('sleep', ['300'], {
    env: { ...env, PATH: process.env['PATH'] ?? '' },
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  cleanups.push(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  return child.pid!;
}

async function waitUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('Reconciler.recoverAfterRestart', () => {
  it('kills leftover engines that are provably ours, spares strangers, and resets instances to pending', async () => {
    const { store, dir } = openTempStore(cleanups);
    insertTestModel(store, 'm');
    store.deployments.insert({
      id: 'd',
      name: 'd',
      modelId: 'm',
      engine: 'llama-cpp',
      replicas: 2,
      state: 'stopped',
      options: {},
      createdAt: 1,
      updatedAt: 1,
    });
    const ours = sleeper({ HANGAR_INSTANCE_ID: 'd-0-aaaa' });
    // A process whose pid was recorded but that is not (or no longer) ours: pids are reused.
    const stranger = sleeper({ SOMETHING: 'else' });
    const row = {
      deploymentId: 'd',
      state: 'ready' as const,
      port: 39000,
      restarts: 0,
      startedAt: 1,
      readyAt: 1,
      lastError: null,
      updatedAt: 1,
    };
    store.instances.insert({ ...row, id: 'd-0-aaaa', ordinal: 0, pid: ours });
    store.instances.insert({ ...row, id: 'd-1-bbbb', ordinal: 1, pid: stranger });

    const logger = pino({ level: 'silent' });
    const supervisor = new Supervisor({
      logger,
      clock: systemClock,
      logsDir: join(dir, 'logs'),
      baseEnv: {},
      onStatus: () => undefined,
    });
    const launcher = new InstanceLauncher({
      store,
      ports: new PortAllocator(45000),
      engineLlamaEntry: '/none',
      simulatorEntry: '/none',
      nodePath: process.execPath,
      engineThreads: 1,
      workDir: join(dir, 'instances'),
      services: {
        ensureModelFiles: () => Promise.reject(new Error('not used')),
        engineExecutable: () => Promise.resolve(null),
        devicesFor: () => ({ vendor: 'cpu', indices: [], ids: [] }),
        devicesChosen: () => Promise.resolve(),
      },
    });
    const reconciler = new Reconciler({
      store,
      supervisor,
      launcher,
      clock: systemClock,
      logger,
      intervalMs: 1000,
      onRoutesChanged: () => undefined,
    });
    reconciler.recoverAfterRestart();

    await waitUntil(() => !isProcessAlive(ours));
    expect(isProcessAlive(ours)).toBe(false);
    expect(isProcessAlive(stranger)).toBe(true);
    expect(store.instances.list().map((instance) => [instance.state, instance.pid])).toEqual([
      ['pending', null],
      ['pending', null],
    ]);
  });
});
