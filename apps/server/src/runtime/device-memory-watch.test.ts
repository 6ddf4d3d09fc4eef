import { describe, expect, it } from 'vitest';
import { DeviceMemoryWatch, devicesStillHolding, type DeviceReading } from './device-memory-watch.js';

const GIB = 1024 ** 3;

describe('devicesStillHolding', () => {
  it('reports only devices above their baseline by more than the tolerance', () => {
    const baseline = new Map([
      ['nvidia-0', 1 * GIB],
      ['nvidia-1', 1 * GIB],
    ]);
    const readings: DeviceReading[] = [
      { id: 'nvidia-0', name: 'H100', memoryUsedBytes: 31 * GIB },
      { id: 'nvidia-1', name: 'H100', memoryUsedBytes: 1.2 * GIB },
      { id: 'nvidia-2', name: 'H100', memoryUsedBytes: 70 * GIB },
    ];
    expect(devicesStillHolding(baseline, readings, GIB / 2)).toEqual([
      { id: 'nvidia-0', name: 'H100', heldBytes: 30 * GIB },
    ]);
  });
});

describe('DeviceMemoryWatch', () => {
  function setup(sequence: number[][]) {
    let call = 0;
    const watch = new DeviceMemoryWatch({
      read: () => {
        const used = sequence[Math.min(call++, sequence.length - 1)]!;
        return Promise.resolve(
          used.map((gib, index) => ({ id: `nvidia-${index}`, name: 'L40S', memoryUsedBytes: gib * GIB })),
        );
      },
      sleep: () => Promise.resolve(),
      attempts: 3,
    });
    return { watch };
  }

  it('is satisfied when the memory comes back, even a little late', async () => {
    // baseline, then three readings after stop: still held, still held, freed.
    const { watch } = setup([[2], [40], [40], [2]]);
    await watch.remember('i-1', ['nvidia-0']);
    expect(await watch.checkAfterStop('i-1')).toEqual({ result: 'freed' });
  });

  it('reports a leak when the devices still hold the memory after stop', async () => {
    const { watch } = setup([
      [2, 5],
      [40, 5],
      [40, 5],
      [40, 5],
    ]);
    await watch.remember('i-2', ['nvidia-0']);
    const outcome = await watch.checkAfterStop('i-2');
    expect(outcome.result).toBe('leaked');
    expect('message' in outcome && outcome.message).toMatch(
      /^Device memory was not freed.*L40S \(nvidia-0\) holds 38\.0 GiB more/,
    );
  });

  it('has nothing to compare for CPU instances', async () => {
    const { watch } = setup([[2]]);
    await watch.remember('i-3', []);
    expect(await watch.checkAfterStop('i-3')).toEqual({ result: 'unknown' });
  });
});
