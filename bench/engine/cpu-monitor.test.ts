import { describe, expect, it } from 'vitest';
import { foreignCpuPercent } from './cpu-monitor.js';

describe('foreignCpuPercent', () => {
  it('is the busy time not spent by our processes, over the capacity of all cores', () => {
    const before = { atMs: 0, machineBusySeconds: 10, ownSeconds: 5 };
    const after = { atMs: 2000, machineBusySeconds: 13, ownSeconds: 7 };
    expect(foreignCpuPercent(before, after, 2)).toBe(25);
  });

  it('never goes below zero and is null without snapshots', () => {
    expect(
      foreignCpuPercent(
        { atMs: 0, machineBusySeconds: 1, ownSeconds: 0 },
        { atMs: 1000, machineBusySeconds: 1, ownSeconds: 1 },
        2,
      ),
    ).toBe(0);
    expect(foreignCpuPercent(null, null, 2)).toBeNull();
  });
});
