import { describe, expect, it } from 'vitest';
import { parseHardwareSpec } from '@hangar/planner';
import { InstanceCapacity } from './instance-capacity.js';

const GIB = 1024 ** 3;

function devicesOf(spec: string) {
  return parseHardwareSpec(spec).flatMap((node, nodeIndex) =>
    node.accelerators.map((device) => ({ ...device, id: `${nodeIndex}-${device.id}` })),
  );
}

describe('InstanceCapacity', () => {
  const devices = devicesOf('1xH100-80G+2x910B-64G');

  it('weighs replicas by the memory bandwidth of their devices', () => {
    const capacity = new InstanceCapacity(() => devices);
    capacity.remember('on-h100', ['0-nvidia-0']);
    capacity.remember('on-910b', ['1-ascend-0']);
    capacity.remember('on-two-910b', ['1-ascend-0', '1-ascend-1']);
    expect(capacity.weightsFor(['on-h100', 'on-910b'])).toEqual({ 'on-h100': 2.09, 'on-910b': 1 });
    expect(capacity.weightsFor(['on-two-910b', 'on-910b'])).toEqual({ 'on-two-910b': 2, 'on-910b': 1 });
  });

  it('leaves a route unweighted when all are alike or any capacity is unknown', () => {
    const capacity = new InstanceCapacity(() => [
      ...devices,
      { id: 'odd', vendor: 'nvidia', model: 'Some Future GPU', memoryTotalBytes: 80 * GIB },
    ]);
    capacity.remember('a', ['1-ascend-0']);
    capacity.remember('b', ['1-ascend-1']);
    capacity.remember('cpu', []);
    capacity.remember('unknown', ['odd']);
    expect(capacity.weightsFor(['a', 'b'])).toBeUndefined();
    expect(capacity.weightsFor(['a', 'cpu'])).toBeUndefined();
    expect(capacity.weightsFor(['a', 'unknown'])).toBeUndefined();
    expect(capacity.weightsFor(['a'])).toBeUndefined();
  });

  it('forgets an instance, and a restart on other devices replaces its capacity', () => {
    const capacity = new InstanceCapacity(() => devices);
    capacity.remember('x', ['0-nvidia-0']);
    capacity.remember('y', ['1-ascend-0']);
    capacity.remember('x', ['1-ascend-1']);
    expect(capacity.weightsFor(['x', 'y'])).toBeUndefined();
    capacity.remember('x', ['0-nvidia-0']);
    capacity.forget('x');
    expect(capacity.weightsFor(['x', 'y'])).toBeUndefined();
  });
});
