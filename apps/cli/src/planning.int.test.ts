import type { CatalogModelView, NodeView, PlanResultView } from '@hangar/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAdminApi, type FakeAdminApi } from './testing/fake-admin-api.js';

const gib = 1024 ** 3;

const node: NodeView = {
  name: 'gpu-1',
  host: {
    cpuModel: 'AMD EPYC 9654 96-Core Processor',
    logicalCpus: 384,
    physicalCores: 192,
    sockets: 2,
    hasAvx2: true,
    hasAvx512: true,
    flags: [],
    memoryTotalBytes: 1536 * gib,
    memoryAvailableBytes: 1400 * gib,
  },
  accelerators: [0, 1].map((index) => ({
    id: `nvidia-${index}`,
    vendor: 'nvidia',
    model: 'NVIDIA H100 80GB HBM3',
    index,
    uuid: null,
    memoryTotalBytes: 80 * gib,
    memoryUsedBytes: index === 0 ? 1.5 * gib : 70 * gib,
    memoryFreeBytes: null,
    utilizationPercent: index === 0 ? 0 : 97,
    temperatureC: 34 + index * 30,
    powerW: index === 0 ? 70.4 : 612,
    busId: `00000000:1${index}:00.0`,
    driverVersion: '550.54',
    firmwareVersion: null,
    health: null,
    computeCapability: '9.0',
    mig: null,
    capabilities: { engines: ['vllm', 'sglang'], precisions: ['fp8', 'bf16'] },
  })),
  problems: [{ source: 'rocm-smi', message: 'exited with code 127', output: '' }],
  detectedAt: Date.parse('2025-03-01T10:00:00Z'),
};

const architecture: CatalogModelView['architecture'] = {
  kind: 'decoder',
  attention: 'mla',
  layerCount: 61,
  hiddenSize: 7168,
  attentionHeadCount: 128,
  kvHeadCount: 128,
  headDim: 128,
  mla: { kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
  experts: { routed: 256, active: 8, shared: 1, intermediateSize: 2048, firstDenseLayers: 3 },
  intermediateSize: 18432,
  vocabularySize: 129280,
  maxContextTokens: 163840,
  parameterCount: 671e9,
  activeParameterCount: 37e9,
};

const file = (id: string, quantization: string, sizeBytes: number): CatalogModelView['files'][number] => ({
  id,
  format: id.startsWith('gguf') ? 'gguf' : 'safetensors',
  quantization,
  sizeBytes,
  huggingFace: 'deepseek-ai/DeepSeek-V3',
  modelScope: null,
  fileName: null,
  isSizeEstimate: id.startsWith('gguf'),
  engines: id.startsWith('gguf') ? ['llama-server'] : ['vllm', 'sglang'],
});

const deepseekV3: CatalogModelView = {
  id: 'deepseek-v3',
  name: 'DeepSeek-V3',
  family: 'deepseek-v3',
  task: 'chat',
  description: 'MoE chat model.',
  sources: { huggingFace: 'deepseek-ai/DeepSeek-V3', modelScope: 'deepseek-ai/DeepSeek-V3' },
  architecture,
  isServable: true,
  isReasoning: false,
  files: [file('fp8', 'fp8', 682_040_806_605), file('gguf-q4_k_m', 'q4_k_m', 410 * gib)],
};

const janus: CatalogModelView = {
  ...deepseekV3,
  id: 'janus-pro-7b',
  name: 'Janus-Pro-7B',
  task: 'vision-chat',
  architecture: {
    ...architecture,
    parameterCount: 7.4e9,
    activeParameterCount: 7.4e9,
    maxContextTokens: 4096,
  },
  isServable: false,
  notServableReason: 'Janus-Pro needs its own multimodal runtime; no Hangar engine serves it yet.',
  files: [file('bf16', 'bf16', 14.8e9)],
};

// Recorded from the planner: DeepSeek-V3 FP8 on 2x8xH100-80G, then on 8xH100-80G.
const planOk: PlanResultView = {
  ok: true,
  model: 'DeepSeek-V3',
  hardware: '2x8xH100-80G',
  plan: {
    modelId: 'deepseek-v3',
    engine: 'vllm',
    weights: { format: 'safetensors', quantization: 'fp8', sizeBytes: 682040806605 },
    device: { vendor: 'nvidia', model: 'NVIDIA H100 80GB HBM3', memoryTotalBytes: 85520809984 },
    layout: {
      tensorParallel: 8,
      pipelineParallel: 2,
      dataParallel: 1,
      expertParallel: true,
      dataParallelAttention: false,
      nodeCount: 2,
      devicesPerNode: 8,
    },
    gpuMemoryUtilization: 0.9,
    usableBytesPerDevice: 76968728985.6,
    weightsBytesPerDevice: 42627550412.8125,
    reserveBytesPerDevice: 2147483648,
    kvCacheDtype: 'bf16',
    kvBytesPerToken: 70272,
    kvBytesPerTokenPerDevice: 35136,
    kvCacheBytesPerDevice: 32193694924.787506,
    kvTokensPerDevice: 916259,
    kvTokensTotal: 916259,
    contextTokens: 32768,
    concurrency: 4,
    maxConcurrency: 27,
    requiredBytesPerDevice: 76968728985.6,
    engineArgs: ['--tensor-parallel-size', '8', '--pipeline-parallel-size', '2', '--enable-expert-parallel'],
    engineEnv: {},
    engineConfig: {},
    explanation: [
      '2x8 H100-80G with vllm TP8 PP2 EP.',
      'Weights: fp8 safetensors, 635.2 GiB in all, 39.7 GiB per device.',
    ],
  },
};

const refusal = {
  reason: 'insufficient_memory',
  message:
    'Needs 8x H200-141G or 2x8 H100-80G; with 8x H100-80G the FP8 shard is 79.4 GiB per device against 71.7 GiB usable.',
  suggestions: ['Use 8x H200-141G.', 'Use 2x8 H100-80G.'],
};

let api: FakeAdminApi;

beforeAll(async () => {
  api = await startFakeAdminApi({
    'GET /api/nodes': () => ({ body: { data: [node] } }),
    'GET /api/catalog': () => ({ body: { data: [deepseekV3, janus] } }),
    'GET /api/catalog/deepseek-v3': () => ({ body: deepseekV3 }),
    'POST /api/plans': (body) =>
      (body as { hardware?: string }).hardware === '8xH100-80G'
        ? { body: { ok: false, model: 'DeepSeek-V3', hardware: '8xH100-80G', ...refusal } }
        : { body: planOk },
    'POST /api/deployments': () => ({
      status: 422,
      body: {
        error: { code: 'insufficient_memory', message: refusal.message, details: refusal, requestId: 'r' },
      },
    }),
    'GET /api/deployments/v3': () => ({
      body: {
        id: 'd1',
        name: 'v3',
        model: 'DeepSeek-V3',
        modelId: 'm1',
        engine: 'vllm',
        replicas: 1,
        readyReplicas: 0,
        state: 'running',
        options: { contextTokens: 32768 },
        instances: [],
        plan: {
          device: 'nvidia NVIDIA H100 80GB HBM3',
          layout: { ...planOk.plan.layout },
          contextTokens: 32768,
          concurrency: 4,
          maxConcurrency: 27,
          kvBytesPerToken: 70272,
          weightsBytesPerDevice: 42627550412.8125,
          requiredBytesPerDevice: 76968728985.6,
          kvTokensTotal: 916259,
          engineArgs: ['--tensor-parallel-size', '8'],
          explanation: ['2x8 H100-80G with vllm TP8 PP2 EP.'],
        },
        createdAt: '2025-03-01T10:00:00.000Z',
      },
    }),
  });
});

afterAll(() => api.close());

beforeEach(() => {
  api.requests.length = 0;
});

describe('hangar nodes, catalog and plan against a fake admin API', () => {
  it('nodes prints the host line, the accelerator table and the problems', async () => {
    expect(await api.run(['nodes'])).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Node gpu-1 (detected 2025-03-01 10:00:00)',
        'Host: AMD EPYC 9654 96-Core Processor (192 cores, 384 threads, 2 sockets), 1.5 TiB RAM (1.4 TiB available)',
        '',
        'ID        VENDOR  MODEL                  MEMORY            UTIL  TEMP  POWER  BUS',
        'nvidia-0  nvidia  NVIDIA H100 80GB HBM3  1.5 GiB / 80 GiB  0%    34°C  70 W   00000000:10:00.0',
        'nvidia-1  nvidia  NVIDIA H100 80GB HBM3  70 GiB / 80 GiB   97%   64°C  612 W  00000000:11:00.0',
        '',
        'Problems:',
        '  rocm-smi: exited with code 127',
        '',
      ].join('\n'),
    });
  });

  it('catalog lists models, filters by task and says which are not servable', async () => {
    const all = await api.run(['catalog']);
    expect(all.stdout).toBe(
      [
        'ID            NAME                         TASK         PARAMS             CONTEXT  FILES',
        'deepseek-v3   DeepSeek-V3                  chat         671B (37B active)  163840   fp8, gguf-q4_k_m',
        'janus-pro-7b  Janus-Pro-7B (not servable)  vision-chat  7.4B               4096     bf16',
        '',
        'janus-pro-7b is not servable: Janus-Pro needs its own multimodal runtime; no Hangar engine serves it yet.',
        '',
      ].join('\n'),
    );
    const chat = await api.run(['catalog', '--task', 'chat']);
    expect(chat.stdout).not.toContain('janus');
    expect(chat.stdout).toContain('deepseek-v3');
  });

  it('catalog show prints the facts and the files', async () => {
    const result = await api.run(['catalog', 'show', 'deepseek-v3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('DeepSeek-V3 (deepseek-v3)\n  MoE chat model.\n');
    expect(result.stdout).toContain('  parameters    671B (37B active)\n');
    expect(result.stdout).toContain('  architecture  MLA, 61 layers, MoE 256 experts (8 active)\n');
    expect(result.stdout).toContain('gguf-q4_k_m  gguf         q4_k_m        ~410 GiB  llama-server\n');
  });

  it('plan sends the what-if request and prints layout, memory, KV tokens, engine args and the reasoning', async () => {
    const argv = ['plan', 'deepseek-v3', '--gpus', '2x8xH100-80G', '--file', 'fp8', '--engine', 'vllm'];
    const result = await api.run([...argv, '--context', '32768', '--concurrency', '4']);
    expect(api.requests[0]?.body).toEqual({
      model: 'deepseek-v3',
      file: 'fp8',
      engine: 'vllm',
      hardware: '2x8xH100-80G',
      contextTokens: 32768,
      concurrency: 4,
    });
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'DeepSeek-V3 fits on 2x8xH100-80G',
        '  engine         vllm',
        '  weights        fp8 safetensors, 635 GiB',
        '  device         nvidia NVIDIA H100 80GB HBM3 (79.6 GiB)',
        '  layout         TP 8 × PP 2 × DP 1 (2 nodes × 8 devices), expert parallel',
        '  memory/device  weights 39.7 GiB + KV cache 30 GiB + reserve 2 GiB; needs 71.7 GiB free of 79.6 GiB',
        '  KV cache       916,259 tokens (bf16, 68.6 KiB/token)',
        '  sequences      4 × 32,768 tokens (at most 27)',
        '  engine args    --tensor-parallel-size 8 --pipeline-parallel-size 2 --enable-expert-parallel',
        '',
        'How:',
        '  - 2x8 H100-80G with vllm TP8 PP2 EP.',
        '  - Weights: fp8 safetensors, 635.2 GiB in all, 39.7 GiB per device.',
        '',
      ].join('\n'),
    });
  });

  it('plan prints a refusal with its suggestions and exits 1', async () => {
    expect(await api.run(['plan', 'deepseek-v3', '--gpus', '8xH100-80G'])).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        `DeepSeek-V3 does not fit on 8xH100-80G (insufficient_memory): ${refusal.message}`,
        'Suggestions:',
        '  - Use 8x H200-141G.',
        '  - Use 2x8 H100-80G.',
        '',
      ].join('\n'),
    });
  });

  it("deploy prints the planner's refusal and suggestions from a 422", async () => {
    expect(await api.run(['deploy', 'deepseek-v3'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${refusal.message}\nsuggestions:\n  - Use 8x H200-141G.\n  - Use 2x8 H100-80G.\n`,
    });
  });

  it('deployment show prints the admitted plan', async () => {
    const result = await api.run(['deployment', 'show', 'v3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  replicas  0/1 ready\n  options   contextTokens=32768\n');
    expect(result.stdout).toContain(
      'Plan:\n  device         nvidia NVIDIA H100 80GB HBM3\n  layout         TP 8 × PP 2 × DP 1 (2 nodes × 8 devices), expert parallel\n',
    );
    expect(result.stdout).toContain('  - 2x8 H100-80G with vllm TP8 PP2 EP.\n');
  });
});
