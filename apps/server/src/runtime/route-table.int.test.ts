import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceStatus } from '@hangar/engines';
import { parseHardwareSpec } from '@hangar/planner';
import { insertTestModel, openTempStore } from '../test-support/store-fixtures.js';
import { InstanceCapacity } from './instance-capacity.js';
import { RouteTable } from './route-table.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function storeWithTwoReadyReplicas() {
  const { store } = openTempStore(cleanups);
  insertTestModel(store, 'm');
  store.deployments.insert({
    id: 'd',
    name: 'r1',
    modelId: 'm',
    engine: 'vllm',
    replicas: 2,
    state: 'running',
    options: {},
    createdAt: 1,
    updatedAt: 1,
  });
  const row = {
    deploymentId: 'd',
    state: 'ready' as const,
    pid: 1,
    restarts: 0,
    startedAt: 1,
    readyAt: 1,
    lastError: null,
    updatedAt: 1,
  };
  store.instances.insert({ ...row, id: 'r1-0', ordinal: 0, port: 39000 });
  store.instances.insert({ ...row, id: 'r1-1', ordinal: 1, port: 39001 });
  return store;
}

const ready = (port: number) => ({ state: 'ready', port, needsReasoningSplit: false }) as InstanceStatus;

describe('RouteTable weights', () => {
  it('weighs the replicas of a route by the devices they were placed on', () => {
    const store = storeWithTwoReadyReplicas();
    const devices = parseHardwareSpec('1xH100-80G+1xL40S-48G').flatMap((node, index) =>
      node.accelerators.map((device) => ({ ...device, id: `${index}-${device.id}` })),
    );
    const capacity = new InstanceCapacity(() => devices);
    const routes = new RouteTable(
      store,
      (id) => ready(id === 'r1-0' ? 39000 : 39001),
      (ids) => capacity.weightsFor(ids),
    );
    routes.rebuild();
    expect(routes.resolve('r1')?.weights).toBeUndefined();

    capacity.remember('r1-0', ['0-nvidia-0']);
    capacity.remember('r1-1', ['1-nvidia-0']);
    routes.rebuild();
    expect(routes.resolve('r1')?.upstreams.map((upstream) => upstream.instanceId)).toEqual(['r1-0', 'r1-1']);
    // 3,350 GB/s against 864 GB/s.
    expect(routes.resolve('r1')?.weights).toEqual({ 'r1-0': 3.88, 'r1-1': 1 });
  });
});
