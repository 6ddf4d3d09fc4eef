import { join } from 'node:path';
import { deviceVisibilityEnv } from './device-visibility.js';
import { refuse, type EngineBuildResult, type EngineDriver } from './engine-driver.js';
import { resolveLayout, type EngineLaunchInput } from './engine-launch-input.js';
import { explainEngineFailure } from './explain-engine-failure.js';
import { mergeExtraOptions } from './extra-options.js';
import { checkDeviceCount, checkVendor } from './layout-checks.js';
import { buildMindieConfig, checkMindieConfig } from './mindie-config.js';

const NAME = 'MindIE';
export const MINDIE_DEFAULT_DAEMON =
  '/usr/local/Ascend/mindie/latest/mindie-service/bin/mindieservice_daemon';

/**
 * MindIE Service takes no flags: Hangar writes its `config.json` into the instance's working directory and points
 * the daemon at it with MIES_CONFIG_JSON_PATH. The management and metrics ports are the two after the service port.
 */
function buildMindie(input: EngineLaunchInput): EngineBuildResult {
  const layout = resolveLayout(input);
  const problem =
    checkVendor(NAME, ['ascend'], input) ??
    checkDeviceCount(
      NAME,
      layout,
      layout.tensorParallel * layout.pipelineParallel * layout.dataParallel,
      input,
    );
  if (problem) return problem;
  if (layout.nodes > 1) {
    return refuse(
      'invalid_layout',
      `Multi-node ${NAME} needs a rank table that Hangar does not generate yet: use vLLM-Ascend across nodes.`,
    );
  }
  if (layout.pipelineParallel > 1 || layout.dataParallel > 1 || layout.expertParallel) {
    return refuse(
      'unsupported_option',
      `${NAME} is launched with tensor parallelism only here: set PP, DP and EP off or use vLLM-Ascend.`,
    );
  }
  const deepseek = input.deepseek ?? {};
  if (
    deepseek.deepEpMode ||
    deepseek.deepGemm ||
    deepseek.flashMla ||
    deepseek.reasoningParser ||
    deepseek.toolCallParser ||
    (deepseek.mtpSpeculativeTokens ?? 0) > 0
  ) {
    return refuse(
      'unsupported_option',
      `${NAME} has none of the DeepSeek switches (parsers, DeepEP, DeepGEMM, FlashMLA, MTP) as launch options: turn them off.`,
    );
  }
  if ((input.extraArgs ?? []).length > 0) {
    return refuse(
      'conflicting_extra_args',
      `${NAME} takes no command-line arguments; put settings in extraEnv or the deployment options.`,
    );
  }
  if (input.workDir === undefined)
    return refuse('missing_input', `${NAME} needs the instance's working directory for its config file.`);
  const configPath = join(input.workDir, 'config.json');
  const config = buildMindieConfig({
    host: input.host,
    port: input.port,
    managementPort: input.port + 1,
    metricsPort: input.port + 2,
    modelName: input.servedModelName,
    modelWeightPath: input.modelPath,
    worldSize: layout.tensorParallel,
    maxSeqLen: input.maxModelLen ?? 8192,
    maxBatchSize: input.maxNumSeqs ?? 64,
    trustRemoteCode: input.trustRemoteCode === true,
    logPath: join(input.workDir, 'mindie-server.log'),
  });
  const problems = checkMindieConfig(config);
  if (problems.length > 0)
    return refuse('invalid_config', `The ${NAME} config would be rejected: ${problems.join('; ')}.`);
  const env: Record<string, string> = {
    ...deviceVisibilityEnv(input.devices),
    MIES_CONFIG_JSON_PATH: configPath,
    // Our supervisor keeps the log: MindIE writes only to files unless told otherwise.
    MINDIE_LOG_TO_STDOUT: '1',
  };
  if (input.memoryFraction !== undefined) env['NPU_MEMORY_FRACTION'] = String(input.memoryFraction);
  const merged = mergeExtraOptions({ args: [], env }, [], input.extraEnv);
  if (!merged.ok) return merged;
  return {
    ok: true,
    spec: {
      command: input.executable ?? 'mindieservice_daemon',
      args: [],
      env: merged.env,
      cwd: input.workDir,
      port: input.port,
      // MindIE's OpenAI-compatible endpoint answers once the model is loaded on every NPU.
      healthPath: '/v1/models',
      startTimeoutMs: input.startTimeoutMs ?? 1_800_000,
      needsReasoningSplit: input.isReasoningModel === true,
      engine: 'mindie',
      files: [{ path: configPath, content: `${JSON.stringify(config, null, 2)}\n` }],
      metrics: { port: input.port + 2, path: '/metrics', dialect: 'mindie' },
      explainFailure: (lines) => explainEngineFailure('mindie', lines),
    },
  };
}

export const mindieEngine: EngineDriver = {
  name: 'mindie',
  displayName: NAME,
  vendors: ['ascend'],
  build: buildMindie,
  readiness: { healthPath: '/v1/models', readinessPaths: [] },
  metricsDialect: 'mindie',
  detection: { kind: 'mindie', command: 'mindieservice_daemon', defaultLocations: [MINDIE_DEFAULT_DAEMON] },
  installHint: () =>
    'MindIE is not installed: use the MindIE container image from Ascend (hiascend.com) or install CANN, ATB and ' +
    `MindIE, then set engines.mindie.path to mindieservice_daemon (default ${MINDIE_DEFAULT_DAEMON}).`,
  explainFailure: (lines) => explainEngineFailure('mindie', lines),
};
