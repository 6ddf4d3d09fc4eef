import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type EngineName } from '@hangar/core';
import { buildEngineLaunch } from './engine-drivers.js';
import type { EngineLaunchInput } from './engine-launch-input.js';
import { readRecords, writeFakeEngines, type LaunchRecord } from '@hangar/testing';
import type { LaunchSpec } from './launch-spec.js';
import { scrapeEngineMetrics } from './metrics/scrape-engine-metrics.js';
import { killProcessGroup } from './process-group.js';
import { PortAllocator } from './port-allocator.js';
import { Supervisor, type SupervisorEvent } from './supervisor.js';

let dir = '';
let bin = '';
let recordFile = '';
const ports = new PortAllocator(43000 + Math.floor(Math.random() * 2000));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hangar-fake-engines-'));
  recordFile = join(dir, 'launches.jsonl');
  bin = writeFakeEngines(dir, recordFile);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function build(
  engine: EngineName,
  input: Omit<EngineLaunchInput, 'port' | 'host'>,
  port: number,
): LaunchSpec {
  const result = buildEngineLaunch(engine, { host: '127.0.0.1', port, ...input });
  if (!result.ok) throw new Error(result.message);
  return result.spec;
}

/** Launches the spec against the fakes, waits for the simulator behind them, and returns what the fake recorded. */
async function launch(
  engine: EngineName,
  input: Omit<EngineLaunchInput, 'port' | 'host'>,
): Promise<{ spec: LaunchSpec; record: LaunchRecord }> {
  const port = await ports.allocate();
  const spec = build(engine, input, port);
  for (const file of spec.files ?? []) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
  }
  if (spec.cwd !== undefined) mkdirSync(spec.cwd, { recursive: true });
  const before = readRecords(recordFile).length;
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, ...spec.env },
    detached: true,
    stdio: 'ignore',
  });
  try {
    await waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/v1/models`).catch(() => null);
      return response?.status === 200;
    });
  } finally {
    killProcessGroup(child.pid ?? 0, 'SIGKILL');
    ports.release(port);
  }
  const record = readRecords(recordFile)[before]!;
  return { spec, record: normalize(record, port) as LaunchRecord };
}

/** Replaces the varying port (and MindIE's +1/+2 ports) and the temp dir so snapshots are stable. */
function normalize(value: unknown, port: number): unknown {
  const names = new Map([
    [port, '<port>'],
    [port + 1, '<port+1>'],
    [port + 2, '<port+2>'],
  ]);
  if (typeof value === 'number') return names.get(value) ?? value;
  if (typeof value === 'string') return names.get(Number(value)) ?? value.replaceAll(dir, '<tmp>');
  if (Array.isArray(value)) return value.map((item) => normalize(item, port));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalize(item, port)]));
  }
  return value;
}

const r1 = {
  modelPath: '/models/deepseek-ai/DeepSeek-R1',
  servedModelName: 'deepseek-r1',
  trustRemoteCode: true,
  isReasoningModel: true,
};
const gpus8 = { vendor: 'nvidia' as const, indices: [0, 1, 2, 3, 4, 5, 6, 7] };

describe('engine drivers against fake executables', () => {
  it('vLLM: DeepSeek-R1 FP8 on 8x H200, TP8 + EP', async () => {
    const { record, spec } = await launch('vllm', {
      ...r1,
      devices: gpus8,
      layout: { tensorParallel: 8, expertParallel: true },
      maxModelLen: 32768,
      maxNumSeqs: 64,
      memoryFraction: 0.9,
      quantization: 'fp8',
      deepseek: { reasoningParser: true, toolCallParser: true, deepGemm: true, mtpSpeculativeTokens: 1 },
    });
    expect(spec.needsReasoningSplit).toBe(false);
    expect([record.command, ...record.argv].join(' ')).toMatchInlineSnapshot(
      `"vllm serve /models/deepseek-ai/DeepSeek-R1 --served-model-name deepseek-r1 --host 127.0.0.1 --port <port> --trust-remote-code --tensor-parallel-size 8 --enable-expert-parallel --max-model-len 32768 --max-num-seqs 64 --gpu-memory-utilization 0.9 --reasoning-parser deepseek_r1 --enable-auto-tool-choice --tool-call-parser deepseek_v3 --speculative-config {"method":"mtp","num_speculative_tokens":1}"`,
    );
    expect(record.env).toMatchInlineSnapshot(`
      {
        "CUDA_VISIBLE_DEVICES": "0,1,2,3,4,5,6,7",
        "VLLM_USE_DEEP_GEMM": "1",
      }
    `);
  });

  it('vLLM: DeepSeek-R1 FP8 on 8x H200, DP8 + EP with DeepEP low-latency', async () => {
    const { record } = await launch('vllm', {
      ...r1,
      devices: gpus8,
      layout: { tensorParallel: 1, dataParallel: 8, dataParallelAttention: true, expertParallel: true },
      maxModelLen: 32768,
      maxNumSeqs: 256,
      memoryFraction: 0.9,
      deepseek: { reasoningParser: true, deepEpMode: 'low-latency' },
    });
    expect([record.command, ...record.argv].join(' ')).toMatchInlineSnapshot(
      `"vllm serve /models/deepseek-ai/DeepSeek-R1 --served-model-name deepseek-r1 --host 127.0.0.1 --port <port> --trust-remote-code --tensor-parallel-size 1 --data-parallel-size 8 --enable-expert-parallel --max-model-len 32768 --max-num-seqs 256 --gpu-memory-utilization 0.9 --reasoning-parser deepseek_r1 --all2all-backend deepep_low_latency"`,
    );
  });

  it('SGLang: DeepSeek-R1 FP8 on 2x8 H100, TP16 over two nodes (head and follower)', async () => {
    const input = {
      ...r1,
      devices: gpus8,
      maxModelLen: 32768,
      maxNumSeqs: 64,
      memoryFraction: 0.88,
      deepseek: { reasoningParser: true, flashMla: true },
    };
    const layout = { tensorParallel: 16, nodes: 2, masterAddr: '10.0.0.1', masterPort: 5000 };
    const head = await launch('sglang', { ...input, layout: { ...layout, nodeRank: 0 } });
    expect([head.record.command, ...head.record.argv].join(' ')).toMatchInlineSnapshot(
      `"python3 -m sglang.launch_server --model-path /models/deepseek-ai/DeepSeek-R1 --served-model-name deepseek-r1 --host 127.0.0.1 --port <port> --trust-remote-code --tp 16 --nnodes 2 --node-rank 0 --dist-init-addr 10.0.0.1:5000 --context-length 32768 --max-running-requests 64 --mem-fraction-static 0.88 --reasoning-parser deepseek-r1 --attention-backend flashmla --enable-metrics"`,
    );
    const follower = await launch('sglang', { ...input, layout: { ...layout, nodeRank: 1 } });
    expect(follower.spec.readiness).toBe('process');
    expect(follower.record.argv.join(' ')).toContain(
      '--nnodes 2 --node-rank 1 --dist-init-addr 10.0.0.1:5000',
    );
  });

  it('vLLM: DeepSeek-R1 on 2x8 H100, DP16 + EP, the follower node runs headless', async () => {
    const { record, spec } = await launch('vllm', {
      ...r1,
      devices: gpus8,
      layout: {
        dataParallel: 16,
        expertParallel: true,
        nodes: 2,
        nodeRank: 1,
        masterAddr: '10.0.0.1',
        masterPort: 13345,
      },
      maxModelLen: 16384,
      deepseek: { deepEpMode: 'high-throughput', deepGemm: true },
    });
    expect(spec.readiness).toBe('process');
    expect([record.command, ...record.argv].join(' ')).toMatchInlineSnapshot(
      `"vllm serve /models/deepseek-ai/DeepSeek-R1 --served-model-name deepseek-r1 --host 127.0.0.1 --port <port> --trust-remote-code --tensor-parallel-size 1 --data-parallel-size 16 --data-parallel-size-local 8 --data-parallel-address 10.0.0.1 --data-parallel-rpc-port 13345 --headless --data-parallel-start-rank 8 --enable-expert-parallel --max-model-len 16384 --all2all-backend deepep_high_throughput"`,
    );
  });

  it('vLLM and llama-server: R1-Distill-Qwen-7B on one 24 GB GPU', async () => {
    const distill = {
      servedModelName: 'r1-distill-qwen-7b',
      isReasoningModel: true,
      devices: { vendor: 'nvidia' as const, indices: [1] },
    };
    const vllm = await launch('vllm', {
      ...distill,
      modelPath: '/models/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B',
      maxModelLen: 16384,
      maxNumSeqs: 4,
      memoryFraction: 0.9,
      deepseek: { reasoningParser: true },
    });
    expect([vllm.record.command, ...vllm.record.argv].join(' ')).toMatchInlineSnapshot(
      `"vllm serve /models/deepseek-ai/DeepSeek-R1-Distill-Qwen-7B --served-model-name r1-distill-qwen-7b --host 127.0.0.1 --port <port> --tensor-parallel-size 1 --max-model-len 16384 --max-num-seqs 4 --gpu-memory-utilization 0.9 --reasoning-parser deepseek_r1"`,
    );
    expect(vllm.record.env).toEqual({ CUDA_VISIBLE_DEVICES: '1' });
    const llama = await launch('llama-server', {
      ...distill,
      modelPath: '/models/DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf',
      maxModelLen: 16384,
      maxNumSeqs: 4,
      kvCacheDtype: 'q8_0',
      deepseek: { reasoningParser: true },
    });
    expect([llama.record.command, ...llama.record.argv].join(' ')).toMatchInlineSnapshot(
      `"llama-server --model /models/DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf --alias r1-distill-qwen-7b --host 127.0.0.1 --port <port> --ctx-size 65536 --parallel 4 --n-gpu-layers 999 --cache-type-k q8_0 --cache-type-v q8_0 --reasoning-format deepseek --jinja --metrics"`,
    );
  });

  it('vLLM-Ascend: DeepSeek-R1 W8A8 on one Atlas 800 A3 (16 NPUs), DP4 x TP4 + EP + MTP', async () => {
    const { record } = await launch('vllm-ascend', {
      ...r1,
      modelPath: '/models/vllm-ascend/DeepSeek-R1-W8A8',
      devices: { vendor: 'ascend', indices: Array.from({ length: 16 }, (_, index) => index) },
      layout: { tensorParallel: 4, dataParallel: 4, dataParallelAttention: true, expertParallel: true },
      quantization: 'w8a8',
      maxModelLen: 16384,
      maxNumSeqs: 16,
      memoryFraction: 0.92,
      deepseek: { reasoningParser: true, mtpSpeculativeTokens: 3 },
    });
    expect([record.command, ...record.argv].join(' ')).toMatchInlineSnapshot(
      `"vllm serve /models/vllm-ascend/DeepSeek-R1-W8A8 --served-model-name deepseek-r1 --host 127.0.0.1 --port <port> --trust-remote-code --tensor-parallel-size 4 --data-parallel-size 4 --enable-expert-parallel --max-model-len 16384 --max-num-seqs 16 --gpu-memory-utilization 0.92 --quantization ascend --reasoning-parser deepseek_r1 --speculative-config {"method":"mtp","num_speculative_tokens":3}"`,
    );
    expect(record.env).toMatchInlineSnapshot(`
      {
        "ASCEND_RT_VISIBLE_DEVICES": "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
        "HCCL_OP_EXPANSION_MODE": "AIV",
        "PYTORCH_NPU_ALLOC_CONF": "expandable_segments:True",
        "VLLM_ASCEND_BALANCE_SCHEDULING": "1",
      }
    `);
  });

  it('MindIE: R1-Distill-Qwen-32B on 2x 910B with its config file', async () => {
    const { record, spec } = await launch('mindie', {
      modelPath: '/models/deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
      servedModelName: 'r1-distill-qwen-32b',
      isReasoningModel: true,
      devices: { vendor: 'ascend', indices: [4, 5] },
      layout: { tensorParallel: 2 },
      maxModelLen: 8192,
      maxNumSeqs: 32,
      memoryFraction: 0.9,
      workDir: join(dir, 'instances', 'mindie-1'),
    });
    expect(spec.needsReasoningSplit).toBe(true);
    expect(record.command).toBe('mindieservice_daemon');
    expect(record.argv).toEqual([]);
    expect(record.cwd).toBe('<tmp>/instances/mindie-1');
    expect(record.env).toMatchInlineSnapshot(`
      {
        "ASCEND_RT_VISIBLE_DEVICES": "4,5",
        "MIES_CONFIG_JSON_PATH": "<tmp>/instances/mindie-1/config.json",
        "MINDIE_LOG_TO_STDOUT": "1",
        "NPU_MEMORY_FRACTION": "0.9",
      }
    `);
    expect(record.config).toMatchInlineSnapshot(`
      {
        "BackendConfig": {
          "ModelDeployConfig": {
            "ModelConfig": [
              {
                "backendType": "atb",
                "cpuMemSize": 5,
                "modelInstanceType": "Standard",
                "modelName": "r1-distill-qwen-32b",
                "modelWeightPath": "/models/deepseek-ai/DeepSeek-R1-Distill-Qwen-32B",
                "npuMemSize": -1,
                "trustRemoteCode": false,
                "worldSize": 2,
              },
            ],
            "maxInputTokenLen": 8192,
            "maxSeqLen": 8192,
            "truncation": false,
          },
          "ScheduleConfig": {
            "cacheBlockSize": 128,
            "maxBatchSize": 32,
            "maxIterTimes": 8192,
            "maxPreemptCount": 0,
            "maxPrefillBatchSize": 50,
            "maxPrefillTokens": 8192,
            "maxQueueDelayMicroseconds": 5000,
            "supportSelectBatch": false,
            "templateName": "Standard_LLM",
            "templateType": "Standard",
          },
          "backendName": "mindieservice_llm_engine",
          "modelInstanceNumber": 1,
          "multiNodesInferEnabled": false,
          "npuDeviceIds": [
            [
              0,
              1,
            ],
          ],
          "tokenizerProcessNumber": 8,
        },
        "LogConfig": {
          "fileNum": 20,
          "fileSize": 20,
          "logLevel": "Info",
          "logPath": "<tmp>/instances/mindie-1/mindie-server.log",
        },
        "ServerConfig": {
          "allowAllZeroIpListening": false,
          "e2eTimeout": 600,
          "httpsEnabled": false,
          "inferMode": "standard",
          "ipAddress": "127.0.0.1",
          "managementIpAddress": "127.0.0.1",
          "managementPort": "<port+1>",
          "maxLinkNum": 1000,
          "metricsPort": "<port+2>",
          "openAiSupport": "vllm",
          "port": "<port>",
          "tokenTimeout": 600,
        },
        "Version": "1.0.0",
      }
    `);
  });
});

describe('supervisor with a fake engine', () => {
  function supervise(events: SupervisorEvent[]): Supervisor {
    return new Supervisor({
      logger: pino({ level: 'silent' }),
      clock: systemClock,
      logsDir: join(dir, 'logs'),
      baseEnv: { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      onStatus: (_status, event) => {
        if (event) events.push(event);
      },
      healthPollMs: 50,
      stopGraceMs: 2000,
    });
  }
  const input = (extraEnv: Record<string, string> = {}) => ({
    ...r1,
    devices: { vendor: 'nvidia' as const, indices: [0] },
    extraEnv,
  });

  it('starts fake vllm -> simulator and reaches ready through /health and /v1/models', async () => {
    const events: SupervisorEvent[] = [];
    const supervisor = supervise(events);
    try {
      supervisor.start(
        'vllm-1',
        async () => build('vllm', input(), await ports.allocate()),
        (spec) => ports.release(spec.port),
      );
      await waitFor(() => supervisor.status('vllm-1')?.state === 'ready');
      const port = supervisor.status('vllm-1')!.port!;
      const models = (await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as {
        data: { owned_by: string }[];
      };
      expect(models.data[0]?.owned_by).toBe('hangar-simulator');
      const scraped = await scrapeEngineMetrics({ port, path: '/metrics', dialect: 'vllm' });
      expect(scraped).toMatchObject({
        requestsRunning: 0,
        requestsWaiting: 0,
        kvCacheUsageRatio: 0,
        promptTokensTotal: 0,
      });
      expect(events.map((event) => event.type)).toEqual(['instance-start', 'instance-ready']);
    } finally {
      await supervisor.close();
    }
  });

  it('explains a CUDA out-of-memory exit in the instance-exit event', async () => {
    const events: SupervisorEvent[] = [];
    const supervisor = supervise(events);
    try {
      supervisor.start(
        'vllm-oom',
        async () => build('vllm', input({ FAKE_FAIL_MODE: 'oom' }), await ports.allocate()),
        (spec) => ports.release(spec.port),
      );
      await waitFor(() => events.some((event) => event.type === 'instance-exit'));
      const exit = events.find((event) => event.type === 'instance-exit')!;
      expect(exit.message).toMatch(
        /^Engine exited with code 1: vLLM ran out of GPU memory: lower max-model-len/,
      );
      expect(exit.message).toContain('last output:');
      expect(supervisor.status('vllm-oom')?.lastError).toMatch(/vLLM ran out of GPU memory/);
    } finally {
      await supervisor.close();
    }
  });
});
