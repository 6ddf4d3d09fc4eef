/** Accelerator vendors, as the inventory names them. */
export type DeviceVendor = 'nvidia' | 'amd' | 'ascend' | 'hygon' | 'mthreads' | 'cpu';

/** How one instance is spread over devices and nodes (the planner's layout, per instance). */
export interface EngineLayout {
  tensorParallel: number;
  pipelineParallel: number;
  dataParallel: number;
  expertParallel: boolean;
  /** DP ranks hold their own requests' KV cache (SGLang `--enable-dp-attention`; vLLM's DP always does). */
  dataParallelAttention: boolean;
  nodes: number;
  /** This process's node, 0 = the head that serves HTTP. */
  nodeRank: number;
  /** Address of node 0, for multi-node rendezvous. */
  masterAddr?: string | undefined;
  /** Rendezvous port on node 0 (vLLM `--data-parallel-rpc-port`, SGLang `--dist-init-addr`). */
  masterPort?: number | undefined;
}

/** DeepSeek's own serving switches; each is applied only by engines that have it (others refuse it). */
export interface DeepSeekSwitches {
  /** Split `<think>` into `reasoning_content` (vLLM `deepseek_r1`, SGLang `deepseek-r1`, llama-server `deepseek`). */
  reasoningParser?: boolean | undefined;
  /** Parse DeepSeek-V3/R1 tool calls (vLLM `deepseek_v3`, SGLang `deepseekv3`). */
  toolCallParser?: boolean | undefined;
  /** DeepEP all-to-all for expert parallelism. */
  deepEpMode?: 'low-latency' | 'high-throughput' | 'auto' | undefined;
  /** DeepGEMM FP8 kernels: true forces on, false off, unset leaves the engine default. */
  deepGemm?: boolean | undefined;
  /** FlashMLA attention backend (Hopper). */
  flashMla?: boolean | undefined;
  /** MTP speculative decoding: draft tokens per step (0 or unset = off). */
  mtpSpeculativeTokens?: number | undefined;
}

/** What the node-based engines (embedded llama.cpp, simulator) run with. */
export interface NodeEntry {
  nodePath: string;
  /** The engine's `dist/main.js`. */
  entry: string;
  /** CPU threads (embedded engine). */
  threads?: number | undefined;
}

/**
 * Everything a driver needs to launch one instance process: model, name, address, devices, the planner's layout
 * and limits, DeepSeek switches and the deployment's extra args/env. Defined here (engines may not import the
 * planner); the server maps a plan and a placement onto it.
 */
export interface EngineLaunchInput {
  /** Local weights (folder, or a GGUF file) or a repo id the engine fetches itself. */
  modelPath: string;
  /** The name clients send in `model`. */
  servedModelName: string;
  host: string;
  port: number;
  devices: { vendor: DeviceVendor; indices: number[] };
  layout?: Partial<EngineLayout> | undefined;
  /** Prompt + output tokens per sequence. */
  maxModelLen?: number | undefined;
  /** Sequences decoded at once. */
  maxNumSeqs?: number | undefined;
  /** Share of each device's memory the engine takes (0..1). */
  memoryFraction?: number | undefined;
  kvCacheDtype?: 'auto' | 'bf16' | 'fp16' | 'fp8' | 'q8_0' | 'q4_0' | undefined;
  /** Weight quantization (`fp8`, `bf16`, `w8a8`, `awq`, `gptq`, `q4_k_m`...), lower case. */
  quantization?: string | undefined;
  trustRemoteCode?: boolean | undefined;
  /** The model emits `<think>` reasoning (R1 family). */
  isReasoningModel?: boolean | undefined;
  deepseek?: DeepSeekSwitches | undefined;
  /** Tokens of KV cache the plan expects (the simulator uses it as its capacity). */
  kvCapacityTokens?: number | undefined;
  /** Added after the planned flags; a flag the plan already sets is refused. */
  extraArgs?: readonly string[] | undefined;
  /** Added to the planned environment; a variable the plan already sets is refused. */
  extraEnv?: Readonly<Record<string, string>> | undefined;
  /** The instance's working directory (cwd; MindIE's config file is written there). */
  workDir?: string | undefined;
  /** The engine's executable as detection found it; default: its usual command name on PATH. */
  executable?: string | undefined;
  /** For `llama-cpp` and `simulator`. */
  node?: NodeEntry | undefined;
  startTimeoutMs?: number | undefined;
}

/** A layout with every field set. */
export function resolveLayout(input: EngineLaunchInput): EngineLayout {
  return {
    tensorParallel: 1,
    pipelineParallel: 1,
    dataParallel: 1,
    expertParallel: false,
    dataParallelAttention: false,
    nodes: 1,
    nodeRank: 0,
    ...input.layout,
  };
}
