import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment } from '@hangar/core';
import type { Accelerator, Inventory } from '@hangar/inventory';
import { findCatalogModel } from '@hangar/planner';
import { openTempStore } from '../test-support/store-fixtures.js';
import { PlanningService } from './planning.service.js';

const GIB = 1024 ** 3;
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

function gpu(index: number, model = 'NVIDIA L40S'): Accelerator {
  return {
    id: `nvidia-${index}`,
    vendor: 'nvidia',
    model,
    index,
    uuid: null,
    memoryTotalBytes: 45 * GIB,
    memoryUsedBytes: 0,
    memoryFreeBytes: 45 * GIB,
    utilizationPercent: 0,
    temperatureC: null,
    powerW: null,
    busId: null,
    driverVersion: null,
    firmwareVersion: null,
    health: null,
    computeCapability: '8.9',
    mig: null,
    capabilities: { engines: ['vllm'], precisions: ['bf16'] },
  };
}

function setup(accelerators: Accelerator[]) {
  const { store } = openTempStore(cleanups);
  const inventory: { current: () => Inventory } = {
    current: () => ({
      name: 'node-a',
      host: {
        cpuModel: null,
        logicalCpus: 8,
        physicalCores: 8,
        sockets: 1,
        hasAvx2: true,
        hasAvx512: false,
        flags: [],
        memoryTotalBytes: 64 * GIB,
        memoryAvailableBytes: 60 * GIB,
      },
      accelerators,
      problems: [],
      detectedAt: 0,
    }),
  };
  const planning = new PlanningService(store, inventory);
  const catalog = findCatalogModel('deepseek-r1-distill-qwen-1.5b')!;
  const { plan } = planning.planCatalogModel(catalog, 'vllm', 8192, 8);
  const deployment = (options: Deployment['options']): Deployment => ({
    id: 'd',
    name: 'r1',
    modelId: 'm',
    engine: 'vllm',
    replicas: 2,
    state: 'running',
    options,
    createdAt: 0,
    updatedAt: 0,
  });
  return { planning, plan, deployment };
}

describe("placement of a deployment's replicas", () => {
  it('spreads replicas over devices on request', () => {
    const { planning, plan, deployment } = setup([gpu(0), gpu(1)]);
    const spread = [0, 1].map(
      (ordinal) => planning.devicesFor(deployment({ placement: { strategy: 'spread' } }), ordinal, plan).ids,
    );
    expect(spread.map((ids) => ids.length)).toEqual([1, 1]);
    expect(new Set(spread.flat()).size).toBe(2);
  });

  it('refuses a device model that is not here, with the reason', () => {
    const { planning, plan, deployment } = setup([gpu(0), gpu(1)]);
    expect(() =>
      planning.checkPlacement(deployment({ placement: { deviceModel: 'NVIDIA H100 80GB HBM3' } }), plan, 1),
    ).toThrow(/do not fit/);
  });

  it('re-places a replica whose device disappeared, and fails with the reason when nothing is left', () => {
    const devices = [gpu(0), gpu(1)];
    const { planning, plan, deployment } = setup(devices);
    const first = planning.devicesFor(deployment({ placement: { strategy: 'spread' } }), 0, plan);
    devices.splice(
      devices.findIndex((device) => device.id === first.ids[0]),
      1,
    );
    const again = planning.devicesFor(deployment({ placement: { strategy: 'spread' } }), 0, plan);
    expect(again.ids).toHaveLength(1);
    expect(again.ids[0]).not.toBe(first.ids[0]);
    devices.splice(0, devices.length);
    expect(() => planning.devicesFor(deployment({}), 0, plan)).toThrow(/fits on no device now/);
  });
});
