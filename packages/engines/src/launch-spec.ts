/** What a driver turns a deployment into: one process speaking OpenAI-compatible HTTP on `port`. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  port: number;
  /** Path polled for readiness; 200 means ready. */
  healthPath: string;
  /** How long the engine may take to become ready before it counts as failed. */
  startTimeoutMs: number;
  /** Whether the gateway must split `<think>` out of this engine's content. */
  needsReasoningSplit: boolean;
}
