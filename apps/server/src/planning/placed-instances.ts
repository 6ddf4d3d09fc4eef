import type { AcceleratorView, DeviceInstanceView, NodeView } from '@hangar/contracts';
import type { Inventory } from '@hangar/inventory';
import type { Store } from '@hangar/store';

/**
 * Which devices each instance was placed on when it last started. Kept in memory: every (re)start places the
 * replica afresh (and a server restart restarts every instance), so the latest placement is the one in use.
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

  /** The nodes with, on each device, the instances placed there; records of removed instances are dropped. */
  annotate(nodes: readonly Inventory[]): NodeView[] {
    const byDevice = this.instancesByDevice();
    return nodes.map((node) => ({
      ...node,
      accelerators: node.accelerators.map((device): AcceleratorView => ({
        ...device,
        instances: byDevice.get(device.id) ?? [],
      })),
    }));
  }

  private instancesByDevice(): Map<string, DeviceInstanceView[]> {
    const deployments = new Map(
      this.store.deployments.list().map((deployment) => [deployment.id, deployment]),
    );
    const byDevice = new Map<string, DeviceInstanceView[]>();
    for (const [instanceId, deviceIds] of this.devicesByInstance) {
      const instance = this.store.instances.findById(instanceId);
      const deployment = instance ? deployments.get(instance.deploymentId) : undefined;
      if (!instance || !deployment) {
        this.devicesByInstance.delete(instanceId);
        continue;
      }
      const view: DeviceInstanceView = {
        instanceId,
        deploymentId: deployment.id,
        deployment: deployment.name,
        ordinal: instance.ordinal,
        state: instance.state,
      };
      for (const deviceId of deviceIds) byDevice.set(deviceId, [...(byDevice.get(deviceId) ?? []), view]);
    }
    return byDevice;
  }

  private instanceOf(deploymentId: string, ordinal: number) {
    return this.store.instances
      .listByDeployment(deploymentId)
      .find((instance) => instance.ordinal === ordinal);
  }
}
