import { refuse, type EngineBuildResult, type EngineDriver } from './engine-driver.js';
import type { EngineLaunchInput } from './engine-launch-input.js';
import { explainEngineFailure } from './explain-engine-failure.js';
import { mergeExtraOptions } from './extra-options.js';

/**
 * The Hangar simulator (`packages/engine-simulator`): vLLM's HTTP API and metrics without a model, for tests and
 * benchmarks. Extra args pass the simulator's own knobs (`--ttft-ms`, `--token-ms`, `--fail-mode`...).
 */
function buildSimulator(input: EngineLaunchInput): EngineBuildResult {
  if (input.node === undefined)
    return refuse('missing_input', 'The simulator needs the path of packages/engine-simulator/dist/main.js.');
  const args = [
    input.node.entry,
    '--host',
    input.host,
    '--port',
    String(input.port),
    '--model-name',
    input.servedModelName,
  ];
  if (input.maxModelLen !== undefined) args.push('--max-model-len', String(input.maxModelLen));
  if (input.maxNumSeqs !== undefined) args.push('--max-num-seqs', String(input.maxNumSeqs));
  if (input.kvCapacityTokens !== undefined) args.push('--kv-capacity-tokens', String(input.kvCapacityTokens));
  const reasoning =
    input.isReasoningModel !== true ? 'none' : input.deepseek?.reasoningParser ? 'field' : 'tags';
  args.push('--reasoning', reasoning);
  const merged = mergeExtraOptions(
    { args, env: { HANGAR_PARENT_PID: String(process.pid) } },
    input.extraArgs,
    input.extraEnv,
  );
  if (!merged.ok) return merged;
  return {
    ok: true,
    spec: {
      command: input.node.nodePath,
      args: merged.args,
      env: merged.env,
      ...(input.workDir !== undefined ? { cwd: input.workDir } : {}),
      port: input.port,
      healthPath: '/health',
      readinessPaths: ['/v1/models'],
      startTimeoutMs: input.startTimeoutMs ?? 60_000,
      needsReasoningSplit: reasoning === 'tags',
      engine: 'simulator',
      metrics: { port: input.port, path: '/metrics', dialect: 'vllm' },
      explainFailure: (lines) => explainEngineFailure('simulator', lines),
    },
  };
}

export const simulatorEngine: EngineDriver = {
  name: 'simulator',
  displayName: 'Hangar simulator',
  vendors: ['nvidia', 'amd', 'hygon', 'ascend', 'mthreads', 'cpu'],
  build: buildSimulator,
  readiness: { healthPath: '/health', readinessPaths: ['/v1/models'] },
  metricsDialect: 'vllm',
  detection: { kind: 'node-entry' },
  installHint: () =>
    'The simulator is built with Hangar: run npm run build (packages/engine-simulator/dist/main.js).',
  explainFailure: (lines) => explainEngineFailure('simulator', lines),
};
