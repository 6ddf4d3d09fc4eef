export type {
  ExpertFacts,
  KvCacheDtype,
  MlaFacts,
  ModelArchitecture,
  DeviceClassSummary,
  ModelFacts,
  ParallelLayout,
  Plan,
  PlanInput,
  PlanOptions,
  PlanRefusal,
  PlanRefusalReason,
  PlanResult,
  PlannerDevice,
  PlannerNode,
  WeightFile,
  WeightFormat,
} from './types.js';
export type { CatalogFile, CatalogModel, CatalogTask } from './catalog/catalog-types.js';
export { BITS_PER_WEIGHT, estimateWeightBytes } from './catalog/catalog-types.js';
export { findCatalogModel, listCatalog } from './catalog/catalog.js';
export { DEEPSEEK_V3_ARCHITECTURE } from './catalog/deepseek-v3.js';
export { planDeployment } from './plan-deployment.js';
export { suggestHardware } from './refusal.js';
export { KV_ELEMENT_BYTES, kvBytesPerToken, kvBytesPerTokenPerDevice } from './kv-cache.js';
export { expertParameterCount, weightsBytesPerDevice } from './memory.js';
export { ENGINE_PROFILES, isQuantizationSupported, type EngineProfile } from './engine-profiles.js';
export {
  ACCELERATOR_PROFILES,
  deviceClassesOf,
  findAcceleratorProfile,
  parseHardwareSpec,
  profileOfDevice,
  type AcceleratorProfile,
  type DeviceClass,
} from './hardware.js';
export { modelFactsFromGguf, type GgufSummary } from './gguf-facts.js';
export {
  compareKvWithPlan,
  parseEngineKvReport,
  type EngineKvReport,
  type KvComparison,
} from './engine-kv-report.js';
export {
  PlacementBoard,
  isPlaced,
  placeInstances,
  requirementOf,
  type PendingInstance,
  type Placement,
  type PlacementConstraints,
  type PlacementOptions,
  type PlacementRequest,
  type PlacementRequirement,
  type PlacementResult,
} from './placement.js';
export { formatBytes } from './units.js';
