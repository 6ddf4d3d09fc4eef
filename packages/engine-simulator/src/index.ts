export {
  startSimulator,
  SIMULATOR_OWNER,
  type StartSimulatorOptions,
  type SimulatorHandle,
} from './simulator-server.js';
export {
  parseSimulatorArgs,
  defaultSimulatorOptions,
  FAIL_MODES,
  REASONING_MODES,
  type SimulatorOptions,
  type FailMode,
  type ReasoningMode,
  type ParseSimulatorArgsResult,
} from './simulator-options.js';
