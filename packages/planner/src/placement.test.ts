import { describe, expect, it } from 'vitest';
import { placeInstances, type PlacementRequest } from './placement.js';
import type { PlannerNode } from './types.js';

const GIB = 1024 ** 3;

function node(name: string, gpus: number, gib = 80, labels: Record<string, string> = {}): PlannerNode {
  return {
    name,
    labels,
    accelerators: Array.from({ length: gpus }, (_, index) => ({
      id: `nvidia-${index}`,
      vendor: 'nvidia',
      model: 'NVIDIA H100',
      memoryTotalBytes: gib * GIB,
    })),
  };
}

function request(
  deploymentId: string,
  replicas: number,
  gib: number,
  devicesPerNode = 1,
  extra: Partial<PlacementRequest> = {},
): PlacementRequest {
  return {
    deploymentId,
    replicas,
    requirement: { vendor: 'nvidia', devicesPerNode, nodeCount: 1, bytesPerDevice: gib * GIB },
    ...extra,
  };
}

const where = (result: ReturnType<typeof placeInstances>): string[] =>
  result.placements.map(
    (placement) =>
      `${placement.deploymentId}#${placement.ordinal}@${placement.nodes.map((part) => `${part.nodeName}:${part.acceleratorIds.join('+')}`).join(',')}`,
  );

describe('placeInstances', () => {
  it('binpacks replicas onto the fullest device that still fits', () => {
    const result = placeInstances([request('small', 3, 30)], [node('a', 2), node('b', 2)]);
    expect(where(result)).toEqual(['small#0@a:nvidia-0', 'small#1@a:nvidia-0', 'small#2@a:nvidia-1']);
    expect(result.pending).toEqual([]);
  });

  it('spreads replicas over nodes on request', () => {
    const result = placeInstances([request('small', 3, 30)], [node('a', 2), node('b', 2)], {
      strategy: 'spread',
    });
    expect(where(result)).toEqual(['small#0@a:nvidia-0', 'small#1@b:nvidia-0', 'small#2@a:nvidia-1']);
  });

  it('never oversubscribes: every replica counts, the rest stays pending with a reason', () => {
    const result = placeInstances([request('big', 3, 72)], [node('a', 2)]);
    expect(result.placements).toHaveLength(2);
    expect(result.pending).toEqual([
      expect.objectContaining({ deploymentId: 'big', ordinal: 2, reason: 'insufficient_free_memory' }),
    ]);
  });

  it('says no_matching_accelerator when no device could ever hold it', () => {
    const result = placeInstances([request('huge', 1, 100)], [node('a', 8)]);
    expect(result.pending[0]).toMatchObject({ reason: 'no_matching_accelerator' });
    expect(result.pending[0]?.message).toContain('100.0 GiB');
  });

  it('respects labels, node names and device model constraints', () => {
    const nodes = [node('a', 1, 80, { zone: 'x' }), node('b', 1, 80, { zone: 'y' })];
    expect(
      where(placeInstances([request('d', 1, 10, 1, { constraints: { nodeLabels: { zone: 'y' } } })], nodes)),
    ).toEqual(['d#0@b:nvidia-0']);
    expect(
      where(placeInstances([request('d', 1, 10, 1, { constraints: { nodeNames: ['a'] } })], nodes)),
    ).toEqual(['d#0@a:nvidia-0']);
    expect(
      placeInstances([request('d', 1, 10, 1, { constraints: { deviceModel: 'NVIDIA H200' } })], nodes)
        .pending,
    ).toHaveLength(1);
  });

  it('places multi-device and multi-node instances on whole sets of devices', () => {
    const multi: PlacementRequest = {
      deploymentId: 'r1',
      replicas: 1,
      requirement: { vendor: 'nvidia', devicesPerNode: 8, nodeCount: 2, bytesPerDevice: 72 * GIB },
    };
    const result = placeInstances([multi], [node('a', 8), node('b', 4), node('c', 8)]);
    expect(result.placements[0]?.nodes.map((part) => [part.nodeName, part.acceleratorIds.length])).toEqual([
      ['a', 8],
      ['c', 8],
    ]);
  });

  it('keeps earlier placements and re-places the ones whose device disappeared', () => {
    const first = placeInstances([request('d', 2, 60)], [node('a', 2), node('b', 2)]);
    expect(where(first)).toEqual(['d#0@a:nvidia-0', 'd#1@a:nvidia-1']);
    const shrunk: PlannerNode = { ...node('a', 2), accelerators: node('a', 2).accelerators.slice(0, 1) };
    const second = placeInstances([request('d', 2, 60)], [shrunk, node('b', 1)], {
      existing: first.placements,
    });
    expect(where(second)).toEqual(['d#0@a:nvidia-0', 'd#1@b:nvidia-0']);
    expect(second.placements.map((placement) => placement.isMoved)).toEqual([false, true]);
  });

  it('places the largest instances first when binpacking', () => {
    const result = placeInstances(
      [request('small', 1, 30), request('large', 1, 70)],
      [node('a', 1), node('b', 1)],
    );
    expect(where(result).sort()).toEqual(['large#0@a:nvidia-0', 'small#0@b:nvidia-0']);
  });
});
