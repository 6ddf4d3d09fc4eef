import { refuse, type EngineBuildResult, type EngineDriver } from './engine-driver.js';
import type { EngineLaunchInput } from './engine-launch-input.js';
import { explainEngineFailure } from './explain-engine-failure.js';
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
  startTimeoutMs?: number | undefined;
}

/**
 * Environment the embedded engine runs best with. One libuv pool thread: node-llama-cpp runs every native decode
 * and sample on a pool thread, and with libuv's default four they hop between OS threads, each becoming an
 * OpenMP master with its own worker team; on a small machine those teams fight over the cores (measured:
 * 0.85x of llama-server's throughput with one stream, 0.97-1.03x with one pool thread). It must be set
 * before the process starts: libuv sizes the pool when Node loads the entry module. An operator's extra env wins.
 */
export const embeddedEngineEnv: Readonly<Record<string, string>> = Object.freeze({ UV_THREADPOOL_SIZE: '1' });

/** The embedded engine (node-llama-cpp in its own process): argv for `engine-llama`'s main. */
export function buildLlamaCppLaunch(options: LlamaCppLaunchOptions): LaunchSpec {
  const args = [
    options.entry,
    '--model',
    options.modelPath,
    '--model-name',
    options.modelName,
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--threads',
    String(options.threads),
    '--parallel',
    String(options.parallelSequences),
    '--context',
    String(options.contextTokens),
  ];
  if (options.fallbackChatTemplate) args.push('--fallback-chat-template', options.fallbackChatTemplate);
  return {
    command: options.nodePath,
    args,
    env: { HANGAR_PARENT_PID: String(process.pid), ...embeddedEngineEnv },
    port: options.port,
    healthPath: '/health',
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
    // The embedded engine splits <think> itself.
    needsReasoningSplit: false,
  };
}

/** The embedded engine as a driver: one GGUF, CPU threads, parallel sequences sharing one context. */
export const llamaCppEngine: EngineDriver = {
  name: 'llama-cpp',
  displayName: 'embedded llama.cpp',
  vendors: ['cpu', 'nvidia', 'amd', 'hygon', 'mthreads', 'ascend'],
  build(input: EngineLaunchInput): EngineBuildResult {
    if (input.node === undefined)
      return refuse(
        'missing_input',
        'The embedded engine needs the path of packages/engine-llama/dist/main.js.',
      );
    if ((input.extraArgs ?? []).length > 0) {
      return refuse(
        'conflicting_extra_args',
        'The embedded engine takes no extra arguments: use the deployment options.',
      );
    }
    const parallelSequences = input.maxNumSeqs ?? 1;
    const spec = buildLlamaCppLaunch({
      entry: input.node.entry,
      nodePath: input.node.nodePath,
      modelPath: input.modelPath,
      modelName: input.servedModelName,
      port: input.port,
      threads: input.node.threads ?? 1,
      parallelSequences,
      // The engine's --context is per sequence (each parallel sequence can use all of it).
      contextTokens: input.maxModelLen ?? 4096,
      startTimeoutMs: input.startTimeoutMs,
    });
    return {
      ok: true,
      spec: {
        ...spec,
        env: { ...spec.env, ...input.extraEnv },
        engine: 'llama-cpp',
        metrics: { port: input.port, path: '/metrics', dialect: 'hangar-engine' },
        explainFailure: (lines) => explainEngineFailure('llama-cpp', lines),
      },
    };
  },
  readiness: { healthPath: '/health', readinessPaths: [] },
  metricsDialect: 'hangar-engine',
  detection: { kind: 'node-entry' },
  installHint: () =>
    'The embedded engine is built with Hangar: run npm run build (packages/engine-llama/dist/main.js).',
  explainFailure: (lines) => explainEngineFailure('llama-cpp', lines),
};
