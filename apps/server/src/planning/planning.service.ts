import {
  CapacityError,
  NotFoundError,
  ValidationError,
  type Deployment,
  type EngineName,
  type Model,
} from '@hangar/core';
import type { Accelerator, Inventory, InventoryMonitor } from '@hangar/inventory';
import {
  deviceClassesOf,
  findCatalogModel,
  modelFactsFromGguf,
  parseHardwareSpec,
  placeInstances,
  planDeployment,
  requirementOf,
  type CatalogModel,
  type ModelFacts,
  type Plan,
  type PlanResult,
  type PlannerNode,
  type WeightFile,
} from '@hangar/planner';
import type { NodeView } from '@hangar/contracts';
import type { Store } from '@hangar/store';
import { PlacedInstances } from './placed-instances.js';

/** A catalog model's plan for one engine: the file chosen and the plan. */
export interface CatalogPlan {
  catalog: CatalogModel;
  file: CatalogModel['files'][number];
  plan: Plan;
}

type PlacedDeployment = Pick<Deployment, 'id' | 'name' | 'options'>;

export interface WhatIfRequest {
  model: string;
  file?: string | undefined;
  engine?: EngineName | undefined;
  hardware?: string | undefined;
  /** This node's devices of this model only (ignored with `hardware`). */
  deviceModel?: string | undefined;
  contextTokens?: number | undefined;
  concurrency?: number | undefined;
}

/**
 * The planner and placement against this node's live inventory: a deployment that cannot fit is refused before
 * anything starts, with the planner's reason; `whatIf` answers for hardware that does not exist.
 */
export class PlanningService {
  private readonly simulated: (Accelerator & { simulated: true })[];
  private readonly placed: PlacedInstances;

  /**
   * `simulatedAccelerators` (tests and demos only) adds pretend devices to this node, e.g. `1xL40S-48G`; they are
   * marked `simulated: true` wherever the node is shown.
   */
  constructor(
    private readonly store: Store,
    private readonly inventory: Pick<InventoryMonitor, 'current'>,
    simulatedAccelerators?: string,
  ) {
    this.placed = new PlacedInstances(store);
    this.simulated = simulatedAccelerators
      ? // Every item of the spec is a device of this node (`1xH100-80G+1x910B-64G`: one of each), indexed per vendor.
        parseHardwareSpec(simulatedAccelerators)
          .flatMap((node) => node.accelerators)
          .map((device, position, all) => ({
            id: `simulated-${position}`,
            vendor: device.vendor as Accelerator['vendor'],
            model: `${device.model} (simulated)`,
            index: all.slice(0, position).filter((other) => other.vendor === device.vendor).length,
            uuid: null,
            memoryTotalBytes: device.memoryTotalBytes,
            memoryUsedBytes: 0,
            memoryFreeBytes: device.memoryTotalBytes,
            utilizationPercent: null,
            temperatureC: null,
            powerW: null,
            busId: null,
            driverVersion: null,
            firmwareVersion: null,
            health: null,
            computeCapability: null,
            mig: null,
            capabilities: { engines: [], precisions: [] },
            simulated: true as const,
          }))
      : [];
  }

  nodes(): Inventory[] {
    const current = this.inventory.current();
    if (!current) return [];
    if (this.simulated.length === 0) return [current];
    return [{ ...current, accelerators: [...current.accelerators, ...this.simulated] }];
  }

  /** The nodes as `GET /api/nodes` shows them: each device with the instances placed on it. */
  nodeViews(): NodeView[] {
    return this.placed.annotate(this.nodes());
  }

  /**
   * Plans a catalog model for `engine`: the requested file, else the first of the engine's files that fits. A
   * refusal names what would fit.
   */
  planCatalogModel(
    catalog: CatalogModel,
    engine: EngineName,
    contextTokens: number | undefined,
    concurrency: number,
    fileId?: string,
    deviceModel?: string,
  ): CatalogPlan {
    const files = catalog.files.filter((file) =>
      fileId ? file.id === fileId : file.engines.includes(engine),
    );
    if (files.length === 0) {
      throw new ValidationError(
        fileId
          ? `${catalog.name} has no file '${fileId}'. Files: ${catalog.files.map((file) => file.id).join(', ')}`
          : `${catalog.name} has no file that ${engine} can serve. Files: ${catalog.files.map((file) => `${file.id} (${file.engines.join(', ')})`).join('; ')}`,
        { model: catalog.id, engine },
        'no_file_for_engine',
      );
    }
    let firstRefusal: PlanResult | undefined;
    const nodes = this.nodesWithDeviceModel(deviceModel);
    for (const file of files) {
      const result = planDeployment({
        model: catalog,
        weights: file,
        engine,
        nodes,
        ...(contextTokens ? { contextTokens } : {}),
        concurrency,
        alternativeWeights: catalog.files,
      });
      if (result.ok) return { catalog, file, plan: result.plan };
      firstRefusal ??= result;
    }
    const refusal = firstRefusal as Extract<PlanResult, { ok: false }>;
    throw new CapacityError(refusal.message, refusal.reason, { suggestions: refusal.suggestions });
  }

  /** Plans one instance of a local model; throws CapacityError (422) with the planner's reason. */
  planLocalModel(
    model: Model,
    engine: EngineName,
    contextTokens: number,
    concurrency: number,
    deviceModel?: string,
  ): Plan {
    const { facts, weights } = localFacts(model);
    const result = planDeployment({
      model: facts,
      weights,
      engine,
      nodes: this.nodesWithDeviceModel(deviceModel),
      contextTokens,
      concurrency,
    });
    if (!result.ok) {
      throw new CapacityError(result.message, result.reason, { suggestions: result.suggestions });
    }
    return result.plan;
  }

  /**
   * The nodes as the planner sees them for a deployment pinned to a device model (`placement.deviceModel`): only
   * devices of that model, so that the plan is made for the devices placement will pick.
   */
  private nodesWithDeviceModel(deviceModel: string | undefined): Inventory[] {
    const nodes = this.nodes();
    if (deviceModel === undefined) return nodes;
    const models = new Set(nodes.flatMap((node) => node.accelerators.map((device) => device.model)));
    if (!models.has(deviceModel)) {
      throw new CapacityError(
        `No device here is a '${deviceModel}'. Devices here: ${[...models].join(', ') || 'none'}`,
        'no_matching_accelerator',
        { deviceModel },
      );
    }
    return nodes.map((node) => ({
      ...node,
      accelerators: node.accelerators.filter((device) => device.model === deviceModel),
    }));
  }

  /**
   * Places every running deployment's replicas (this one with `replicas`) on the inventory: refuses when this
   * deployment's instances would not all fit next to the others.
   */
  checkPlacement(deployment: PlacedDeployment, plan: Plan, replicas: number): void {
    const { pending } = this.place(deployment, plan, replicas);
    const mine = pending.filter((instance) => instance.deploymentId === deployment.id);
    if (mine.length > 0) {
      throw new CapacityError(
        `${mine.length} of ${replicas} replicas of '${deployment.name}' do not fit on this node next to the running deployments: ${mine[0]!.message}`,
        mine[0]!.reason,
        { pendingReplicas: mine.length },
      );
    }
  }

  /**
   * The devices of one replica, placed afresh from the live inventory at each (re)start: an instance whose device
   * disappeared is re-placed when it restarts, and one that fits nowhere now fails with the reason (and is retried).
   */
  devicesFor(
    deployment: PlacedDeployment & Pick<Deployment, 'replicas'>,
    ordinal: number,
    plan: Plan,
  ): { vendor: string; indices: number[]; ids: string[] } {
    const { placements, pending } = this.place(deployment, plan, deployment.replicas);
    const mine = placements.find(
      (placement) => placement.deploymentId === deployment.id && placement.ordinal === ordinal,
    );
    if (!mine) {
      this.placed.forget(deployment.id, ordinal);
      const why = pending.find(
        (instance) => instance.deploymentId === deployment.id && instance.ordinal === ordinal,
      );
      throw new CapacityError(
        `Replica ${ordinal} of '${deployment.name}' fits on no device now: ${why?.message ?? 'no matching accelerator'}`,
        why?.reason ?? 'no_matching_accelerator',
      );
    }
    const ids = new Set(mine.nodes.flatMap((node) => node.acceleratorIds));
    const devices = this.nodes()
      .flatMap((node) => node.accelerators)
      .filter((device) => ids.has(device.id));
    this.placed.remember(
      deployment.id,
      ordinal,
      devices.map((device) => device.id),
    );
    return {
      vendor: plan.device.vendor,
      indices: devices.map((device) => device.index),
      ids: devices.map((device) => device.id),
    };
  }

  /** Every running deployment's replicas on this node, with this deployment's constraints and strategy. */
  private place(deployment: PlacedDeployment, plan: Plan, replicas: number) {
    const constraintsOf = (options: Deployment['options']) => ({
      ...(options.placement?.deviceModel ? { deviceModel: options.placement.deviceModel } : {}),
      ...(options.placement?.nodeLabels ? { nodeLabels: options.placement.nodeLabels } : {}),
    });
    const requests = [
      {
        deploymentId: deployment.id,
        replicas,
        requirement: requirementOf(plan),
        constraints: constraintsOf(deployment.options),
      },
    ];
    for (const other of this.store.deployments.list()) {
      const otherPlan = this.store.deployments.findPlan<Plan>(other.id);
      if (other.id === deployment.id || other.state !== 'running' || !otherPlan) continue;
      requests.unshift({
        deploymentId: other.id,
        replicas: other.replicas,
        requirement: requirementOf(otherPlan),
        constraints: constraintsOf(other.options),
      });
    }
    return placeInstances(requests, this.nodes(), {
      strategy: deployment.options.placement?.strategy ?? 'binpack',
    });
  }

  /** A plan for a catalog or registered model on the live inventory or a described one, without deploying. */
  whatIf(request: WhatIfRequest): PlanResult & { model: string; hardware: string } {
    const { facts, weights, alternatives } = this.resolveModel(request.model, request.file);
    let nodes: PlannerNode[] = this.nodesWithDeviceModel(request.hardware ? undefined : request.deviceModel);
    try {
      if (request.hardware) nodes = parseHardwareSpec(request.hardware);
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError(
        `Cannot read the hardware '${request.hardware}': use a form like 8xH100-80G or 2x8xH100-80G`,
      );
    }
    const engine = request.engine ?? (weights.format === 'gguf' ? 'llama-cpp' : 'vllm');
    const result = planDeployment({
      model: facts,
      weights,
      engine,
      nodes,
      ...(request.contextTokens ? { contextTokens: request.contextTokens } : {}),
      ...(request.concurrency ? { concurrency: request.concurrency } : {}),
      ...(request.hardware ? {} : { deviceClasses: deviceClassesOf(nodes) }),
      alternativeWeights: alternatives,
    });
    return { ...result, model: facts.name, hardware: request.hardware ?? 'this node' };
  }

  private resolveModel(
    name: string,
    fileId: string | undefined,
  ): { facts: ModelFacts; weights: WeightFile; alternatives: CatalogModel['files'] } {
    const registered = this.store.models.findByName(name);
    if (registered) {
      const { facts, weights } = localFacts(registered);
      return { facts, weights, alternatives: [] };
    }
    const catalog = findCatalogModel(name);
    if (!catalog) {
      throw new NotFoundError(
        `No registered or catalog model '${name}'. See \`hangar catalog\` and \`hangar model ls\`.`,
        'model_not_found',
      );
    }
    const file = fileId
      ? catalog.files.find((candidate) => candidate.id === fileId || candidate.quantization === fileId)
      : catalog.files[0];
    if (!file) {
      throw new NotFoundError(
        `${catalog.name} has no file '${fileId}'. Files: ${catalog.files.map((candidate) => candidate.id).join(', ')}`,
        'model_file_not_found',
      );
    }
    return { facts: catalog, weights: file, alternatives: catalog.files };
  }
}

function localFacts(model: Model): { facts: ModelFacts; weights: WeightFile } {
  const { model: facts, weights } = modelFactsFromGguf(model.id, model.name, {
    architecture: model.metadata.architecture,
    contextTokens: model.metadata.contextTokens,
    parameterCount: model.metadata.parameterCount,
    quantization: model.metadata.quantization,
    embeddingLength: model.metadata.embeddingLength,
    layerCount: model.metadata.layerCount,
    headCount: model.metadata.headCount ?? null,
    headCountKv: model.metadata.headCountKv ?? null,
    vocabularySize: model.metadata.vocabularySize,
    sizeBytes: model.sizeBytes,
  });
  return { facts, weights };
}
