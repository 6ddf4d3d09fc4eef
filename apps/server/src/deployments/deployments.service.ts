import { ConflictError, NotFoundError, ValidationError, type Clock, type Deployment, type DeploymentOptions } from '@hangar/core';
import type { CreateDeploymentRequest } from '@hangar/contracts';
import type { Plan } from '@hangar/planner';
import type { Store } from '@hangar/store';
import { generateId } from '../auth/secrets.js';
import type { PlanningService } from '../planning/planning.service.js';
import { DEFAULT_CONTEXT_TOKENS, DEFAULT_PARALLEL_SEQUENCES } from '../runtime/instance-launcher.js';

/** Desired state of deployments; the reconciler makes it so. `onChange` wakes it up. */
export class DeploymentsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly planning: PlanningService,
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

  create(request: Required<Pick<CreateDeploymentRequest, 'model' | 'replicas'>> & { name?: string | undefined; engine: 'llama-cpp'; options: DeploymentOptions }): Deployment {
    const model = this.store.models.findByName(request.model);
    if (!model) {
      throw new NotFoundError(`No model named '${request.model}'. Register it first: hangar model add <path>`, 'model_not_found');
    }
    const name = request.name ?? model.name;
    if (this.store.deployments.findByName(name)) {
      throw new ConflictError(`A deployment named '${name}' exists already; pass --name to choose another`, 'deployment_exists');
    }
    const trained = model.metadata.contextTokens;
    if (request.options.contextTokens !== undefined && trained !== null && request.options.contextTokens > trained) {
      throw new ValidationError(
        `Context ${request.options.contextTokens} is beyond what ${model.name} was trained for (${trained} tokens)`,
        { contextTokens: request.options.contextTokens, modelContextTokens: trained },
        'context_too_large',
      );
    }
    // The effective options are stored, so that the plan and the launched engine agree.
    const options: DeploymentOptions = {
      ...request.options,
      contextTokens: request.options.contextTokens ?? Math.min(trained ?? DEFAULT_CONTEXT_TOKENS, DEFAULT_CONTEXT_TOKENS),
      parallelSequences: request.options.parallelSequences ?? DEFAULT_PARALLEL_SEQUENCES,
    };
    const plan = this.planning.planLocalModel(model, request.engine, options.contextTokens!, options.parallelSequences!);
    const now = this.clock.now();
    const deployment: Deployment = {
      id: generateId('d-'),
      name,
      modelId: model.id,
      engine: request.engine,
      replicas: request.replicas,
      state: 'running',
      options,
      createdAt: now,
      updatedAt: now,
    };
    this.planning.checkPlacement(deployment, plan, request.replicas);
    this.store.transaction(() => {
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
