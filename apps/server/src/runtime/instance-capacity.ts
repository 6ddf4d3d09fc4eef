import { profileOfDevice } from '@hangar/planner';

/** A device as the inventory reports it. */
export interface CapacityDevice {
  id: string;
  vendor: string;
  model: string;
  memoryTotalBytes: number | null;
}

/**
 * Relative serving capacity of each instance, from the devices placement gave it: the sum of their memory
 * bandwidths (decoding reads every weight and the KV cache per token, so tokens/s follows bandwidth). The gateway
 * weighs replicas by it, so an H100 replica gets about twice the share of a 910B replica of the same model.
 */
export class InstanceCapacity {
  private readonly bandwidthByInstance = new Map<string, number>();

  constructor(private readonly devices: () => readonly CapacityDevice[]) {}

  /** Records an instance's devices at its (re)start; an unknown device or none (CPU engines) leaves it unweighted. */
  remember(instanceId: string, deviceIds: readonly string[]): void {
    const bandwidth = this.bandwidthOf(deviceIds);
    if (bandwidth === undefined) this.bandwidthByInstance.delete(instanceId);
    else this.bandwidthByInstance.set(instanceId, bandwidth);
  }

  forget(instanceId: string): void {
    this.bandwidthByInstance.delete(instanceId);
  }

  /**
   * Weights for a route's instances, relative to the smallest (1); undefined when any instance's capacity is
   * unknown (weighing some and not others would be guesswork) or all are equal.
   */
  weightsFor(instanceIds: readonly string[]): Record<string, number> | undefined {
    const known = instanceIds.map((id) => this.bandwidthByInstance.get(id));
    if (known.length < 2 || known.some((value) => value === undefined)) return undefined;
    const bandwidths = known as number[];
    const smallest = Math.min(...bandwidths);
    if (bandwidths.every((value) => value === smallest)) return undefined;
    return Object.fromEntries(
      instanceIds.map((id, index) => [id, Math.round((bandwidths[index]! / smallest) * 100) / 100]),
    );
  }

  private bandwidthOf(deviceIds: readonly string[]): number | undefined {
    if (deviceIds.length === 0) return undefined;
    const byId = new Map(this.devices().map((device) => [device.id, device]));
    let total = 0;
    for (const id of deviceIds) {
      const device = byId.get(id);
      const profile = device ? profileOfDevice(device) : undefined;
      if (profile === undefined) return undefined;
      total += profile.memoryBandwidthGBps;
    }
    return total;
  }
}
