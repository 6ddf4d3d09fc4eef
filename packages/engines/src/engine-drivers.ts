import type { EngineName } from '@hangar/core';
import type { EngineBuildResult, EngineDriver } from './engine-driver.js';
import type { EngineLaunchInput } from './engine-launch-input.js';
import { llamaCppEngine } from './llama-cpp-driver.js';
import { llamaServerEngine } from './llama-server-driver.js';
import { mindieEngine } from './mindie-driver.js';
import { sglangEngine } from './sglang-driver.js';
import { simulatorEngine } from './simulator-driver.js';
import { vllmAscendEngine, vllmEngine } from './vllm-driver.js';

/** Every engine's driver, by engine name. */
export const ENGINE_DRIVERS: Readonly<Record<EngineName, EngineDriver>> = {
  vllm: vllmEngine,
  'vllm-ascend': vllmAscendEngine,
  sglang: sglangEngine,
  'llama-server': llamaServerEngine,
  mindie: mindieEngine,
  'llama-cpp': llamaCppEngine,
  simulator: simulatorEngine,
};

export function getEngineDriver(engine: EngineName): EngineDriver {
  return ENGINE_DRIVERS[engine];
}

/** Builds the launch of one instance on `engine`: a LaunchSpec or the reason it cannot run. */
export function buildEngineLaunch(engine: EngineName, input: EngineLaunchInput): EngineBuildResult {
  return ENGINE_DRIVERS[engine].build(input);
}

/** How to install an engine ("vLLM is not installed: ..."). */
export function installHint(engine: EngineName): string {
  return ENGINE_DRIVERS[engine].installHint();
}
