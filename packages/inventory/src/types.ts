import type { EngineName } from '@hangar/core';

/** Who made the device. `cpu` is the host's CPU (and RAM) seen as one accelerator. */
export type AcceleratorVendor = 'nvidia' | 'amd' | 'ascend' | 'hygon' | 'mthreads' | 'cpu';

/** Numeric formats a device runs natively; the planner refuses e.g. FP8 weights on Ascend 910B. */
export type Precision = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'int8' | 'int4';

/** One MIG slice of an NVIDIA GPU (`nvidia-smi -L` or `-q -x`). */
export interface MigDevice {
  index: number;
  /** Profile name such as `3g.40gb`, when the tool prints it. */
  profile: string | null;
  uuid: string | null;
  memoryTotalBytes: number | null;
  memoryUsedBytes: number | null;
}

/** What a device can run: the engines that support its vendor and the precisions it computes natively. */
export interface AcceleratorCapabilities {
  engines: EngineName[];
  precisions: Precision[];
}

/** One device on a node, as the vendor tool reported it. Unknown values are `null`, never guessed. */
export interface Accelerator {
  /** Stable within a node: `<vendor>-<index>` (Ascend: `ascend-<npu>-<chip>`). */
  id: string;
  vendor: AcceleratorVendor;
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
  /** Vendor health word (`OK`, `Warning`), when the tool has one. */
  health: string | null;
  /** NVIDIA compute capability (`9.0`), AMD gfx target (`gfx942`). */
  computeCapability: string | null;
  /** MIG state (NVIDIA only); `null` when the device has no MIG. */
  mig: { enabled: boolean; devices: MigDevice[] } | null;
  capabilities: AcceleratorCapabilities;
}

/** The host: CPU and RAM. */
export interface Host {
  cpuModel: string | null;
  /** Logical CPUs (threads) on the host. */
  logicalCpus: number | null;
  /** Physical cores per socket × sockets, when cpuinfo says so. */
  physicalCores: number | null;
  sockets: number | null;
  hasAvx2: boolean;
  hasAvx512: boolean;
  flags: string[];
  memoryTotalBytes: number | null;
  memoryAvailableBytes: number | null;
}

/** A detection step that failed: the tool ran but failed or printed something we could not read. */
export interface InventoryProblem {
  source: string;
  message: string;
  /** The tool's output (truncated), to show to an operator. */
  output: string;
}

/** Everything detected on one node. Structurally usable as a planner node. */
export interface Inventory {
  name: string;
  host: Host;
  accelerators: Accelerator[];
  problems: InventoryProblem[];
  detectedAt: number;
}
