import { errorMessage, type Clock, type Instance, type InstanceState } from '@hangar/core';
import {
  isInstanceProcess,
  killProcessGroup,
  type InstanceStatus,
  type Supervisor,
  type SupervisorEvent,
} from '@hangar/engines';
import type { Logger } from '@hangar/observability';
import type { Store } from '@hangar/store';
import { compareKvWithPlan, parseEngineKvReport, type Plan } from '@hangar/planner';
import { randomBytes } from 'node:crypto';
import type { InstanceLauncher } from './instance-launcher.js';

export interface ReconcilerOptions {
  store: Store;
  supervisor: Supervisor;
  launcher: InstanceLauncher;
  clock: Clock;
  logger: Logger;
  intervalMs: number;
  /** Called after instance states or the set of deployments changed. */
  onRoutesChanged: () => void;
  /** After an instance's processes are gone: whether its devices gave their memory back. */
  checkDevicesFreed?: (
    instanceId: string,
  ) => Promise<{ result: 'freed' | 'unknown' } | { result: 'leaked'; message: string }>;
}

/**
 * Compares desired state (deployments x replicas) with observed state (instances the supervisor runs) and acts:
 * creates and starts missing instances, stops and removes unwanted ones. Runs on an interval and when poked.
 * It is also where supervisor reports become stored instance state and events.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly logger: Logger;

  constructor(private readonly options: ReconcilerOptions) {
    this.logger = options.logger.child({ scope: 'reconciler' });
  }

  /**
   * After a restart: engines of the previous server run may still be alive (if it was killed hard). Kill the
   * ones that are provably ours, then mark every instance pending so that the loop starts them again.
   */
  recoverAfterRestart(): void {
    const { store, clock } = this.options;
    for (const instance of store.instances.list()) {
      if (instance.pid !== null && isInstanceProcess(instance.pid, instance.id)) {
        this.logger.warn({ instanceId: instance.id, pid: instance.pid }, 'stale-engine-kill');
        killProcessGroup(instance.pid, 'SIGKILL');
      }
      store.instances.update(instance.id, {
        state: 'pending',
        pid: null,
        port: null,
        readyAt: null,
        updatedAt: clock.now(),
      });
    }
  }

  start(): void {
    const loop = (): void => {
      this.trigger();
      this.timer = setTimeout(loop, this.options.intervalMs);
      this.timer.unref();
    };
    loop();
  }

  /** Runs a pass now, or right after the current one. */
  trigger(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.reconcile()
      .catch((error: unknown) => this.logger.error({ error: errorMessage(error) }, 'reconcile-failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }

  /** Stops the loop (instances are stopped by the supervisor's own close). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Supervisor report -> stored state, event, routes. */
  handleStatus(status: InstanceStatus, event: SupervisorEvent | null): void {
    const { store, clock } = this.options;
    const instance = store.instances.findById(status.instanceId);
    if (instance && status.state !== 'stopped') {
      store.instances.update(status.instanceId, {
        state: status.state satisfies InstanceState,
        pid: status.pid,
        port: status.port,
        restarts: status.restarts,
        startedAt: status.startedAt,
        readyAt: status.readyAt,
        lastError: status.lastError,
        updatedAt: clock.now(),
      });
    }
    if (event?.type === 'instance-ready' && instance)
      this.learnKvCache(instance.id, instance.deploymentId, status);
    if (event) {
      store.events.append({
        at: clock.now(),
        type: event.type,
        deploymentId: instance?.deploymentId ?? null,
        instanceId: status.instanceId,
        message: event.message,
      });
    }
    this.options.onRoutesChanged();
  }

  /**
   * The planner learns: engines print their own KV-cache figure at startup (vLLM "GPU KV cache size: N tokens",
   * SGLang max_total_num_tokens, llama.cpp's KV buffer); it is stored next to the prediction and shown.
   */
  private learnKvCache(instanceId: string, deploymentId: string, status: InstanceStatus): void {
    const { store, supervisor, clock } = this.options;
    const plan = store.deployments.findPlan<Plan>(deploymentId);
    const engine = status.engine ?? store.deployments.findById(deploymentId)?.engine;
    if (!plan || !engine) return;
    const report = parseEngineKvReport(engine, supervisor.logs(instanceId, 500).join('\n'));
    if (!report) return;
    const comparison = compareKvWithPlan(plan, report);
    store.instances.saveKvCache(instanceId, comparison);
    const actual =
      comparison.actualKvTokens !== null
        ? `${comparison.actualKvTokens} tokens`
        : `${comparison.actualKvBytes} bytes`;
    const predicted =
      comparison.actualKvTokens !== null
        ? `${comparison.predictedKvTokens} tokens`
        : `${comparison.predictedKvBytes} bytes`;
    const error =
      comparison.errorPercent === null
        ? ''
        : ` (${comparison.errorPercent >= 0 ? '+' : ''}${comparison.errorPercent.toFixed(1)}%)`;
    store.events.append({
      at: clock.now(),
      type: 'kv-cache-measured',
      deploymentId,
      instanceId,
      message: `The engine reports a KV cache of ${actual}; the plan predicted ${predicted}${error}`,
    });
  }

  /** An instance waits for its model's files: shown as `downloading`, with progress every 10%. */
  reportDownload(
    instanceId: string,
    progress: { bytesDone: number; bytesTotal: number; etaSeconds: number | null },
  ): void {
    const { store, clock } = this.options;
    const instance = store.instances.findById(instanceId);
    if (!instance) return;
    if (instance.state !== 'downloading')
      store.instances.update(instanceId, { state: 'downloading', updatedAt: clock.now() });
    const percent =
      progress.bytesTotal > 0 ? Math.floor((progress.bytesDone / progress.bytesTotal) * 10) * 10 : 0;
    const last = this.downloadPercent.get(instanceId);
    if (last === percent) return;
    this.downloadPercent.set(instanceId, percent);
    const eta = progress.etaSeconds === null ? '' : `, about ${Math.ceil(progress.etaSeconds)} s left`;
    store.events.append({
      at: clock.now(),
      type: 'download-progress',
      deploymentId: instance.deploymentId,
      instanceId,
      message: `Downloading model files: ${percent}% of ${(progress.bytesTotal / 1024 ** 2).toFixed(1)} MiB${eta}`,
    });
  }

  private readonly downloadPercent = new Map<string, number>();

  /** "Stop means stopped": the devices' memory is checked after the process group is gone; a leak is an event. */
  private async reportDeviceMemory(instanceId: string, deploymentId: string | null): Promise<void> {
    const check = this.options.checkDevicesFreed;
    if (!check) return;
    const outcome = await check(instanceId);
    if (outcome.result === 'unknown') return;
    this.options.store.events.append({
      at: this.options.clock.now(),
      type: outcome.result === 'leaked' ? 'instance-memory-leak' : 'instance-memory-freed',
      deploymentId,
      instanceId,
      message:
        outcome.result === 'leaked' ? outcome.message : 'The devices gave back the memory the instance held',
    });
  }

  private async reconcile(): Promise<void> {
    const { store, supervisor, launcher } = this.options;
    const wanted = new Set<string>();
    const stops: Promise<void>[] = [];
    for (const deployment of store.deployments.list()) {
      const desired = deployment.state === 'running' ? deployment.replicas : 0;
      const instances = store.instances.listByDeployment(deployment.id);
      const byOrdinal = new Map(instances.map((instance) => [instance.ordinal, instance]));
      for (let ordinal = 0; ordinal < desired; ordinal++) {
        let instance = byOrdinal.get(ordinal);
        if (!instance) {
          instance = this.createInstance(deployment.id, deployment.name, ordinal);
          store.instances.insert(instance);
        }
        wanted.add(instance.id);
        if (!supervisor.isSupervised(instance.id)) {
          supervisor.start(
            instance.id,
            launcher.factory(deployment, instance.id, ordinal),
            (spec) => launcher.release(spec),
            instance.restarts,
          );
        }
      }
      for (const instance of instances) {
        if (instance.ordinal >= desired) stops.push(this.stopAndRemove(instance.id));
      }
    }
    // Instances of deleted deployments are gone from the store but may still run.
    for (const instance of store.instances.list()) wanted.add(instance.id);
    for (const id of supervisor.supervisedIds()) {
      if (!wanted.has(id)) stops.push(this.stopAndRemove(id));
    }
    await Promise.all(stops);
    this.options.onRoutesChanged();
  }

  private async stopAndRemove(instanceId: string): Promise<void> {
    const { store, supervisor, clock } = this.options;
    const deploymentId = store.instances.findById(instanceId)?.deploymentId ?? null;
    if (supervisor.isSupervised(instanceId)) {
      if (deploymentId) store.instances.update(instanceId, { state: 'stopping', updatedAt: clock.now() });
      await supervisor.stop(instanceId);
      void this.reportDeviceMemory(instanceId, deploymentId);
    }
    store.instances.delete(instanceId);
  }

  private createInstance(deploymentId: string, deploymentName: string, ordinal: number): Instance {
    return {
      id: `${deploymentName}-${ordinal}-${randomBytes(2).toString('hex')}`,
      deploymentId,
      ordinal,
      state: 'pending',
      port: null,
      pid: null,
      restarts: 0,
      startedAt: null,
      readyAt: null,
      lastError: null,
      updatedAt: this.options.clock.now(),
    };
  }
}
