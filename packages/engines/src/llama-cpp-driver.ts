import type { LaunchSpec } from './launch-spec.js';

export interface LlamaCppLaunchOptions {
  /** Path of the embedded engine's entry (`packages/engine-llama/dist/main.js`). */
  entry: string;
  /** The Node.js binary that runs it. */
  nodePath: string;
  modelPath: string;
  modelName: string;
  port: number;
  threads: number;
  parallelSequences: number;
  contextTokens: number;
  fallbackChatTemplate?: string | undefined;
  /** Loading a big GGUF on a slow disk takes a while. */
  startTimeoutMs?: number;
}

/** The embedded engine (node-llama-cpp in its own process): argv for `engine-llama`'s main. */
export function buildLlamaCppLaunch(options: LlamaCppLaunchOptions): LaunchSpec {
  const args = [
    options.entry,
    '--model', options.modelPath,
    '--model-name', options.modelName,
    '--host', '127.0.0.1',
    '--port', String(options.port),
    '--threads', String(options.threads),
    '--parallel', String(options.parallelSequences),
    '--context', String(options.contextTokens),
  ];
  if (options.fallbackChatTemplate) args.push('--fallback-chat-template', options.fallbackChatTemplate);
  return {
    command: options.nodePath,
    args,
    env: { HANGAR_PARENT_PID: String(process.pid) },
    port: options.port,
    healthPath: '/health',
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    // The embedded engine splits <think> itself.
    needsReasoningSplit: false,
  };
}
