import { refuse, type EngineRefusal } from './engine-driver.js';
import type { DeviceVendor, EngineLaunchInput, EngineLayout } from './engine-launch-input.js';

const VENDOR_NAMES: Record<DeviceVendor, string> = {
  nvidia: 'NVIDIA GPUs',
  amd: 'AMD GPUs',
  hygon: 'Hygon DCUs',
  ascend: 'Ascend NPUs',
  mthreads: 'Moore Threads GPUs',
  cpu: 'CPUs',
};

/** Refuses devices of a vendor the engine does not run on. */
export function checkVendor(
  displayName: string,
  vendors: readonly DeviceVendor[],
  input: EngineLaunchInput,
): EngineRefusal | null {
  if (vendors.includes(input.devices.vendor)) return null;
  return refuse(
    'unsupported_device',
    `${displayName} does not run on ${VENDOR_NAMES[input.devices.vendor]}; it runs on ` +
      `${vendors.map((vendor) => VENDOR_NAMES[vendor]).join(', ')}. Choose another engine for this placement.`,
  );
}

/** Refuses a layout whose per-node device count differs from the devices the instance was given. */
export function checkDeviceCount(
  displayName: string,
  layout: EngineLayout,
  devicesPerNode: number,
  input: EngineLaunchInput,
): EngineRefusal | null {
  const given = input.devices.indices.length;
  if (layout.nodes < 1 || layout.nodeRank < 0 || layout.nodeRank >= layout.nodes) {
    return refuse('invalid_layout', `Node rank ${layout.nodeRank} is outside 0..${layout.nodes - 1}.`);
  }
  if (devicesPerNode === given) return null;
  return refuse(
    'invalid_layout',
    `${displayName} with TP ${layout.tensorParallel} x PP ${layout.pipelineParallel} x DP ${layout.dataParallel} on ` +
      `${layout.nodes} node(s) needs ${devicesPerNode} device(s) per node, but the instance was placed on ${given}.`,
  );
}

/** Multi-node instances need node 0's address. */
export function checkMaster(layout: EngineLayout): EngineRefusal | null {
  if (layout.nodes === 1 || layout.masterAddr !== undefined) return null;
  return refuse(
    'missing_input',
    `A ${layout.nodes}-node instance needs the head node's address (layout.masterAddr).`,
  );
}

/** DeepEP/DeepGEMM/FlashMLA are CUDA kernels. */
export function checkCudaOnlySwitches(displayName: string, input: EngineLaunchInput): EngineRefusal | null {
  const deepseek = input.deepseek ?? {};
  const used = [
    deepseek.deepEpMode !== undefined ? 'DeepEP' : null,
    deepseek.deepGemm === true ? 'DeepGEMM' : null,
    deepseek.flashMla === true ? 'FlashMLA' : null,
  ].filter((name): name is string => name !== null);
  if (used.length === 0 || input.devices.vendor === 'nvidia') return null;
  return refuse(
    'unsupported_option',
    `${used.join(', ')} ${used.length > 1 ? 'are' : 'is'} only for NVIDIA GPUs; ${displayName} on ` +
      `${VENDOR_NAMES[input.devices.vendor]} cannot use ${used.length > 1 ? 'them' : 'it'}. Turn ${used.join(', ')} off.`,
  );
}
