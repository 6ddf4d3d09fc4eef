import { deviceVisibilityEnv } from './device-visibility.js';
import { refuse, type EngineBuildResult, type EngineDriver } from './engine-driver.js';
import { resolveLayout, type EngineLaunchInput } from './engine-launch-input.js';
import { explainEngineFailure } from './explain-engine-failure.js';
import { FLAG_HINTS, mergeExtraOptions } from './extra-options.js';
import { checkCudaOnlySwitches, checkDeviceCount, checkMaster, checkVendor } from './layout-checks.js';

const NAME = 'SGLang';
const DEFAULT_DIST_PORT = 5000;
const QUANTIZATION_FLAGS: Record<string, string> = {
  w8a8: 'w8a8_int8',
  awq: 'awq',
  gptq: 'gptq',
  w8a8_fp8: 'w8a8_fp8',
};

/** `python3 -m sglang.launch_server ...` for one instance (or one node of it). */
function buildSglang(input: EngineLaunchInput): EngineBuildResult {
  const layout = resolveLayout(input);
  const deepseek = input.deepseek ?? {};
  // With DP attention the DP ranks live inside the TP group; plain DP runs dp copies of the TP group.
  const gpus =
    layout.tensorParallel *
    layout.pipelineParallel *
    (layout.dataParallelAttention ? 1 : layout.dataParallel);
  const problem =
    checkVendor(NAME, ['nvidia', 'amd'], input) ??
    checkCudaOnlySwitches(NAME, input) ??
    checkDeviceCount(NAME, layout, gpus / layout.nodes, input) ??
    checkMaster(layout);
  if (problem) return problem;
  if (deepseek.deepEpMode !== undefined && !layout.expertParallel) {
    return refuse(
      'unsupported_option',
      'DeepEP is an all-to-all for expert parallelism: turn expertParallel on or DeepEP off.',
    );
  }
  const args = [
    '-m',
    'sglang.launch_server',
    '--model-path',
    input.modelPath,
    '--served-model-name',
    input.servedModelName,
  ];
  args.push('--host', input.host, '--port', String(input.port));
  if (input.trustRemoteCode) args.push('--trust-remote-code');
  args.push('--tp', String(layout.tensorParallel));
  if (layout.pipelineParallel > 1) args.push('--pp-size', String(layout.pipelineParallel));
  if (layout.dataParallel > 1) {
    args.push('--dp', String(layout.dataParallel));
    if (layout.dataParallelAttention) args.push('--enable-dp-attention');
  }
  if (layout.expertParallel) args.push('--ep-size', String(layout.tensorParallel));
  if (layout.nodes > 1) {
    args.push('--nnodes', String(layout.nodes), '--node-rank', String(layout.nodeRank));
    args.push('--dist-init-addr', `${layout.masterAddr ?? ''}:${layout.masterPort ?? DEFAULT_DIST_PORT}`);
  }
  if (input.maxModelLen !== undefined) args.push('--context-length', String(input.maxModelLen));
  if (input.maxNumSeqs !== undefined) args.push('--max-running-requests', String(input.maxNumSeqs));
  if (input.memoryFraction !== undefined) args.push('--mem-fraction-static', String(input.memoryFraction));
  if (input.kvCacheDtype === 'fp8') args.push('--kv-cache-dtype', 'fp8_e5m2');
  const quantization = QUANTIZATION_FLAGS[input.quantization?.toLowerCase() ?? ''];
  if (quantization !== undefined) args.push('--quantization', quantization);
  if (deepseek.reasoningParser) args.push('--reasoning-parser', 'deepseek-r1');
  if (deepseek.toolCallParser) args.push('--tool-call-parser', 'deepseekv3');
  if (deepseek.deepEpMode !== undefined) {
    const mode =
      deepseek.deepEpMode === 'high-throughput'
        ? 'normal'
        : deepseek.deepEpMode === 'low-latency'
          ? 'low_latency'
          : 'auto';
    args.push('--moe-a2a-backend', 'deepep', '--deepep-mode', mode);
  }
  if (deepseek.flashMla === true) args.push('--attention-backend', 'flashmla');
  const drafts = deepseek.mtpSpeculativeTokens ?? 0;
  if (drafts > 0) {
    // SGLang runs DeepSeek's MTP head through its EAGLE implementation.
    args.push('--speculative-algorithm', 'EAGLE', '--speculative-num-steps', String(drafts));
    args.push('--speculative-eagle-topk', '1', '--speculative-num-draft-tokens', String(drafts + 1));
  }
  args.push('--enable-metrics');
  const env: Record<string, string> = { ...deviceVisibilityEnv(input.devices) };
  // DeepGEMM is on by default on Hopper/Blackwell.
  if (deepseek.deepGemm !== undefined) env['SGLANG_ENABLE_JIT_DEEPGEMM'] = deepseek.deepGemm ? '1' : '0';
  const merged = mergeExtraOptions({ args, env }, input.extraArgs, input.extraEnv, FLAG_HINTS);
  if (!merged.ok) return merged;
  const isFollower = layout.nodes > 1 && layout.nodeRank > 0;
  return {
    ok: true,
    spec: {
      command: input.executable ?? 'python3',
      args: merged.args,
      env: merged.env,
      ...(input.workDir !== undefined ? { cwd: input.workDir } : {}),
      port: input.port,
      healthPath: '/health',
      readinessPaths: ['/v1/models'],
      readiness: isFollower ? 'process' : 'http',
      startTimeoutMs: input.startTimeoutMs ?? 1_800_000,
      needsReasoningSplit: input.isReasoningModel === true && deepseek.reasoningParser !== true,
      engine: 'sglang',
      metrics: { port: input.port, path: '/metrics', dialect: 'sglang' },
      explainFailure: (lines) => explainEngineFailure('sglang', lines),
    },
  };
}

export const sglangEngine: EngineDriver = {
  name: 'sglang',
  displayName: NAME,
  vendors: ['nvidia', 'amd'],
  build: buildSglang,
  readiness: { healthPath: '/health', readinessPaths: ['/v1/models'] },
  metricsDialect: 'sglang',
  detection: { kind: 'python-module', distribution: 'sglang' },
  installHint: () =>
    "SGLang is not installed: create a venv, run pip install 'sglang[all]' in it, then set engines.sglang.path to " +
    'the venv (Hangar runs its bin/python3 -m sglang.launch_server).',
  explainFailure: (lines) => explainEngineFailure('sglang', lines),
};
