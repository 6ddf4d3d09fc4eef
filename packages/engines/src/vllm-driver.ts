import type { EngineName } from '@hangar/core';
import { deviceVisibilityEnv } from './device-visibility.js';
import { refuse, type EngineBuildResult, type EngineDriver } from './engine-driver.js';
import { resolveLayout, type EngineLaunchInput } from './engine-launch-input.js';
import { ENGINE_DISPLAY_NAMES, explainEngineFailure } from './explain-engine-failure.js';
import { FLAG_HINTS, mergeExtraOptions } from './extra-options.js';
import { checkCudaOnlySwitches, checkDeviceCount, checkMaster, checkVendor } from './layout-checks.js';

// Quantizations vLLM reads from the checkpoint's config by itself (passing them again is redundant).
const SELF_DESCRIBED = new Set(['fp8', 'bf16', 'fp16', 'auto', 'none']);
const DEFAULT_RPC_PORT = 13345;

/** vLLM's `serve` argv and env, shared by `vllm` (CUDA/ROCm) and `vllm-ascend`. */
function buildVllm(engine: 'vllm' | 'vllm-ascend', input: EngineLaunchInput): EngineBuildResult {
  const name = ENGINE_DISPLAY_NAMES[engine];
  const layout = resolveLayout(input);
  const deepseek = input.deepseek ?? {};
  const devicesPerNode =
    (layout.tensorParallel * layout.pipelineParallel * layout.dataParallel) / layout.nodes;
  const problem =
    checkVendor(name, engine === 'vllm' ? ['nvidia', 'amd', 'hygon'] : ['ascend'], input) ??
    checkCudaOnlySwitches(name, input) ??
    checkDeviceCount(name, layout, devicesPerNode, input) ??
    checkMaster(layout);
  if (problem) return problem;
  if (layout.nodes > 1 && layout.dataParallel === 1) {
    return refuse(
      'invalid_layout',
      `${name} spans nodes through data parallelism here (DP + EP, one engine per node); TP/PP across nodes needs a ` +
        'Ray cluster Hangar does not run. Use dataParallel across the nodes, or SGLang for TP across nodes.',
    );
  }
  if (deepseek.deepEpMode !== undefined && !layout.expertParallel) {
    return refuse(
      'unsupported_option',
      'DeepEP is an all-to-all for expert parallelism: turn expertParallel on or DeepEP off.',
    );
  }
  if (deepseek.deepEpMode === 'auto') {
    return refuse(
      'unsupported_option',
      `${name} has no automatic DeepEP mode: choose low-latency (decode) or high-throughput (prefill).`,
    );
  }
  const isHeadless = layout.nodes > 1 && layout.nodeRank > 0;
  const args = ['serve', input.modelPath, '--served-model-name', input.servedModelName];
  args.push('--host', input.host, '--port', String(input.port));
  if (input.trustRemoteCode) args.push('--trust-remote-code');
  args.push('--tensor-parallel-size', String(layout.tensorParallel));
  if (layout.pipelineParallel > 1) args.push('--pipeline-parallel-size', String(layout.pipelineParallel));
  if (layout.dataParallel > 1) {
    args.push('--data-parallel-size', String(layout.dataParallel));
    if (layout.nodes > 1) {
      const local = layout.dataParallel / layout.nodes;
      args.push('--data-parallel-size-local', String(local));
      args.push(
        '--data-parallel-address',
        layout.masterAddr ?? '',
        '--data-parallel-rpc-port',
        String(layout.masterPort ?? DEFAULT_RPC_PORT),
      );
      if (isHeadless) args.push('--headless', '--data-parallel-start-rank', String(layout.nodeRank * local));
    }
  }
  if (layout.expertParallel) args.push('--enable-expert-parallel');
  if (input.maxModelLen !== undefined) args.push('--max-model-len', String(input.maxModelLen));
  if (input.maxNumSeqs !== undefined) args.push('--max-num-seqs', String(input.maxNumSeqs));
  if (input.memoryFraction !== undefined) args.push('--gpu-memory-utilization', String(input.memoryFraction));
  if (input.kvCacheDtype === 'fp8') args.push('--kv-cache-dtype', 'fp8');
  const quantization = input.quantization?.toLowerCase();
  if (engine === 'vllm-ascend' && (quantization === 'w8a8' || quantization === 'w4a8'))
    args.push('--quantization', 'ascend');
  else if (quantization !== undefined && !SELF_DESCRIBED.has(quantization))
    args.push('--quantization', quantization);
  if (deepseek.reasoningParser) args.push('--reasoning-parser', 'deepseek_r1');
  if (deepseek.toolCallParser) args.push('--enable-auto-tool-choice', '--tool-call-parser', 'deepseek_v3');
  if (deepseek.deepEpMode !== undefined) {
    args.push(
      '--all2all-backend',
      deepseek.deepEpMode === 'low-latency' ? 'deepep_low_latency' : 'deepep_high_throughput',
    );
  }
  if ((deepseek.mtpSpeculativeTokens ?? 0) > 0) {
    args.push(
      '--speculative-config',
      JSON.stringify({ method: 'mtp', num_speculative_tokens: deepseek.mtpSpeculativeTokens }),
    );
  }
  const env: Record<string, string> = { ...deviceVisibilityEnv(input.devices) };
  if (deepseek.deepGemm !== undefined) env['VLLM_USE_DEEP_GEMM'] = deepseek.deepGemm ? '1' : '0';
  if (deepseek.flashMla === true) env['VLLM_ATTENTION_BACKEND'] = 'FLASHMLA';
  if (engine === 'vllm-ascend') {
    // From vLLM-Ascend's DeepSeek tutorial: AIV expansion for HCCL, expandable segments against fragmentation.
    env['HCCL_OP_EXPANSION_MODE'] = 'AIV';
    env['PYTORCH_NPU_ALLOC_CONF'] = 'expandable_segments:True';
    if (layout.expertParallel) env['VLLM_ASCEND_BALANCE_SCHEDULING'] = '1';
  }
  const merged = mergeExtraOptions({ args, env }, input.extraArgs, input.extraEnv, FLAG_HINTS);
  if (!merged.ok) return merged;
  return {
    ok: true,
    spec: {
      command: input.executable ?? 'vllm',
      args: merged.args,
      env: merged.env,
      ...(input.workDir !== undefined ? { cwd: input.workDir } : {}),
      port: input.port,
      healthPath: '/health',
      // vLLM answers /health as soon as its API server is up; /v1/models proves the model is registered.
      readinessPaths: ['/v1/models'],
      readiness: isHeadless ? 'process' : 'http',
      // DeepSeek-R1 671B takes a long while to load 163 shards and capture CUDA graphs.
      startTimeoutMs: input.startTimeoutMs ?? 1_800_000,
      needsReasoningSplit: input.isReasoningModel === true && deepseek.reasoningParser !== true,
      engine,
      metrics: { port: input.port, path: '/metrics', dialect: 'vllm' },
      explainFailure: (lines) => explainEngineFailure(engine, lines),
    },
  };
}

function vllmDriver(engine: 'vllm' | 'vllm-ascend'): EngineDriver {
  const name: EngineName = engine;
  return {
    name,
    displayName: ENGINE_DISPLAY_NAMES[engine],
    vendors: engine === 'vllm' ? ['nvidia', 'amd', 'hygon'] : ['ascend'],
    build: (input) => buildVllm(engine, input),
    readiness: { healthPath: '/health', readinessPaths: ['/v1/models'] },
    metricsDialect: 'vllm',
    detection:
      engine === 'vllm'
        ? { kind: 'executable', command: 'vllm', versionArgs: ['--version'] }
        : { kind: 'python-module', distribution: 'vllm-ascend' },
    installHint: () =>
      engine === 'vllm'
        ? 'vLLM is not installed: create a venv (python3 -m venv ~/venvs/vllm), run ~/venvs/vllm/bin/pip install ' +
          "vllm, then set engines.vllm.path to ~/venvs/vllm (or put 'vllm' on PATH)."
        : 'vLLM-Ascend is not installed: on a host with CANN, run pip install vllm vllm-ascend in a venv (matching ' +
          'versions, see the vLLM-Ascend install guide), then set engines.vllm-ascend.path to that venv.',
    explainFailure: (lines) => explainEngineFailure(engine, lines),
  };
}

export const vllmEngine: EngineDriver = vllmDriver('vllm');
export const vllmAscendEngine: EngineDriver = vllmDriver('vllm-ascend');
