import { availableParallelism } from 'node:os';
import { NotFoundError, type Deployment } from '@hangar/core';
import { buildLlamaCppLaunch, type LaunchFactory, type LaunchSpec, type PortAllocator } from '@hangar/engines';
import type { Store } from '@hangar/store';

export interface InstanceLauncherOptions {
  store: Store;
  ports: PortAllocator;
  /** `packages/engine-llama/dist/main.js` */
  engineLlamaEntry: string;
  nodePath: string;
  engineThreads: number | undefined;
}

export const DEFAULT_PARALLEL_SEQUENCES = 4;
export const DEFAULT_CONTEXT_TOKENS = 4096;

/** Turns a deployment into a launch factory for one of its instances (the engine driver's job). */
export class InstanceLauncher {
  constructor(private readonly options: InstanceLauncherOptions) {}

  factory(deployment: Deployment): LaunchFactory {
    return async () => {
      const model = this.options.store.models.findById(deployment.modelId);
      if (!model) throw new NotFoundError(`The model of deployment '${deployment.name}' is gone`, 'model_not_found');
      const port = await this.options.ports.allocate();
      const threads =
        deployment.options.threads ??
        this.options.engineThreads ??
        Math.max(1, Math.floor(availableParallelism() / Math.max(1, deployment.replicas)));
      return buildLlamaCppLaunch({
        entry: this.options.engineLlamaEntry,
        nodePath: this.options.nodePath,
        modelPath: model.path,
        modelName: deployment.name,
        port,
        threads,
        parallelSequences: deployment.options.parallelSequences ?? DEFAULT_PARALLEL_SEQUENCES,
        contextTokens: deployment.options.contextTokens ?? Math.min(model.metadata.contextTokens ?? DEFAULT_CONTEXT_TOKENS, DEFAULT_CONTEXT_TOKENS),
        fallbackChatTemplate: deployment.options.fallbackChatTemplate,
      });
    };
  }

  release(spec: LaunchSpec): void {
    this.options.ports.release(spec.port);
  }
}
