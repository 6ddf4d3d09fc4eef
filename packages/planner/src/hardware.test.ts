import { ValidationError } from '@hangar/core';
import { describe, expect, it } from 'vitest';
import { deviceClassesOf, parseHardwareSpec } from './hardware.js';

describe('parseHardwareSpec', () => {
  it('reads nodes × devices × profile, with aliases and several items', () => {
    const nodes = parseHardwareSpec('2x8xH100-80G + 16x910B');
    expect(nodes.map((node) => [node.name, node.accelerators.length])).toEqual([
      ['h100-80g-0', 8],
      ['h100-80g-1', 8],
      ['910b-64g-2', 16],
    ]);
    expect(nodes[0]?.accelerators[0]).toMatchObject({
      vendor: 'nvidia',
      memoryTotalBytes: 81559 * 1024 ** 2,
    });
  });

  it('throws a ValidationError naming the known profiles', () => {
    expect(() => parseHardwareSpec('8xTPUv5')).toThrow(ValidationError);
    expect(() => parseHardwareSpec('8xTPUv5')).toThrow(/known profiles: H100-80G/);
  });

  it('groups devices into classes, most devices first', () => {
    const classes = deviceClassesOf(parseHardwareSpec('4xH100, 8xH100, 2xL40S'));
    expect(classes.map((entry) => [entry.model, entry.nodes.map((node) => node.deviceCount)])).toEqual([
      ['NVIDIA H100 80GB HBM3', [8, 4]],
      ['NVIDIA L40S', [2]],
    ]);
  });
});
