/** Engines an instance can run (see the glossary in docs/architecture.md). */
export const ENGINE_NAMES = [
  'llama-cpp',
  'llama-server',
  'vllm',
  'sglang',
  'mindie',
  'vllm-ascend',
  'simulator',
] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/**
 * Lifecycle of one instance: pending -> (downloading, while its model's files are fetched) -> starting -> ready, or
 * failed (then restarted with backoff), or stopped.
 */
export const INSTANCE_STATES = [
  'pending',
  'downloading',
  'starting',
  'ready',
  'failed',
  'stopping',
  'stopped',
] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** Desired state of a deployment. */
export const DEPLOYMENT_STATES = ['running', 'stopped'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export const USER_ROLES = ['admin', 'user'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a model file's header says about it. */
export interface ModelMetadata {
  architecture: string;
  contextTokens: number | null;
  parameterCount: number | null;
  quantization: string | null;
  embeddingLength: number | null;
  layerCount: number | null;
  hasChatTemplate: boolean;
  vocabularySize: number | null;
  headCount?: number | null;
  headCountKv?: number | null;
  /** For models deployed from the built-in catalog: its id and the chosen file's id. */
  catalogId?: string | null;
  catalogFileId?: string | null;
  /** Emits `<think>` reasoning (DeepSeek-R1 family). */
  isReasoning?: boolean;
}

export type ModelSourceKind = 'local' | 'huggingface' | 'modelscope';

export interface Model {
  id: string;
  name: string;
  source: ModelSourceKind;
  format: 'gguf' | 'safetensors';
  /** `owner/name` on the hub, for downloaded models. */
  repo?: string | null;
  path: string;
  sizeBytes: number;
  metadata: ModelMetadata;
  createdAt: number;
}

/** Engine options of a deployment; what is not set takes the engine's default. */
export interface DeploymentOptions {
  /** Context window of each instance, shared by its parallel sequences. */
  contextTokens?: number | undefined;
  /** Requests an instance decodes at once (parallel context sequences). */
  parallelSequences?: number | undefined;
  /** CPU threads for the embedded engine. */
  threads?: number | undefined;
  /** Chat template to use when the GGUF carries none (e.g. `chatml`, `llama2`, `general`). */
  fallbackChatTemplate?: string | undefined;
  /** Catalog file to deploy (`fp8`, `bf16`, `gguf-q4_k_m`...); default: the first that fits. */
  file?: string | undefined;
  /** Engine arguments and environment added after the planned ones (conflicts are refused). */
  extraArgs?: string[] | undefined;
  extraEnv?: Record<string, string> | undefined;
  /** Where instances may go: `binpack` (default) or `spread`, an exact device model, node labels that must match. */
  placement?:
    | {
        strategy?: 'binpack' | 'spread' | undefined;
        deviceModel?: string | undefined;
        nodeLabels?: Record<string, string> | undefined;
      }
    | undefined;
  /** How the gateway spreads requests over the instances, other names for the model, and what to use instead. */
  routing?:
    | {
        policy?:
          | 'least-outstanding'
          | 'engine-load'
          | 'prefix-affinity'
          | 'session-affinity'
          | 'round-robin'
          | undefined;
        aliases?: string[] | undefined;
        fallbacks?: string[] | undefined;
      }
    | undefined;
}

export interface Deployment {
  id: string;
  name: string;
  modelId: string;
  engine: EngineName;
  replicas: number;
  state: DeploymentState;
  options: DeploymentOptions;
  createdAt: number;
  updatedAt: number;
}

export interface Instance {
  id: string;
  deploymentId: string;
  ordinal: number;
  state: InstanceState;
  port: number | null;
  pid: number | null;
  restarts: number;
  startedAt: number | null;
  readyAt: number | null;
  lastError: string | null;
  updatedAt: number;
  /** The planner's KV-cache prediction next to the figure the engine printed at startup (when it prints one). */
  kvCache?: InstanceKvCache | null;
}

export interface InstanceKvCache {
  predictedKvTokens: number;
  actualKvTokens: number | null;
  predictedKvBytes: number;
  actualKvBytes: number | null;
  errorPercent: number | null;
}

/**
 * Limits of a key, a user or a team; a missing field means no limit. Budgets are calendar windows in UTC.
 */
export interface LimitSet {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
  tokensPerDay?: number | undefined;
  tokensPerMonth?: number | undefined;
}

export interface Team {
  id: string;
  name: string;
  limits: LimitSet;
  createdAt: number;
}

export interface User {
  id: string;
  username: string;
  role: UserRole;
  mustChangePassword: boolean;
  createdAt: number;
  teamId?: string | null;
  limits?: LimitSet;
  disabledAt?: number | null;
}

export interface ApiKey {
  id: string;
  name: string;
  /** The first characters of the secret, to recognise it in lists (`hk-3f9a…`). */
  prefix: string;
  userId: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  expiresAt?: number | null;
  /** Models this key may call; null or absent: all. */
  allowedModels?: string[] | null;
  limits?: LimitSet;
}

/** An event in the life of a deployment or instance, shown to operators. */
export interface HangarEvent {
  id: number;
  at: number;
  type: string;
  deploymentId: string | null;
  instanceId: string | null;
  message: string;
}
