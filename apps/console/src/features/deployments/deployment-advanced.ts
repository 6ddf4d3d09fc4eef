import type { CreateDeploymentRequest } from '@hangar/contracts';
import type { MessageKey } from '../../i18n/messages-zh';

type Options = NonNullable<CreateDeploymentRequest['options']>;
export type RoutingPolicy = NonNullable<NonNullable<Options['routing']>['policy']>;
export type PlacementStrategy = NonNullable<NonNullable<Options['placement']>['strategy']>;

/** The gateway's balancing policies (contracts' routing.policy), in the order the wizard offers them. */
export const ROUTING_POLICIES = [
  'least-outstanding',
  'engine-load',
  'prefix-affinity',
  'session-affinity',
  'round-robin',
] as const satisfies readonly RoutingPolicy[];

/** The wizard's model file, routing and placement fields; blank means the server's default. */
export interface AdvancedFormValues {
  /** A catalog file id (`fp8`, `gguf-q4_k_m`); blank: the first that fits. */
  file?: string;
  routingPolicy?: RoutingPolicy;
  /** Other names API calls may use for this deployment. */
  aliases?: string[];
  /** Deployments tried, in order, when this one cannot answer. */
  fallbacks?: string[];
  placementStrategy?: PlacementStrategy;
  /** An exact device model as the nodes page shows it. */
  deviceModel?: string;
  /** `key=value` entries, all of which a node must carry. */
  nodeLabels?: string[];
}

export type AdvancedFormErrors = Partial<Record<keyof AdvancedFormValues, MessageKey>>;

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/;
const LABEL_PATTERN = /^[^=\s]+=\S*$/;
const clean = (values: readonly string[] | undefined) => [
  ...new Set((values ?? []).map((value) => value.trim()).filter(Boolean)),
];

/** Problems of the advanced fields, with the server's limits (16 aliases, 8 fallbacks). */
export function validateAdvanced(values: AdvancedFormValues): AdvancedFormErrors {
  const errors: AdvancedFormErrors = {};
  const aliases = clean(values.aliases);
  if (aliases.length > 16 || aliases.some((alias) => alias.length > 64 || !NAME_PATTERN.test(alias)))
    errors.aliases = 'deployments.aliasesInvalid';
  if (clean(values.fallbacks).length > 8) errors.fallbacks = 'deployments.fallbacksInvalid';
  if (clean(values.nodeLabels).some((label) => !LABEL_PATTERN.test(label)))
    errors.nodeLabels = 'deployments.nodeLabelsInvalid';
  return errors;
}

/** `key=value` entries as the record the server takes. */
export function nodeLabelsOf(entries: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    clean(entries).map((entry) => {
      const at = entry.indexOf('=');
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/** The request options for the advanced fields: only what is set, so the server's defaults apply to the rest. */
export function advancedOptions(values: AdvancedFormValues): Pick<Options, 'file' | 'routing' | 'placement'> {
  const aliases = clean(values.aliases);
  const fallbacks = clean(values.fallbacks);
  const labels = nodeLabelsOf(values.nodeLabels);
  const routing: NonNullable<Options['routing']> = {
    ...(values.routingPolicy ? { policy: values.routingPolicy } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    ...(fallbacks.length > 0 ? { fallbacks } : {}),
  };
  const placement: NonNullable<Options['placement']> = {
    ...(values.placementStrategy ? { strategy: values.placementStrategy } : {}),
    ...(values.deviceModel ? { deviceModel: values.deviceModel } : {}),
    ...(Object.keys(labels).length > 0 ? { nodeLabels: labels } : {}),
  };
  return {
    ...(values.file ? { file: values.file } : {}),
    ...(Object.keys(routing).length > 0 ? { routing } : {}),
    ...(Object.keys(placement).length > 0 ? { placement } : {}),
  };
}
