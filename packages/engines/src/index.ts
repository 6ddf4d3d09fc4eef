export {
  Supervisor,
  type SupervisorOptions,
  type InstanceStatus,
  type SupervisedState,
  type SupervisorEvent,
  type LaunchFactory,
} from './supervisor.js';
export type { LaunchSpec, LaunchFile, MetricsDialect } from './launch-spec.js';
export {
  buildLlamaCppLaunch,
  embeddedEngineEnv,
  llamaCppEngine,
  type LlamaCppLaunchOptions,
} from './llama-cpp-driver.js';
export { PortAllocator, isPortFree } from './port-allocator.js';
export { killProcessGroup, isProcessAlive, isInstanceProcess } from './process-group.js';
export { restartDelayMs } from './backoff.js';
export { LogBuffer } from './log-buffer.js';
export {
  resolveLayout,
  type EngineLaunchInput,
  type EngineLayout,
  type DeepSeekSwitches,
  type DeviceVendor,
  type NodeEntry,
} from './engine-launch-input.js';
export {
  refuse,
  type EngineDriver,
  type EngineBuildResult,
  type EngineRefusal,
  type EngineRefusalReason,
  type EngineDetection,
} from './engine-driver.js';
export { ENGINE_DRIVERS, getEngineDriver, buildEngineLaunch, installHint } from './engine-drivers.js';
export { vllmEngine, vllmAscendEngine } from './vllm-driver.js';
export { sglangEngine } from './sglang-driver.js';
export { llamaServerEngine } from './llama-server-driver.js';
export { mindieEngine, MINDIE_DEFAULT_DAEMON } from './mindie-driver.js';
export {
  buildMindieConfig,
  checkMindieConfig,
  type MindieConfig,
  type MindieConfigInput,
} from './mindie-config.js';
export { simulatorEngine } from './simulator-driver.js';
export { deviceVisibilityEnv, DEVICE_VISIBILITY_VARIABLE } from './device-visibility.js';
export { mergeExtraOptions } from './extra-options.js';
export { explainEngineFailure, ENGINE_DISPLAY_NAMES } from './explain-engine-failure.js';
export {
  detectEngines,
  type EngineInfo,
  type DetectEnginesOptions,
  type EngineCommandRunner,
} from './detect-engines.js';
export { parsePrometheusText, type PrometheusSample } from './metrics/prometheus-text.js';
export {
  normalizeEngineMetrics,
  type NormalizedEngineMetrics,
  type HistogramData,
} from './metrics/normalize-engine-metrics.js';
export {
  renderInstanceMetrics,
  type InstanceMetrics,
  type InstanceMetricLabels,
} from './metrics/render-instance-metrics.js';
export { scrapeEngineMetrics } from './metrics/scrape-engine-metrics.js';
