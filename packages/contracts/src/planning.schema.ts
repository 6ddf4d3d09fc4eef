/**
 * Hardware, catalog and plan views (`GET /api/nodes`, `GET /api/catalog[/:id]`, `POST /api/plans`). They mirror
 * the inventory's and planner's types structurally; the server's routes check their answers against them
 * (`satisfies`), so a drift breaks the build instead of a client.
 */

/** One MIG slice of an NVIDIA GPU. */
export interface MigDeviceView {
  index: number;
  profile: string | null;
  uuid: string | null;
  memoryTotalBytes: number | null;
  memoryUsedBytes: number | null;
}

/** An instance placed on a device when it last started (a replica spanning devices is on each of them). */
export interface DeviceInstanceView {
  instanceId: string;
  deploymentId: string;
  /** The deployment's name (links to its detail page). */
  deployment: string;
  ordinal: number;
  state: string;
}

/** One device on a node, as its vendor tool reported it; unknown values are `null`. */
export interface AcceleratorView {
  /** `<vendor>-<index>`, stable within a node. */
  id: string;
  /** `nvidia`, `amd`, `ascend`, `hygon`, `mthreads` or `cpu`. */
  vendor: string;
  model: string;
  index: number;
  uuid: string | null;
  memoryTotalBytes: number | null;
  memoryUsedBytes: number | null;
  memoryFreeBytes: number | null;
  /** Compute utilization, 0-100. */
  utilizationPercent: number | null;
  temperatureC: number | null;
  powerW: number | null;
  busId: string | null;
  driverVersion: string | null;
  firmwareVersion: string | null;
  health: string | null;
  computeCapability: string | null;
  mig: { enabled: boolean; devices: MigDeviceView[] } | null;
  capabilities: { engines: string[]; precisions: string[] };
  /** Instances placed on this device (`GET /api/nodes` always sends it; other producers may leave it out). */
  instances?: DeviceInstanceView[];
}

/** The host's CPU and RAM. */
export interface HostView {
  cpuModel: string | null;
  logicalCpus: number | null;
  physicalCores: number | null;
  sockets: number | null;
  hasAvx2: boolean;
  hasAvx512: boolean;
  flags: string[];
  memoryTotalBytes: number | null;
  memoryAvailableBytes: number | null;
}

/** A detection step that failed (the tool ran but failed, or printed something unreadable). */
export interface InventoryProblemView {
  source: string;
  message: string;
  output: string;
}

/** Everything detected on one node. */
export interface NodeView {
  name: string;
  host: HostView;
  accelerators: AcceleratorView[];
  problems: InventoryProblemView[];
  /** Epoch milliseconds of the detection. */
  detectedAt: number;
}

/** A model's shape as the planner sees it (`config.json` names in the planner's TSDoc). */
export interface ModelArchitectureView {
  kind: 'decoder' | 'encoder';
  attention: 'mha' | 'gqa' | 'mla';
  layerCount: number;
  hiddenSize: number;
  attentionHeadCount: number;
  kvHeadCount: number;
  headDim: number;
  mla: {
    kvLoraRank: number;
    qLoraRank: number | null;
    qkNopeHeadDim: number;
    qkRopeHeadDim: number;
    vHeadDim: number;
  } | null;
  experts: {
    routed: number;
    active: number;
    shared: number;
    intermediateSize: number;
    firstDenseLayers: number;
  } | null;
  intermediateSize: number;
  vocabularySize: number;
  maxContextTokens: number;
  parameterCount: number;
  activeParameterCount: number;
}

/** One downloadable form of a catalog model. */
export interface CatalogFileView {
  /** Unique within the model: `fp8`, `bf16`, `gguf-q4_k_m`, ... */
  id: string;
  format: 'safetensors' | 'gguf';
  quantization: string;
  sizeBytes: number;
  huggingFace: string | null;
  modelScope: string | null;
  fileName: string | null;
  isSizeEstimate: boolean;
  engines: string[];
  note?: string;
}

/** A model of the built-in catalog. */
export interface CatalogModelView {
  id: string;
  name: string;
  family: string;
  /** `chat`, `embedding`, `rerank` or `vision-chat`. */
  task: string;
  description: string;
  sources: { huggingFace: string; modelScope: string | null };
  architecture: ModelArchitectureView;
  isServable: boolean;
  notServableReason?: string;
  isReasoning: boolean;
  files: CatalogFileView[];
}

/** How an instance is split over devices. */
export interface ParallelLayoutView {
  tensorParallel: number;
  pipelineParallel: number;
  dataParallel: number;
  expertParallel: boolean;
  dataParallelAttention: boolean;
  nodeCount: number;
  devicesPerNode: number;
}

/** The planner's answer when a model fits. Bytes are per device unless the name says otherwise. */
export interface PlanView {
  modelId: string;
  engine: string;
  weights: { format: 'safetensors' | 'gguf'; quantization: string; sizeBytes: number };
  device: { vendor: string; model: string; memoryTotalBytes: number };
  layout: ParallelLayoutView;
  gpuMemoryUtilization: number;
  usableBytesPerDevice: number;
  weightsBytesPerDevice: number;
  reserveBytesPerDevice: number;
  kvCacheDtype: string;
  kvBytesPerToken: number;
  kvBytesPerTokenPerDevice: number;
  kvCacheBytesPerDevice: number;
  kvTokensPerDevice: number;
  kvTokensTotal: number;
  contextTokens: number;
  concurrency: number;
  maxConcurrency: number;
  requiredBytesPerDevice: number;
  engineArgs: string[];
  engineEnv: Record<string, string>;
  engineConfig: Record<string, string | number | boolean>;
  /** The planner's reasoning, one line per step. */
  explanation: string[];
}

/** The planner's refusal: why, and what would fit instead. */
export interface PlanRefusalView {
  ok: false;
  /** `insufficient_memory`, `context_too_long`, `no_compatible_accelerator`, ... */
  reason: string;
  message: string;
  suggestions: string[];
}

/** `POST /api/plans`: a plan or a refusal (both HTTP 200), for `model` on `hardware`. */
export type PlanResultView = ({ ok: true; plan: PlanView } | PlanRefusalView) & {
  model: string;
  /** The hardware planned for: a spec such as `8xH100-80G`, or `this node`. */
  hardware: string;
};

/** `POST /api/plans` body. */
export interface PlanRequest {
  /** A registered model name or a catalog id. */
  model: string;
  /** A catalog file id (`fp8`, `gguf-q4_k_m`) or quantization. */
  file?: string;
  engine?: string;
  /** What-if hardware such as `8xH100-80G` or `2x8xH100-80G`; absent: this node's inventory. */
  hardware?: string;
  /** Plan on this node's devices of this exact model only (a deployment's `placement.deviceModel`). */
  deviceModel?: string;
  contextTokens?: number;
  concurrency?: number;
}
