import type { ModelRoute, Upstream, UpstreamDirectory } from '@hangar/core';
import type { InstanceStatus } from '@hangar/engines';
import type { Store } from '@hangar/store';

/**
 * The gateway's view of what can serve: deployment name -> ready upstreams. Rebuilt whenever an instance changes
 * state or a deployment changes, so the request path is one map lookup.
 */
export class RouteTable implements UpstreamDirectory {
  private routes = new Map<string, ModelRoute>();
  private byName = new Map<string, ModelRoute>();

  constructor(
    private readonly store: Store,
    private readonly statusOf: (instanceId: string) => InstanceStatus | undefined,
    /** Relative capacity of a route's instances (see InstanceCapacity); undefined leaves them equal. */
    private readonly weightsOf: (instanceIds: readonly string[]) => Record<string, number> | undefined = () =>
      undefined,
  ) {}

  resolve(model: string): ModelRoute | undefined {
    return this.byName.get(model);
  }

  list(): readonly ModelRoute[] {
    return [...this.routes.values()];
  }

  rebuild(): void {
    const next = new Map<string, ModelRoute>();
    for (const deployment of this.store.deployments.list()) {
      const upstreams: Upstream[] = [];
      if (deployment.state === 'running') {
        for (const instance of this.store.instances.listByDeployment(deployment.id)) {
          const status = this.statusOf(instance.id);
          if (status?.state !== 'ready' || status.port === null) continue;
          upstreams.push({
            instanceId: instance.id,
            deploymentId: deployment.id,
            baseUrl: `http://127.0.0.1:${status.port}`,
            needsReasoningSplit: status.needsReasoningSplit,
          });
        }
      }
      const routing = deployment.options.routing;
      next.set(deployment.name, {
        model: deployment.name,
        deploymentId: deployment.id,
        upstreams,
        createdAt: deployment.createdAt,
        policy: routing?.policy,
        aliases: routing?.aliases,
        fallbacks: routing?.fallbacks,
        // The engine's parallel slots: beyond them the gateway queues (bounded) instead of piling onto the engine.
        maxConcurrentPerUpstream: deployment.options.parallelSequences,
        weights: this.weightsOf(upstreams.map((upstream) => upstream.instanceId)),
      });
    }
    const byName = new Map(next);
    for (const route of next.values()) {
      for (const alias of route.aliases ?? []) if (!byName.has(alias)) byName.set(alias, route);
    }
    this.routes = next;
    this.byName = byName;
  }
}
