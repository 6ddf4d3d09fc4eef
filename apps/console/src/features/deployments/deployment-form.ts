import type { CreateDeploymentRequest, PlanRequest } from '@hangar/contracts';
import type { MessageKey } from '../../i18n/messages-zh';
import { advancedOptions, validateAdvanced, type AdvancedFormValues } from './deployment-advanced';

/** What the create wizard collects; empty numbers mean "the engine's default". */
export interface DeploymentFormValues extends AdvancedFormValues {
  model: string;
  name?: string;
  /** Empty: the server picks (the embedded engine for a GGUF file, vLLM for a catalog model). */
  engine?: string;
  replicas: number;
  contextTokens?: number | null;
  parallelSequences?: number | null;
  threads?: number | null;
}

export type DeploymentFormErrors = Partial<Record<keyof DeploymentFormValues, MessageKey>>;

// The same limits as contracts' createDeploymentRequestSchema, checked here so the wizard can say so per field.
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/;
const RANGES = {
  replicas: [0, 64],
  contextTokens: [64, 1_048_576],
  parallelSequences: [1, 64],
  threads: [1, 256],
} as const;

function isInRange(value: number | null | undefined, [min, max]: readonly [number, number]): boolean {
  return value == null || (Number.isInteger(value) && value >= min && value <= max);
}

/** Field-by-field problems of the wizard's values (empty when it can be sent). */
export function validateDeployment(values: DeploymentFormValues): DeploymentFormErrors {
  const errors: DeploymentFormErrors = {};
  if (values.model.trim() === '') errors.model = 'deployments.modelRequired';
  const name = values.name?.trim() ?? '';
  if (name !== '' && (name.length > 64 || !NAME_PATTERN.test(name))) errors.name = 'deployments.nameInvalid';
  if (!isInRange(values.replicas, RANGES.replicas)) errors.replicas = 'deployments.replicasInvalid';
  if (!isInRange(values.contextTokens, RANGES.contextTokens))
    errors.contextTokens = 'deployments.contextInvalid';
  if (!isInRange(values.parallelSequences, RANGES.parallelSequences)) {
    errors.parallelSequences = 'deployments.parallelInvalid';
  }
  if (!isInRange(values.threads, RANGES.threads)) errors.threads = 'deployments.threadsInvalid';
  return { ...errors, ...validateAdvanced(values) };
}

type EngineName = NonNullable<CreateDeploymentRequest['engine']>;

// The glossary's engines (contracts' ENGINE_NAMES, repeated as types only so zod stays out of the bundle).
const ENGINES = {
  'llama-cpp': true,
  'llama-server': true,
  vllm: true,
  sglang: true,
  mindie: true,
  'vllm-ascend': true,
  simulator: true,
} satisfies Record<EngineName, true>;

function engineOf(value: string | undefined): EngineName | undefined {
  return value !== undefined && Object.hasOwn(ENGINES, value) ? (value as EngineName) : undefined;
}

/** The planner's question for the same values (`POST /api/plans`): same file, engine and device model. */
export function toPlanRequest(values: DeploymentFormValues): PlanRequest {
  const engine = engineOf(values.engine);
  return {
    model: values.model,
    ...(values.file ? { file: values.file } : {}),
    ...(engine ? { engine } : {}),
    ...(values.deviceModel ? { deviceModel: values.deviceModel } : {}),
    ...(values.contextTokens != null ? { contextTokens: values.contextTokens } : {}),
    ...(values.parallelSequences != null ? { concurrency: values.parallelSequences } : {}),
  };
}

/** The request the wizard sends: blank fields are left out so the server's defaults apply. */
export function toCreateRequest(values: DeploymentFormValues): CreateDeploymentRequest {
  const options: NonNullable<CreateDeploymentRequest['options']> = advancedOptions(values);
  if (values.contextTokens != null) options.contextTokens = values.contextTokens;
  if (values.parallelSequences != null) options.parallelSequences = values.parallelSequences;
  if (values.threads != null) options.threads = values.threads;
  const name = values.name?.trim();
  const engine = engineOf(values.engine);
  return {
    model: values.model,
    ...(name ? { name } : {}),
    ...(engine ? { engine } : {}),
    replicas: values.replicas,
    options,
  };
}
