import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '@hangar/config';
import type { DeviceInstanceView, NodeView } from '@hangar/contracts';
import { startHangarServer, type HangarServer } from '../server.js';

const STORIES_260K = resolve(
  fileURLToPath(import.meta.url),
  '../../../../../../shared/models/stories260K.gguf',
);

const running: { server: HangarServer; home: string }[] = [];
afterEach(async () => {
  for (const { server, home } of running.splice(0)) {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
});

async function start() {
  const home = mkdtempSync(join(tmpdir(), 'hangar-placed-'));
  const server = await startHangarServer({
    config: loadServerConfig({
      HANGAR_HOME: home,
      HANGAR_PORT: '0',
      HANGAR_SIMULATED_ACCELERATORS: '2xL40S-48G',
      HANGAR_MODEL_DIRS: dirname(STORIES_260K),
    }),
    logger: pino({ level: 'silent' }),
    engineEnv: {},
    announce: () => undefined,
  });
  running.push({ server, home });
  const token = readFileSync(join(home, 'admin.token'), 'utf8').trim();
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return { call };
}

/** Each simulated device's placed instances, by device id. */
async function placedOnSimulatedDevices(
  call: Awaited<ReturnType<typeof start>>['call'],
): Promise<Map<string, DeviceInstanceView[] | undefined>> {
  const nodes = (await call<{ data: NodeView[] }>('GET', '/api/nodes')).body.data;
  return new Map(
    nodes
      .flatMap((node) => node.accelerators)
      .filter((device) => device.id.startsWith('simulated-'))
      .map((device) => [device.id, device.instances]),
  );
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('GET /api/nodes: the instances on each device', () => {
  it("shows a spread deployment's replicas on the simulated GPUs they were placed on, and forgets them on delete", async () => {
    const { call } = await start();
    expect((await call('POST', '/api/models', { path: STORIES_260K, name: 'tiny' })).status).toBe(201);
    const before = await placedOnSimulatedDevices(call);
    expect([...before.values()]).toEqual([[], []]);

    // The what-if answers for the pinned device model, as the deployment will be planned.
    const whatIf = await call<{ ok: boolean; plan?: { device: { model: string } } }>('POST', '/api/plans', {
      model: 'tiny',
      engine: 'simulator',
      deviceModel: 'NVIDIA L40S (simulated)',
    });
    expect(whatIf.body.plan?.device.model).toBe('NVIDIA L40S (simulated)');

    // A device model that is not here is refused before anything starts, naming the devices that are.
    const elsewhere = await call<{ error: { code: string; message: string } }>('POST', '/api/deployments', {
      model: 'tiny',
      engine: 'simulator',
      options: { placement: { deviceModel: 'NVIDIA H100 80GB HBM3' } },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe('no_matching_accelerator');
    expect(elsewhere.body.error.message).toMatch(/NVIDIA L40S \(simulated\)/);

    const created = await call<{ error?: { message: string } }>('POST', '/api/deployments', {
      model: 'tiny',
      name: 'tiny-spread',
      engine: 'simulator',
      replicas: 2,
      options: { placement: { strategy: 'spread', deviceModel: 'NVIDIA L40S (simulated)' } },
    });
    expect(created.status, created.body.error?.message).toBe(201);

    const placed = await waitFor(async () => {
      const devices = await placedOnSimulatedDevices(call);
      const all = [...devices.values()].flatMap((instances) => instances ?? []);
      return all.length === 2 ? devices : undefined;
    }, 'both replicas to be placed');
    // Spread: one replica on each device, named by deployment and ordinal, with its instance id.
    const rows = [...placed.values()].map((instances) => instances ?? []);
    expect(rows.map((instances) => instances.length)).toEqual([1, 1]);
    expect(rows.flat().map(({ deployment, ordinal }) => ({ deployment, ordinal }))).toEqual(
      expect.arrayContaining([
        { deployment: 'tiny-spread', ordinal: 0 },
        { deployment: 'tiny-spread', ordinal: 1 },
      ]),
    );
    const instanceIds = (await call<{ data: { id: string }[] }>('GET', '/api/instances')).body.data.map(
      (instance) => instance.id,
    );
    expect(
      rows
        .flat()
        .map((instance) => instance.instanceId)
        .sort(),
    ).toEqual([...instanceIds].sort());

    expect((await call('DELETE', '/api/deployments/tiny-spread')).status).toBe(204);
    await waitFor(async () => {
      const devices = await placedOnSimulatedDevices(call);
      return [...devices.values()].every((instances) => instances?.length === 0) ? true : undefined;
    }, 'the deleted deployment to leave the devices');
  });
});

describe('GET /api/nodes: the embedded engine', () => {
  it('shows an embedded-engine instance on the CPU device (it is never placed on an accelerator)', async () => {
    const { call } = await start();
    expect((await call('POST', '/api/models', { path: STORIES_260K, name: 'tiny' })).status).toBe(201);
    const created = await call('POST', '/api/deployments', {
      model: 'tiny',
      name: 'tiny-cpu',
      engine: 'llama-cpp',
      options: { threads: 1, contextTokens: 256 },
    });
    expect(created.status).toBe(201);
    const cpu = await waitFor(async () => {
      const nodes = (await call<{ data: NodeView[] }>('GET', '/api/nodes')).body.data;
      const device = nodes.flatMap((node) => node.accelerators).find((each) => each.vendor === 'cpu');
      return device?.instances?.length ? device : undefined;
    }, 'the embedded instance on the CPU');
    expect(cpu.instances?.map(({ deployment, ordinal }) => ({ deployment, ordinal }))).toEqual([
      { deployment: 'tiny-cpu', ordinal: 0 },
    ]);
    const simulated = await placedOnSimulatedDevices(call);
    expect([...simulated.values()]).toEqual([[], []]);
  });
});
