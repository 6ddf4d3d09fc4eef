import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, ValidationError, type Deployment, type Model } from '@hangar/core';
import {
  buildEngineLaunch,
  buildLlamaCppLaunch,
  explainEngineFailure,
  type DeviceVendor,
  type LaunchFactory,
  type LaunchSpec,
  type PortAllocator,
} from '@hangar/engines';
import type { Plan } from '@hangar/planner';
import type { Store } from '@hangar/store';

export const DEFAULT_PARALLEL_SEQUENCES = 4;
export const DEFAULT_CONTEXT_TOKENS = 4096;

/** What the launcher needs from the rest of the server; implemented in the composition root. */
export interface LauncherPorts {
  /** The model's files on disk: downloads them first when they are not there (reporting progress). */
  ensureModelFiles(model: Model, instanceId: string): Promise<string>;
  /** The engine's executable, or an error saying how to install it. */
  engineExecutable(engine: Deployment['engine']): Promise<string | null>;
  /** Device indices of one replica, from placement. */
  devicesFor(
    deployment: Deployment,
    ordinal: number,
    plan: Plan,
  ): { vendor: string; indices: number[]; ids: string[] };
  /** Before the engine starts: what its devices use now, to check after stop that it was all given back. */
  devicesChosen(instanceId: string, deviceIds: string[]): Promise<void>;
}

export interface InstanceLauncherOptions {
  store: Store;
  ports: PortAllocator;
  /** `packages/engine-llama/dist/main.js` */
  engineLlamaEntry: string;
  /** `packages/engine-simulator/dist/main.js` */
  simulatorEntry: string;
  nodePath: string;
  engineThreads: number | undefined;
  /** Instances' working directories (MindIE writes its config there). */
  workDir: string;
  services: LauncherPorts;
}

/** Turns a deployment into a launch factory for one of its instances, through the engine's driver. */
export class InstanceLauncher {
  constructor(private readonly options: InstanceLauncherOptions) {}

  factory(deployment: Deployment, instanceId: string, ordinal: number): LaunchFactory {
    return async () => {
      const { store, services } = this.options;
      const model = store.models.findById(deployment.modelId);
      if (!model)
        throw new NotFoundError(`The model of deployment '${deployment.name}' is gone`, 'model_not_found');
      const modelPath = await services.ensureModelFiles(model, instanceId);
      const port = await this.options.ports.allocate();
      try {
        return deployment.engine === 'llama-cpp'
          ? this.embedded(deployment, model, modelPath, port)
          : await this.viaDriver(deployment, model, modelPath, port, instanceId, ordinal);
      } catch (error) {
        this.options.ports.release(port);
        throw error;
      }
    };
  }

  release(spec: LaunchSpec): void {
    this.options.ports.release(spec.port);
  }

  private embedded(deployment: Deployment, model: Model, modelPath: string, port: number): LaunchSpec {
    const threads =
      deployment.options.threads ??
      this.options.engineThreads ??
      Math.max(1, Math.floor(availableParallelism() / Math.max(1, deployment.replicas)));
    const spec = buildLlamaCppLaunch({
      entry: this.options.engineLlamaEntry,
      nodePath: this.options.nodePath,
      modelPath,
      modelName: deployment.name,
      port,
      threads,
      parallelSequences: deployment.options.parallelSequences ?? DEFAULT_PARALLEL_SEQUENCES,
      contextTokens:
        deployment.options.contextTokens ??
        Math.min(model.metadata.contextTokens ?? DEFAULT_CONTEXT_TOKENS, DEFAULT_CONTEXT_TOKENS),
      fallbackChatTemplate: deployment.options.fallbackChatTemplate,
    });
    return {
      ...spec,
      engine: 'llama-cpp',
      metrics: { port, path: '/metrics', dialect: 'hangar-engine' },
      explainFailure: (lines) => explainEngineFailure('llama-cpp', lines),
    };
  }

  private async viaDriver(
    deployment: Deployment,
    model: Model,
    modelPath: string,
    port: number,
    instanceId: string,
    ordinal: number,
  ): Promise<LaunchSpec> {
    const { store, services } = this.options;
    const plan = store.deployments.findPlan<Plan>(deployment.id);
    const devices = plan
      ? services.devicesFor(deployment, ordinal, plan)
      : { vendor: 'cpu', indices: [], ids: [] };
    if (devices.vendor !== 'cpu') await services.devicesChosen(instanceId, devices.ids);
    const workDir = join(this.options.workDir, instanceId);
    mkdirSync(workDir, { recursive: true });
    const executable = await services.engineExecutable(deployment.engine);
    const result = buildEngineLaunch(deployment.engine, {
      modelPath,
      servedModelName: deployment.name,
      host: '127.0.0.1',
      port,
      devices: { vendor: devices.vendor as DeviceVendor, indices: devices.indices },
      layout: plan
        ? {
            tensorParallel: plan.layout.tensorParallel,
            pipelineParallel: plan.layout.pipelineParallel,
            dataParallel: plan.layout.dataParallel,
            expertParallel: plan.layout.expertParallel,
            dataParallelAttention: plan.layout.dataParallelAttention,
            nodes: plan.layout.nodeCount,
            nodeRank: 0,
          }
        : undefined,
      maxModelLen: plan?.contextTokens ?? deployment.options.contextTokens,
      maxNumSeqs: deployment.options.parallelSequences,
      memoryFraction: plan?.gpuMemoryUtilization,
      kvCacheDtype: plan?.kvCacheDtype,
      quantization: model.metadata.quantization?.toLowerCase(),
      isReasoningModel: model.metadata.isReasoning ?? false,
      deepseek: model.metadata.isReasoning ? { reasoningParser: true } : undefined,
      kvCapacityTokens: plan?.kvTokensTotal,
      extraArgs: deployment.options.extraArgs,
      extraEnv: deployment.options.extraEnv,
      workDir,
      executable: executable ?? undefined,
      node: { nodePath: this.options.nodePath, entry: this.options.simulatorEntry },
    });
    if (!result.ok) throw new ValidationError(result.message, { engine: deployment.engine }, result.reason);
    return result.spec;
  }
}
