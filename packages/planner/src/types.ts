import type { EngineName } from '@hangar/core';

/** Multi-head latent attention (DeepSeek-V2/V3): the cache holds one compressed latent per token and layer. */
export interface MlaFacts {
  kvLoraRank: number;
  qLoraRank: number | null;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

/** Mixture-of-experts facts (DeepSeek-V3: 256 routed, 8 active, 1 shared; first 3 layers dense). */
export interface ExpertFacts {
  routed: number;
  active: number;
  shared: number;
  intermediateSize: number;
  firstDenseLayers: number;
}

/** What the planner needs to know about a model's shape; the `config.json` names are in the TSDoc. */
export interface ModelArchitecture {
  /** `decoder` models keep a KV cache; `encoder` models (embeddings, rerankers) do not. */
  kind: 'decoder' | 'encoder';
  attention: 'mha' | 'gqa' | 'mla';
  /** `num_hidden_layers` (without DeepSeek's MTP layer). */
  layerCount: number;
  hiddenSize: number;
  /** `num_attention_heads`: tensor parallelism must divide it. */
  attentionHeadCount: number;
  /** `num_key_value_heads` (equal to the heads for MHA; virtual for MLA). */
  kvHeadCount: number;
  /** Per-head dimension of K and V for MHA/GQA. */
  headDim: number;
  mla: MlaFacts | null;
  experts: ExpertFacts | null;
  intermediateSize: number;
  vocabularySize: number;
  /** `max_position_embeddings` (or the GGUF `context_length`). */
  maxContextTokens: number;
  parameterCount: number;
  activeParameterCount: number;
}

/** A model as the planner sees it: from the catalog, a config.json or a GGUF header. */
export interface ModelFacts {
  id: string;
  name: string;
  architecture: ModelArchitecture;
  /** Whether any engine can serve it today; `notServableReason` says why not. */
  isServable: boolean;
  notServableReason?: string;
  /** Emits `<think>` reasoning (R1 family): the engine gets its reasoning parser. */
  isReasoning: boolean;
}

export type WeightFormat = 'safetensors' | 'gguf';

/** The weights to load: a catalog file or a local file. */
export interface WeightFile {
  format: WeightFormat;
  /** `fp8`, `bf16`, `w8a8`, `awq`, `q4_k_m`, `q8_0`, `ud-iq1_s`, ... (lower case). */
  quantization: string;
  /** Bytes loaded onto devices (all shards together). */
  sizeBytes: number;
}

/** KV cache element type. `auto` = the engine default (BF16/FP16). `q8_0`/`q4_0` are llama.cpp's. */
export type KvCacheDtype = 'auto' | 'bf16' | 'fp16' | 'fp8' | 'q8_0' | 'q4_0';

/** One device as the planner needs it; an inventory `Accelerator` fits. */
export interface PlannerDevice {
  id: string;
  vendor: string;
  model: string;
  memoryTotalBytes: number | null;
  memoryFreeBytes?: number | null;
}

/** One node; an inventory `Inventory` fits. `labels` are for placement constraints. */
export interface PlannerNode {
  name: string;
  labels?: Record<string, string>;
  accelerators: PlannerDevice[];
}

/** Engine options a deployment may set; unset ones get the engine's default or the planner's choice. */
export interface PlanOptions {
  /** Share of each device's memory the engine may take (vLLM `--gpu-memory-utilization`). */
  gpuMemoryUtilization?: number;
  kvCacheDtype?: KvCacheDtype;
  tensorParallel?: number;
  pipelineParallel?: number;
  /** Data-parallel attention (SGLang `--enable-dp-attention`, vLLM DP+EP): each rank holds its own requests' KV. */
  dataParallelAttention?: boolean;
  expertParallel?: boolean;
}

export interface PlanInput {
  model: ModelFacts;
  weights: WeightFile;
  engine: EngineName;
  /** The hardware to plan for: the live inventory, or a what-if description (`parseHardwareSpec`). */
  nodes: PlannerNode[];
  /** Context per sequence; default: the most that fits, up to the model's maximum. */
  contextTokens?: number;
  /** Sequences decoded at once, each at `contextTokens`. */
  concurrency?: number;
  options?: PlanOptions;
  /**
   * `deviceClassesOf(nodes)`, computed once when planning many deployments against the same nodes (it walks every
   * device). Must describe `nodes`.
   */
  deviceClasses?: readonly DeviceClassSummary[];
  /** Other files of the same model (catalog); a refusal then says which of them would fit. */
  alternativeWeights?: Array<WeightFile & { id: string }>;
}

/** Devices of one vendor, model and size, and how many each node has (most first). */
export interface DeviceClassSummary {
  vendor: string;
  model: string;
  memoryTotalBytes: number;
  nodes: Array<{ name: string; deviceCount: number }>;
}

export interface ParallelLayout {
  tensorParallel: number;
  pipelineParallel: number;
  dataParallel: number;
  expertParallel: boolean;
  dataParallelAttention: boolean;
  nodeCount: number;
  devicesPerNode: number;
}

/** The planner's answer when the deployment fits. Bytes are per device unless the name says otherwise. */
export interface Plan {
  modelId: string;
  engine: EngineName;
  weights: WeightFile;
  device: { vendor: string; model: string; memoryTotalBytes: number };
  layout: ParallelLayout;
  gpuMemoryUtilization: number;
  usableBytesPerDevice: number;
  weightsBytesPerDevice: number;
  reserveBytesPerDevice: number;
  kvCacheDtype: Exclude<KvCacheDtype, 'auto'>;
  /** Whole-model KV bytes per token (all layers, all heads). */
  kvBytesPerToken: number;
  kvBytesPerTokenPerDevice: number;
  kvCacheBytesPerDevice: number;
  /** Tokens of KV cache one device holds (for TP: the instance's capacity). */
  kvTokensPerDevice: number;
  /** Tokens of KV cache the instance holds (× DP ranks with data-parallel attention). */
  kvTokensTotal: number;
  contextTokens: number;
  concurrency: number;
  /** Sequences at `contextTokens` that fit at once. */
  maxConcurrency: number;
  /** Memory each device must have free for this instance (pre-allocating engines take their whole share). */
  requiredBytesPerDevice: number;
  engineArgs: string[];
  engineEnv: Record<string, string>;
  /** Engine settings that are not argv (MindIE config fields, embedded engine options). */
  engineConfig: Record<string, string | number | boolean>;
  /** Human-readable steps of the reasoning, one line each. */
  explanation: string[];
}

export type PlanRefusalReason =
  | 'model_not_servable'
  | 'unsupported_engine'
  | 'no_compatible_accelerator'
  | 'context_too_long'
  | 'invalid_parallelism'
  | 'insufficient_memory'
  | 'insufficient_kv_cache';

export interface PlanRefusal {
  ok: false;
  reason: PlanRefusalReason;
  message: string;
  /** What would fit: other hardware, another file, a smaller context. */
  suggestions: string[];
}

export type PlanResult = { ok: true; plan: Plan } | PlanRefusal;
