import type { AcceleratorView, DeviceInstanceView, NodeView } from '@hangar/contracts';
import type { Inventory } from '@hangar/inventory';
import type { Store } from '@hangar/store';

/**
 * Which devices each instance was placed on when it last started (engines launched through a driver; the embedded
 * engine is never placed: it runs on the host CPU). Kept in memory: every (re)start places the replica afresh (and
 * a server restart restarts every instance), so the latest placement is the one in use.
 */
export class PlacedInstances {
  private readonly devicesByInstance = new Map<string, readonly string[]>();

  constructor(private readonly store: Pick<Store, 'instances' | 'deployments'>) {}

  /** Records where replica `ordinal` of a deployment was placed (its stored instance is the one starting). */
  remember(deploymentId: string, ordinal: number, deviceIds: readonly string[]): void {
    const instance = this.instanceOf(deploymentId, ordinal);
    if (instance) this.devicesByInstance.set(instance.id, [...deviceIds]);
  }

  /** The replica fits nowhere now: it holds no device. */
  forget(deploymentId: string, ordinal: number): void {
    const instance = this.instanceOf(deploymentId, ordinal);
    if (instance) this.devicesByInstance.delete(instance.id);
  }

  /** The nodes with, on each device, the instances on it; records of removed instances are dropped. */
  annotate(nodes: readonly Inventory[]): NodeView[] {
    const cpuDeviceIds = nodes.flatMap((node) =>
      node.accelerators.filter((device) => device.vendor === 'cpu').map((device) => device.id),
    );
    const byDevice = this.instancesByDevice(cpuDeviceIds);
    return nodes.map((node) => ({
      ...node,
      accelerators: node.accelerators.map((device): AcceleratorView => ({
        ...device,
        instances: byDevice.get(device.id) ?? [],
      })),
    }));
  }

  /** Each device's instances: where placement put them; the embedded engine's on the CPU devices. */
  private instancesByDevice(cpuDeviceIds: readonly string[]): Map<string, DeviceInstanceView[]> {
    const deployments = new Map(
      this.store.deployments.list().map((deployment) => [deployment.id, deployment]),
    );
    const live = new Set<string>();
    const byDevice = new Map<string, DeviceInstanceView[]>();
    for (const instance of this.store.instances.list()) {
      const deployment = deployments.get(instance.deploymentId);
      if (!deployment) continue;
      live.add(instance.id);
      const deviceIds =
        this.devicesByInstance.get(instance.id) ?? (deployment.engine === 'llama-cpp' ? cpuDeviceIds : []);
      const view: DeviceInstanceView = {
        instanceId: instance.id,
        deploymentId: deployment.id,
        deployment: deployment.name,
        ordinal: instance.ordinal,
        state: instance.state,
      };
      for (const deviceId of deviceIds) byDevice.set(deviceId, [...(byDevice.get(deviceId) ?? []), view]);
    }
    for (const instanceId of [...this.devicesByInstance.keys()]) {
      if (!live.has(instanceId)) this.devicesByInstance.delete(instanceId);
    }
    return byDevice;
  }

  private instanceOf(deploymentId: string, ordinal: number) {
    return this.store.instances
      .listByDeployment(deploymentId)
      .find((instance) => instance.ordinal === ordinal);
  }
}
