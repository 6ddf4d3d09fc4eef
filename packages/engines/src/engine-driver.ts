import type { EngineName } from '@hangar/core';
import type { DeviceVendor, EngineLaunchInput } from './engine-launch-input.js';
import type { LaunchSpec, MetricsDialect } from './launch-spec.js';

/** Why a driver will not launch what it was given. */
export type EngineRefusalReason =
  | 'conflicting_extra_args'
  | 'conflicting_extra_env'
  | 'invalid_layout'
  | 'unsupported_device'
  | 'unsupported_option'
  | 'missing_input'
  | 'invalid_config';

export interface EngineRefusal {
  ok: false;
  reason: EngineRefusalReason;
  /** Says what is wrong and what to do. */
  message: string;
}

export type EngineBuildResult = { ok: true; spec: LaunchSpec } | EngineRefusal;

/** How discovery finds an engine (see `detectEngines`). */
export type EngineDetection =
  | { kind: 'executable'; command: string; versionArgs: string[]; defaultLocations?: string[] }
  | { kind: 'python-module'; distribution: string }
  | { kind: 'mindie'; command: string; defaultLocations: string[] }
  | { kind: 'node-entry' };

/** One inference engine: how to launch it, know it is ready, read its metrics, explain its failures, find it. */
export interface EngineDriver {
  readonly name: EngineName;
  /** For people: `vLLM`, `SGLang`, `llama.cpp server`... */
  readonly displayName: string;
  readonly vendors: readonly DeviceVendor[];
  /** Argv, env, files, readiness for one instance process, or why not. Pure. */
  build(input: EngineLaunchInput): EngineBuildResult;
  readonly readiness: { healthPath: string; readinessPaths: string[] };
  readonly metricsDialect: MetricsDialect;
  readonly detection: EngineDetection;
  /** How to install it, for "engine missing" messages. */
  installHint(): string;
  explainFailure(lines: readonly string[]): string | null;
}

export function refuse(reason: EngineRefusalReason, message: string): EngineRefusal {
  return { ok: false, reason, message };
}
