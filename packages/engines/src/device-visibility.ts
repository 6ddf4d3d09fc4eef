import type { DeviceVendor } from './engine-launch-input.js';

/** The variable each vendor's runtime reads to choose its devices (null: CPU, nothing to hide). */
export const DEVICE_VISIBILITY_VARIABLE: Record<DeviceVendor, string | null> = {
  nvidia: 'CUDA_VISIBLE_DEVICES',
  amd: 'HIP_VISIBLE_DEVICES',
  // Hygon DCUs run the HIP/ROCm stack (DTK).
  hygon: 'HIP_VISIBLE_DEVICES',
  ascend: 'ASCEND_RT_VISIBLE_DEVICES',
  mthreads: 'MUSA_VISIBLE_DEVICES',
  cpu: null,
};

/** `{ CUDA_VISIBLE_DEVICES: '0,1' }` for the devices an instance was placed on. */
export function deviceVisibilityEnv(devices: {
  vendor: DeviceVendor;
  indices: readonly number[];
}): Record<string, string> {
  const variable = DEVICE_VISIBILITY_VARIABLE[devices.vendor];
  return variable === null ? {} : { [variable]: devices.indices.join(',') };
}
