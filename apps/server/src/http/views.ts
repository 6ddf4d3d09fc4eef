import type { ApiKey, Deployment, HangarEvent, Instance, Model } from '@hangar/core';
import type {
  ApiKeyView,
  DeploymentPlanView,
  DeploymentView,
  EventView,
  InstanceView,
  ModelView,
} from '@hangar/contracts';
import type { Plan } from '@hangar/planner';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function modelView(model: Model): ModelView {
  return {
    id: model.id,
    name: model.name,
    source: model.source,
    format: model.format,
    path: model.path,
    sizeBytes: model.sizeBytes,
    architecture: model.metadata.architecture,
    contextTokens: model.metadata.contextTokens,
    parameterCount: model.metadata.parameterCount,
    quantization: model.metadata.quantization,
    embeddingLength: model.metadata.embeddingLength,
    hasChatTemplate: model.metadata.hasChatTemplate,
    createdAt: new Date(model.createdAt).toISOString(),
  };
}

export function instanceView(
  instance: Instance,
  deploymentName: string,
  now: number,
  routingWeight?: number,
): InstanceView {
  return {
    ...(routingWeight === undefined ? {} : { routingWeight }),
    id: instance.id,
    deploymentId: instance.deploymentId,
    deployment: deploymentName,
    ordinal: instance.ordinal,
    state: instance.state,
    port: instance.port,
    pid: instance.pid,
    restarts: instance.restarts,
    startedAt: iso(instance.startedAt),
    readyAt: iso(instance.readyAt),
    uptimeSeconds:
      instance.state === 'ready' && instance.readyAt !== null
        ? Math.round((now - instance.readyAt) / 1000)
        : null,
    lastError: instance.lastError,
    kvCache: instance.kvCache ?? null,
  };
}

export function planView(plan: Plan): DeploymentPlanView {
  return {
    device: `${plan.device.vendor} ${plan.device.model}`,
    layout: { ...plan.layout },
    contextTokens: plan.contextTokens,
    concurrency: plan.concurrency,
    maxConcurrency: plan.maxConcurrency,
    kvBytesPerToken: plan.kvBytesPerToken,
    weightsBytesPerDevice: plan.weightsBytesPerDevice,
    requiredBytesPerDevice: plan.requiredBytesPerDevice,
    kvTokensTotal: plan.kvTokensTotal,
    engineArgs: plan.engineArgs,
    explanation: plan.explanation,
  };
}

export function deploymentView(
  deployment: Deployment,
  modelName: string,
  instances: Instance[],
  now: number,
  plan?: Plan,
  routingWeights?: Readonly<Record<string, number>>,
): DeploymentView {
  return {
    id: deployment.id,
    name: deployment.name,
    model: modelName,
    modelId: deployment.modelId,
    engine: deployment.engine,
    replicas: deployment.replicas,
    readyReplicas: instances.filter((instance) => instance.state === 'ready').length,
    state: deployment.state,
    options: deployment.options,
    instances: instances.map((instance) =>
      instanceView(instance, deployment.name, now, routingWeights?.[instance.id]),
    ),
    plan: plan ? planView(plan) : null,
    createdAt: new Date(deployment.createdAt).toISOString(),
  };
}

export function apiKeyView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    userId: key.userId,
    createdAt: new Date(key.createdAt).toISOString(),
    revokedAt: iso(key.revokedAt),
    lastUsedAt: iso(key.lastUsedAt),
    expiresAt: iso(key.expiresAt ?? null),
    allowedModels: key.allowedModels ?? null,
    limits: { ...key.limits },
  };
}

export function eventView(event: HangarEvent): EventView {
  return { ...event, at: new Date(event.at).toISOString() };
}
