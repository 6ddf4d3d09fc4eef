export type {
  Accelerator,
  AcceleratorCapabilities,
  AcceleratorVendor,
  Host,
  Inventory,
  InventoryProblem,
  MigDevice,
  Precision,
} from './types.js';
export { describeCapabilities } from './capabilities.js';
export {
  NVIDIA_LEGACY_QUERY_FIELDS,
  NVIDIA_QUERY_FIELDS,
  parseNvidiaSmiCsv,
  parseNvidiaSmiList,
  type NvidiaListedGpu,
} from './parsers/nvidia-smi-csv.js';
export { parseNvidiaSmiXml } from './parsers/nvidia-smi-xml.js';
export { parseHygonSmiTable, parseRocmSmiJson } from './parsers/rocm-smi.js';
export {
  parseNpuSmiInfo,
  parseNpuSmiKeyValues,
  parseNpuSmiMapping,
  type NpuChipMapping,
} from './parsers/npu-smi.js';
export { parseMthreadsGmi } from './parsers/mthreads-gmi.js';
export {
  buildHost,
  cpuAccelerator,
  parseCpuInfo,
  parseMemInfo,
  type CpuInfo,
  type MemInfo,
} from './parsers/proc.js';
export { isNotAvailable, parseNumber } from './parsers/values.js';
export {
  createCommandRunner,
  isCommandMissing,
  readTextFile,
  type CommandResult,
  type CommandRunner,
  type CommandRunnerOptions,
  type TextFileReader,
} from './command-runner.js';
export { detectInventory, type DetectInventoryOptions, type InventoryLogger } from './detect-inventory.js';
export { InventoryMonitor, type IntervalTimer, type InventoryMonitorOptions } from './inventory-monitor.js';
