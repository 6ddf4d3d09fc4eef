import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type Clock,
  type Deployment,
  type DeploymentOptions,
  type EngineName,
  type Model,
} from '@hangar/core';
import type { CreateDeploymentRequest } from '@hangar/contracts';
import { findCatalogModel, type Plan } from '@hangar/planner';
import type { Store } from '@hangar/store';
import { generateId } from '../auth/secrets.js';
import type { PlanningService } from '../planning/planning.service.js';
import type { EnginesService } from '../engines/engines.service.js';
import type { ModelsService } from '../models/models.service.js';
import { DEFAULT_CONTEXT_TOKENS, DEFAULT_PARALLEL_SEQUENCES } from '../runtime/instance-launcher.js';

/** Desired state of deployments; the reconciler makes it so. `onChange` wakes it up. */
export class DeploymentsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly planning: PlanningService,
    private readonly engines: EnginesService,
    private readonly models: ModelsService,
    private readonly onChange: () => void,
  ) {}

  plan(deployment: Deployment): Plan | undefined {
    return this.store.deployments.findPlan<Plan>(deployment.id);
  }

  list(): Deployment[] {
    return this.store.deployments.list();
  }

  get(name: string): Deployment {
    const deployment = this.store.deployments.findByName(name);
    if (!deployment) {
      throw new NotFoundError(`No deployment named '${name}'. See \`hangar ps\`.`, 'deployment_not_found');
    }
    return deployment;
  }

  /**
   * Admits a deployment: resolves the model (registered, or from the catalog: then registered as a hub model whose
   * files the instances fetch), checks that the engine is installed, plans it on this node, places its replicas, and
   * only then stores it. Anything that would not run is refused here, before a process starts.
   */
  async create(
    request: CreateDeploymentRequest & { replicas: number; options: DeploymentOptions },
  ): Promise<Deployment> {
    const named = this.store.models.findByName(request.model);
    // A model first deployed from the catalog is registered under its catalog id: plan it from the catalog again.
    const catalog = named?.metadata.catalogId
      ? findCatalogModel(named.metadata.catalogId)
      : named
        ? undefined
        : findCatalogModel(request.model);
    const registered = catalog ? undefined : named;
    if (!registered && !catalog) {
      throw new NotFoundError(
        `No model named '${request.model}'. Register a file (hangar model add <path>), pull one (hangar model pull), or use a catalog id (hangar catalog).`,
        'model_not_found',
      );
    }
    const engine: EngineName = request.engine ?? (registered?.format === 'gguf' ? 'llama-cpp' : 'vllm');
    const name = request.name ?? named?.name ?? catalog!.id;
    if (this.store.deployments.findByName(name)) {
      throw new ConflictError(
        `A deployment named '${name}' exists already; pass --name to choose another`,
        'deployment_exists',
      );
    }
    if (engine !== 'llama-cpp') await this.engines.require(engine);

    const trained = registered?.metadata.contextTokens ?? catalog?.architecture.maxContextTokens ?? null;
    if (
      request.options.contextTokens !== undefined &&
      trained !== null &&
      request.options.contextTokens > trained
    ) {
      throw new ValidationError(
        `Context ${request.options.contextTokens} is beyond what ${registered?.name ?? catalog!.name} was trained for (${trained} tokens)`,
        { contextTokens: request.options.contextTokens, modelContextTokens: trained },
        'context_too_large',
      );
    }
    // The embedded engine defaults to a few parallel sequences; GPU engines take what their KV cache holds (capped).
    let parallelSequences = request.options.parallelSequences ?? DEFAULT_PARALLEL_SEQUENCES;
    let plan: Plan;
    let model: Model;
    if (registered) {
      const contextTokens =
        request.options.contextTokens ?? Math.min(trained ?? DEFAULT_CONTEXT_TOKENS, DEFAULT_CONTEXT_TOKENS);
      plan = this.planning.planLocalModel(
        registered,
        engine,
        contextTokens,
        parallelSequences,
        request.options.placement?.deviceModel,
      );
      model = registered;
    } else {
      const fileId = request.options.file ?? named?.metadata.catalogFileId ?? undefined;
      const chosen = this.planning.planCatalogModel(
        catalog!,
        engine,
        request.options.contextTokens,
        parallelSequences,
        fileId,
        request.options.placement?.deviceModel,
      );
      plan = chosen.plan;
      if (request.options.parallelSequences === undefined)
        parallelSequences = Math.max(1, Math.min(plan.maxConcurrency, 256));
      model = this.models.catalogModel(chosen.catalog, chosen.file);
    }
    // The effective options are stored, so that the plan and the launched engine agree.
    const options: DeploymentOptions = {
      ...request.options,
      contextTokens: plan.contextTokens,
      parallelSequences,
    };
    const now = this.clock.now();
    const deployment: Deployment = {
      id: generateId('d-'),
      name,
      modelId: model.id,
      engine,
      replicas: request.replicas,
      state: 'running',
      options,
      createdAt: now,
      updatedAt: now,
    };
    this.planning.checkPlacement(deployment, plan, request.replicas);
    this.store.transaction(() => {
      if (!this.store.models.findById(model.id)) this.store.models.insert(model);
      this.store.deployments.insert(deployment);
      this.store.deployments.savePlan(deployment.id, plan);
    });
    this.onChange();
    return deployment;
  }

  scale(name: string, replicas: number): Deployment {
    this.checkFits(this.get(name), replicas);
    return this.update(name, { replicas });
  }

  stop(name: string): Deployment {
    return this.update(name, { state: 'stopped' });
  }

  start(name: string): Deployment {
    const deployment = this.get(name);
    this.checkFits(deployment, deployment.replicas);
    return this.update(name, { state: 'running' });
  }

  private checkFits(deployment: Deployment, replicas: number): void {
    const plan = this.plan(deployment);
    if (plan && replicas > 0) this.planning.checkPlacement(deployment, plan, replicas);
  }

  /** Deletes the deployment; the reconciler stops its instances (they are no longer wanted). */
  remove(name: string): void {
    const deployment = this.get(name);
    this.store.deployments.delete(deployment.id);
    this.onChange();
  }

  private update(name: string, changes: { replicas?: number; state?: 'running' | 'stopped' }): Deployment {
    const deployment = this.get(name);
    this.store.deployments.update(deployment.id, changes, this.clock.now());
    this.onChange();
    return this.get(name);
  }
}
