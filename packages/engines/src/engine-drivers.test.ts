import { describe, expect, it } from 'vitest';
import { ENGINE_NAMES } from '@hangar/core';
import { deviceVisibilityEnv } from './device-visibility.js';
import { buildEngineLaunch, ENGINE_DRIVERS, installHint } from './engine-drivers.js';
import type { EngineLaunchInput } from './engine-launch-input.js';
import { explainEngineFailure } from './explain-engine-failure.js';
import { buildMindieConfig, checkMindieConfig } from './mindie-config.js';

const base: EngineLaunchInput = {
  modelPath: '/models/m',
  servedModelName: 'm',
  host: '127.0.0.1',
  port: 8000,
  devices: { vendor: 'nvidia', indices: [0, 1] },
  layout: { tensorParallel: 2 },
};

function refusal(engine: Parameters<typeof buildEngineLaunch>[0], input: Partial<EngineLaunchInput>): string {
  const result = buildEngineLaunch(engine, { ...base, ...input });
  if (result.ok) throw new Error('expected a refusal');
  return `${result.reason}: ${result.message}`;
}

describe('engine drivers (pure builders)', () => {
  it('has a driver for every engine name', () => {
    expect(Object.keys(ENGINE_DRIVERS).sort()).toEqual([...ENGINE_NAMES].sort());
    expect(installHint('vllm')).toMatch(/^vLLM is not installed: .*pip install vllm.*engines\.vllm\.path/);
  });

  it('refuses extra args and env that conflict with the plan, and appends the rest', () => {
    expect(
      refusal('vllm', { extraArgs: ['--max-model-len=4096'], maxModelLen: 32768 }),
    ).toMatchInlineSnapshot(
      `"conflicting_extra_args: Extra argument --max-model-len conflicts with the planned --max-model-len 32768: set contextTokens on the deployment instead."`,
    );
    expect(refusal('sglang', { extraEnv: { CUDA_VISIBLE_DEVICES: '3' } })).toMatchInlineSnapshot(
      `"conflicting_extra_env: Extra environment variable CUDA_VISIBLE_DEVICES=3 conflicts with the planned CUDA_VISIBLE_DEVICES=0,1: Hangar sets the devices from the placement."`,
    );
    const result = buildEngineLaunch('vllm', {
      ...base,
      extraArgs: ['--enable-eplb'],
      extraEnv: { NCCL_DEBUG: 'INFO' },
    });
    expect(result.ok && result.spec.args.at(-1)).toBe('--enable-eplb');
    expect(result.ok && result.spec.env['NCCL_DEBUG']).toBe('INFO');
  });

  it('starts the embedded engine with one libuv pool thread unless the operator says otherwise', () => {
    const node = { entry: '/hangar/engine-llama/dist/main.js', nodePath: '/usr/bin/node', threads: 2 };
    const planned = buildEngineLaunch('llama-cpp', {
      ...base,
      devices: { vendor: 'cpu', indices: [] },
      node,
    });
    expect(planned.ok && planned.spec.env['UV_THREADPOOL_SIZE']).toBe('1');
    const overridden = buildEngineLaunch('llama-cpp', {
      ...base,
      devices: { vendor: 'cpu', indices: [] },
      node,
      extraEnv: { UV_THREADPOOL_SIZE: '4' },
    });
    expect(overridden.ok && overridden.spec.env['UV_THREADPOOL_SIZE']).toBe('4');
  });

  it('refuses devices, layouts and switches the engine cannot run', () => {
    expect(refusal('vllm', { devices: { vendor: 'ascend', indices: [0, 1] } })).toMatch(
      /^unsupported_device: vLLM does not run on Ascend NPUs/,
    );
    expect(refusal('vllm', { layout: { tensorParallel: 4 } })).toMatch(
      /^invalid_layout: .*needs 4 device\(s\) per node, but the instance was placed on 2/,
    );
    expect(
      refusal('vllm-ascend', {
        devices: { vendor: 'ascend', indices: [0, 1] },
        deepseek: { deepGemm: true },
      }),
    ).toMatch(/^unsupported_option: DeepGEMM is only for NVIDIA GPUs/);
    expect(
      refusal('vllm', {
        layout: { tensorParallel: 2, nodes: 2, masterAddr: 'h' },
        devices: { vendor: 'nvidia', indices: [0] },
      }),
    ).toMatch(/needs a Ray cluster/);
    expect(refusal('sglang', { layout: { tensorParallel: 4, nodes: 2 } })).toMatch(
      /needs the head node's address/,
    );
    expect(refusal('vllm', { deepseek: { deepEpMode: 'low-latency' } })).toMatch(/turn expertParallel on/);
    expect(refusal('llama-server', {})).toMatch(/loads GGUF files/);
    expect(refusal('mindie', { devices: { vendor: 'ascend', indices: [0, 1] } })).toMatch(
      /needs the instance's working directory/,
    );
    expect(
      refusal('mindie', {
        devices: { vendor: 'ascend', indices: [0, 1] },
        workDir: '/w',
        extraArgs: ['--x'],
      }),
    ).toMatch(/takes no command-line arguments/);
    expect(refusal('simulator', {})).toMatch(/needs the path of packages\/engine-simulator/);
  });

  it('labels reasoning splitting: the gateway splits only when no parser does', () => {
    const spec = (input: Partial<EngineLaunchInput>) => {
      const result = buildEngineLaunch('vllm', { ...base, isReasoningModel: true, ...input });
      return result.ok ? result.spec.needsReasoningSplit : null;
    };
    expect(spec({})).toBe(true);
    expect(spec({ deepseek: { reasoningParser: true } })).toBe(false);
    const simulator = buildEngineLaunch('simulator', {
      ...base,
      isReasoningModel: true,
      node: { nodePath: 'node', entry: 'main.js' },
    });
    expect(simulator.ok && [simulator.spec.needsReasoningSplit, simulator.spec.args.join(' ')]).toEqual([
      true,
      'main.js --host 127.0.0.1 --port 8000 --model-name m --reasoning tags',
    ]);
  });

  it('sets each vendor device visibility variable', () => {
    expect(deviceVisibilityEnv({ vendor: 'nvidia', indices: [2, 3] })).toEqual({
      CUDA_VISIBLE_DEVICES: '2,3',
    });
    expect(deviceVisibilityEnv({ vendor: 'ascend', indices: [0] })).toEqual({
      ASCEND_RT_VISIBLE_DEVICES: '0',
    });
    expect(deviceVisibilityEnv({ vendor: 'amd', indices: [1] })).toEqual({ HIP_VISIBLE_DEVICES: '1' });
    expect(deviceVisibilityEnv({ vendor: 'hygon', indices: [1] })).toEqual({ HIP_VISIBLE_DEVICES: '1' });
    expect(deviceVisibilityEnv({ vendor: 'mthreads', indices: [0, 1] })).toEqual({
      MUSA_VISIBLE_DEVICES: '0,1',
    });
    expect(deviceVisibilityEnv({ vendor: 'cpu', indices: [] })).toEqual({});
  });
});

describe('checkMindieConfig', () => {
  const config = () =>
    buildMindieConfig({
      host: '127.0.0.1',
      port: 1025,
      managementPort: 1026,
      metricsPort: 1027,
      modelName: 'm',
      modelWeightPath: '/models/m',
      worldSize: 2,
      maxSeqLen: 4096,
      maxBatchSize: 8,
      trustRemoteCode: false,
      logPath: '/w/log',
    });

  it('accepts what the driver generates and names each problem', () => {
    expect(checkMindieConfig(config())).toEqual([]);
    const broken = config();
    broken.ServerConfig.metricsPort = 1025;
    broken.BackendConfig.npuDeviceIds = [[0, 1, 2]];
    broken.BackendConfig.ModelDeployConfig.ModelConfig[0]!.modelWeightPath = 'models/m';
    expect(checkMindieConfig(broken)).toEqual([
      'port, managementPort and metricsPort must differ (got 1025, 1026, 1025)',
      'worldSize 2 differs from the 3 npuDeviceIds',
      "modelWeightPath must be an absolute folder (got 'models/m')",
    ]);
  });
});

describe('explainEngineFailure', () => {
  it.each([
    [
      'vllm',
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.',
      /^vLLM ran out of GPU memory: lower max-model-len/,
    ],
    [
      'vllm',
      'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization`',
      /while allocating the KV cache/,
    ],
    [
      'vllm',
      "ValueError: The model's max seq len (131072) is larger than the maximum number of tokens that can be stored in KV cache (43328).",
      /room for only 43328 KV cache tokens but max-model-len is 131072/,
    ],
    [
      'vllm-ascend',
      'RuntimeError: NPU out of memory. Tried to allocate 1.50 GiB',
      /^vLLM-Ascend ran out of NPU memory/,
    ],
    [
      'sglang',
      'torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:275, unhandled system error',
      /^SGLang failed in NCCL communication/,
    ],
    ['mindie', '[ERROR] HcclCommInitRootInfo failed, ret=EI0006', /^MindIE failed in HCCL communication/],
    ['vllm', 'OSError: [Errno 98] Address already in use', /port is already in use/],
    [
      'llama-server',
      'gguf_init_from_file: failed to open GGUF file /models/x.gguf',
      /could not find the model weights/,
    ],
    [
      'vllm',
      'RuntimeError: The NVIDIA driver on your system is too old (found version 11040).',
      /NVIDIA driver is missing or too old/,
    ],
    ['sglang', "ModuleNotFoundError: No module named 'sglang'", /Python package 'sglang' is missing/],
  ] as const)('%s: %s', (engine, line, expected) => {
    expect(explainEngineFailure(engine, ['INFO starting', line, 'INFO shutting down'])).toMatch(expected);
  });

  it('returns null when nothing known matched', () => {
    expect(explainEngineFailure('vllm', ['Traceback (most recent call last):', 'KeyError: x'])).toBeNull();
  });
});
