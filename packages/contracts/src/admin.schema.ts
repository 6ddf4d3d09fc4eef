import { z } from 'zod';

/** Admin API (`/api/*`) request bodies and views. */

const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, 'use letters, digits, ".", "_", ":" or "-"');

export const loginRequestSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });
export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1),
  newPassword: z.string().min(8, 'use at least 8 characters'),
});

export const addModelRequestSchema = z.object({
  path: z.string().min(1),
  name: name.optional(),
});

export const deploymentOptionsSchema = z.object({
  contextTokens: z.number().int().min(64).max(1_048_576).optional(),
  parallelSequences: z.number().int().min(1).max(64).optional(),
  threads: z.number().int().min(1).max(256).optional(),
  fallbackChatTemplate: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  extraArgs: z.array(z.string()).max(64).optional(),
  extraEnv: z
    .record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'environment variable names are upper case'), z.string())
    .optional(),
  placement: z
    .object({
      strategy: z.enum(['binpack', 'spread']).optional(),
      deviceModel: z.string().min(1).optional(),
      nodeLabels: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  routing: z
    .object({
      policy: z
        .enum(['least-outstanding', 'engine-load', 'prefix-affinity', 'session-affinity', 'round-robin'])
        .optional(),
      aliases: z.array(name).max(16).optional(),
      fallbacks: z.array(z.string().min(1)).max(8).optional(),
    })
    .optional(),
});

/** Engines a deployment can run (the glossary's list). */
export const ENGINE_NAMES = [
  'llama-cpp',
  'llama-server',
  'vllm',
  'sglang',
  'mindie',
  'vllm-ascend',
  'simulator',
] as const;

export const createDeploymentRequestSchema = z.object({
  model: z.string().min(1),
  name: name.optional(),
  /** Default: the embedded engine for a GGUF model, vLLM for a catalog model. */
  engine: z.enum(ENGINE_NAMES).optional(),
  replicas: z.number().int().min(0).max(64).default(1),
  options: deploymentOptionsSchema.default({}),
});

export const scaleDeploymentRequestSchema = z.object({ replicas: z.number().int().min(0).max(64) });

export const createKeyRequestSchema = z.object({
  name: name,
  /** Days until the key expires; absent: never. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  /** Models the key may call; absent: all. */
  allowedModels: z.array(z.string().min(1)).min(1).optional(),
  limits: z
    .object({
      requestsPerMinute: z.number().int().positive().optional(),
      tokensPerMinute: z.number().int().positive().optional(),
      tokensPerDay: z.number().int().positive().optional(),
      tokensPerMonth: z.number().int().positive().optional(),
    })
    .strict()
    .optional(),
});

export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
export type AddModelRequest = z.infer<typeof addModelRequestSchema>;
export type CreateDeploymentRequest = z.input<typeof createDeploymentRequestSchema>;
export type ScaleDeploymentRequest = z.infer<typeof scaleDeploymentRequestSchema>;
export type CreateKeyRequest = z.input<typeof createKeyRequestSchema>;

export interface ModelView {
  id: string;
  name: string;
  source: string;
  format: string;
  path: string;
  sizeBytes: number;
  architecture: string;
  contextTokens: number | null;
  parameterCount: number | null;
  quantization: string | null;
  embeddingLength: number | null;
  hasChatTemplate: boolean;
  createdAt: string;
}

export interface InstanceView {
  id: string;
  deploymentId: string;
  deployment: string;
  ordinal: number;
  state: string;
  port: number | null;
  pid: number | null;
  restarts: number;
  startedAt: string | null;
  readyAt: string | null;
  uptimeSeconds: number | null;
  lastError: string | null;
  /**
   * The gateway's share weight for this replica relative to the route's smallest (from the memory bandwidth of
   * the devices it runs on); absent when all replicas are weighed alike.
   */
  routingWeight?: number;
  /** Predicted vs the engine's own KV-cache figure at startup. */
  kvCache?: {
    predictedKvTokens: number;
    actualKvTokens: number | null;
    predictedKvBytes: number;
    actualKvBytes: number | null;
    errorPercent: number | null;
  } | null;
}

/** The capacity plan a deployment was admitted with. */
export interface DeploymentPlanView {
  device: string;
  layout: Record<string, number | boolean>;
  contextTokens: number;
  concurrency: number;
  maxConcurrency: number;
  kvBytesPerToken: number;
  weightsBytesPerDevice: number;
  requiredBytesPerDevice: number;
  kvTokensTotal: number;
  engineArgs: string[];
  explanation: string[];
}

export interface EngineView {
  engine: string;
  displayName: string;
  installed: boolean;
  version: string | null;
  executable: string | null;
  isSimulator: boolean;
  installHint: string | null;
  problem: string | null;
}

export interface DeploymentView {
  id: string;
  name: string;
  model: string;
  modelId: string;
  engine: string;
  replicas: number;
  readyReplicas: number;
  state: string;
  options: z.infer<typeof deploymentOptionsSchema>;
  instances: InstanceView[];
  plan?: DeploymentPlanView | null;
  createdAt: string;
}

export interface EventView {
  id: number;
  at: string;
  type: string;
  deploymentId: string | null;
  instanceId: string | null;
  message: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  expiresAt?: string | null;
  allowedModels?: string[] | null;
  limits?: Record<string, number | undefined>;
}

export interface CreatedApiKey extends ApiKeyView {
  /** The secret, shown once. */
  key: string;
}

export interface SessionView {
  token: string;
  user: { id: string; username: string; role: string; mustChangePassword: boolean };
  expiresAt: string;
}

export interface InstanceLogsView {
  instanceId: string;
  lines: string[];
}

export interface HealthView {
  status: 'ok';
  version: string;
}

/** The admin API's error envelope. */
export interface AdminErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId: string };
}
