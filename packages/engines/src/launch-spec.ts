import type { EngineName } from '@hangar/core';

/** Which metric names an engine exposes (see `normalizeEngineMetrics`). */
export type MetricsDialect = 'vllm' | 'sglang' | 'llamacpp' | 'mindie' | 'hangar-engine';

/** A file the supervisor writes before spawning (an engine's config file). */
export interface LaunchFile {
  /** Absolute path. */
  path: string;
  content: string;
}

/** What a driver turns a deployment into: one process speaking OpenAI-compatible HTTP on `port`. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  port: number;
  /** Path polled for readiness and liveness; 200 means ready. */
  healthPath: string;
  /** How long the engine may take to become ready before it counts as failed. */
  startTimeoutMs: number;
  /** Whether the gateway must split `<think>` out of this engine's content. */
  needsReasoningSplit: boolean;
  /** The engine that runs (for events and metrics labels). */
  engine?: EngineName;
  /** Written (directories created) before each spawn. */
  files?: LaunchFile[];
  /** More paths that must answer 200 before the instance counts as ready (vLLM: `/v1/models`). */
  readinessPaths?: string[];
  /**
   * `http` (default): ready when the health checks pass. `process`: ready once running (followers of a multi-node
   * instance serve no HTTP; the head's checks cover them).
   */
  readiness?: 'http' | 'process';
  /** Where the engine's Prometheus metrics are, and in which names. */
  metrics?: { port: number; path: string; dialect: MetricsDialect };
  /** Explains the engine's last output after it exited ("vLLM ran out of GPU memory..."), or null. */
  explainFailure?: (lines: readonly string[]) => string | null;
}
