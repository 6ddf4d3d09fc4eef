export { Supervisor, type SupervisorOptions, type InstanceStatus, type SupervisedState, type SupervisorEvent, type LaunchFactory } from './supervisor.js';
export type { LaunchSpec } from './launch-spec.js';
export { buildLlamaCppLaunch, type LlamaCppLaunchOptions } from './llama-cpp-driver.js';
export { PortAllocator, isPortFree } from './port-allocator.js';
export { killProcessGroup, isProcessAlive, isInstanceProcess } from './process-group.js';
export { restartDelayMs } from './backoff.js';
export { LogBuffer } from './log-buffer.js';
