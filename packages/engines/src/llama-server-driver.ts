import { deviceVisibilityEnv } from './device-visibility.js';
import { refuse, type EngineBuildResult, type EngineDriver } from './engine-driver.js';
import type { EngineLaunchInput } from './engine-launch-input.js';
import { explainEngineFailure } from './explain-engine-failure.js';
import { FLAG_HINTS, mergeExtraOptions } from './extra-options.js';

const NAME = 'llama.cpp server';

/** `llama-server` over one GGUF file: its context is shared by its parallel slots. */
function buildLlamaServer(input: EngineLaunchInput): EngineBuildResult {
  const deepseek = input.deepseek ?? {};
  const used = [deepseek.deepEpMode, deepseek.deepGemm, deepseek.flashMla, deepseek.toolCallParser].some(
    (value) => value,
  );
  if (used || (deepseek.mtpSpeculativeTokens ?? 0) > 0) {
    return refuse(
      'unsupported_option',
      `${NAME} has no DeepEP, DeepGEMM, FlashMLA, MTP or DeepSeek tool-call switches: turn them off.`,
    );
  }
  if (!input.modelPath.toLowerCase().endsWith('.gguf')) {
    return refuse(
      'missing_input',
      `${NAME} loads GGUF files; '${input.modelPath}' is not one. Pick a GGUF file of the model.`,
    );
  }
  const slots = input.maxNumSeqs ?? 1;
  const isCpu = input.devices.vendor === 'cpu';
  const args = [
    '--model',
    input.modelPath,
    '--alias',
    input.servedModelName,
    '--host',
    input.host,
    '--port',
    String(input.port),
  ];
  if (input.maxModelLen !== undefined) args.push('--ctx-size', String(input.maxModelLen * slots));
  args.push('--parallel', String(slots), '--n-gpu-layers', isCpu ? '0' : '999');
  if (!isCpu && input.devices.indices.length > 1) args.push('--split-mode', 'layer');
  if (input.kvCacheDtype === 'q8_0' || input.kvCacheDtype === 'q4_0') {
    args.push('--cache-type-k', input.kvCacheDtype, '--cache-type-v', input.kvCacheDtype);
  }
  if (deepseek.reasoningParser) args.push('--reasoning-format', 'deepseek');
  args.push('--jinja', '--metrics');
  const merged = mergeExtraOptions(
    { args, env: deviceVisibilityEnv(input.devices) },
    input.extraArgs,
    input.extraEnv,
    {
      ...FLAG_HINTS,
      '--ctx-size': 'set contextTokens on the deployment instead',
      '--parallel': 'set the deployment concurrency instead',
    },
  );
  if (!merged.ok) return merged;
  return {
    ok: true,
    spec: {
      command: input.executable ?? 'llama-server',
      args: merged.args,
      env: merged.env,
      ...(input.workDir !== undefined ? { cwd: input.workDir } : {}),
      port: input.port,
      // 503 while the model loads, 200 after.
      healthPath: '/health',
      startTimeoutMs: input.startTimeoutMs ?? 600_000,
      needsReasoningSplit: input.isReasoningModel === true && deepseek.reasoningParser !== true,
      engine: 'llama-server',
      metrics: { port: input.port, path: '/metrics', dialect: 'llamacpp' },
      explainFailure: (lines) => explainEngineFailure('llama-server', lines),
    },
  };
}

export const llamaServerEngine: EngineDriver = {
  name: 'llama-server',
  displayName: NAME,
  vendors: ['nvidia', 'amd', 'hygon', 'ascend', 'mthreads', 'cpu'],
  build: buildLlamaServer,
  readiness: { healthPath: '/health', readinessPaths: [] },
  metricsDialect: 'llamacpp',
  detection: { kind: 'executable', command: 'llama-server', versionArgs: ['--version'] },
  installHint: () =>
    'llama-server is not installed: download a release for your accelerator from github.com/ggml-org/llama.cpp ' +
    '(or build it with -DGGML_CUDA=ON), then put llama-server on PATH or set engines.llama-server.path.',
  explainFailure: (lines) => explainEngineFailure('llama-server', lines),
};
