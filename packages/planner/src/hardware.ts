import { ValidationError } from '@hangar/core';
import { GIB, MIB } from './units.js';
import type { DeviceClassSummary, PlannerNode } from './types.js';

/** A kind of accelerator for what-if plans; memory is what the vendor tool reports for it. */
export interface AcceleratorProfile {
  name: string;
  vendor: string;
  model: string;
  memoryTotalBytes: number;
  /**
   * Peak memory bandwidth from the vendor's datasheet, GB/s. Decoding is bound by it (every token reads the
   * weights and the KV cache), so it is what the gateway weighs replicas on different devices by.
   */
  memoryBandwidthGBps: number;
}

const profile = (
  name: string,
  vendor: string,
  model: string,
  memoryTotalBytes: number,
  memoryBandwidthGBps: number,
): AcceleratorProfile => ({
  name,
  vendor,
  model,
  memoryTotalBytes,
  memoryBandwidthGBps,
});

/**
 * Known accelerators (`nvidia-smi` reports 81559 MiB for H100 80GB and 143771 MiB for H200). Bandwidths are
 * datasheet peaks (SXM parts); the 910B4's and K100_AI's are approximate, their vendors publish them loosely, and
 * the CPU profiles assume 8- and 12-channel DDR5 servers.
 */
export const ACCELERATOR_PROFILES: readonly AcceleratorProfile[] = [
  profile('H100-80G', 'nvidia', 'NVIDIA H100 80GB HBM3', 81559 * MIB, 3350),
  profile('H800-80G', 'nvidia', 'NVIDIA H800', 81559 * MIB, 3350),
  profile('H200-141G', 'nvidia', 'NVIDIA H200', 143771 * MIB, 4800),
  // The reference sizing (deepseek-serving-facts §4.5) counts the H20 as 96 GB = 89.4 GiB.
  profile('H20-96G', 'nvidia', 'NVIDIA H20', 96e9, 4000),
  profile('A100-80G', 'nvidia', 'NVIDIA A100-SXM4-80GB', 81920 * MIB, 2039),
  profile('A800-80G', 'nvidia', 'NVIDIA A800-SXM4-80GB', 81920 * MIB, 2039),
  profile('A100-40G', 'nvidia', 'NVIDIA A100-SXM4-40GB', 40960 * MIB, 1555),
  profile('L40S-48G', 'nvidia', 'NVIDIA L40S', 46068 * MIB, 864),
  profile('RTX4090-24G', 'nvidia', 'NVIDIA GeForce RTX 4090', 24564 * MIB, 1008),
  profile('MI300X-192G', 'amd', 'AMD Instinct MI300X', 205822885888, 5300),
  profile('910B-64G', 'ascend', 'Ascend 910B', 65536 * MIB, 1600),
  profile('910B-32G', 'ascend', 'Ascend 910B4', 32768 * MIB, 800),
  profile('K100-64G', 'hygon', 'K100_AI', 65520 * MIB, 896),
  profile('CPU-256G', 'cpu', 'CPU', 256 * GIB, 200),
  profile('CPU-64G', 'cpu', 'CPU', 64 * GIB, 100),
];

const ALIASES: Record<string, string> = {
  H100: 'H100-80G',
  H800: 'H800-80G',
  H200: 'H200-141G',
  H20: 'H20-96G',
  A100: 'A100-80G',
  A800: 'A800-80G',
  L40S: 'L40S-48G',
  RTX4090: 'RTX4090-24G',
  MI300X: 'MI300X-192G',
  '910B': '910B-64G',
  K100: 'K100-64G',
  CPU: 'CPU-64G',
};

/**
 * The known profile of a device as the inventory reports it (vendor and model name, e.g. `nvidia` / `NVIDIA H100
 * 80GB HBM3`); the closest memory size decides between profiles of one model name. Undefined when unknown.
 */
export function profileOfDevice(device: {
  vendor: string;
  model: string;
  memoryTotalBytes?: number | null;
}): AcceleratorProfile | undefined {
  const candidates = ACCELERATOR_PROFILES.filter(
    (entry) => entry.vendor === device.vendor && entry.model === device.model,
  );
  if (candidates.length <= 1 || device.memoryTotalBytes == null) return candidates[0];
  const memory = device.memoryTotalBytes;
  return candidates.reduce((best, entry) =>
    Math.abs(entry.memoryTotalBytes - memory) < Math.abs(best.memoryTotalBytes - memory) ? entry : best,
  );
}

/** A profile by name or alias (`H100`, `h100-80g`, `910B`); undefined when unknown. */
export function findAcceleratorProfile(name: string): AcceleratorProfile | undefined {
  const wanted = name.trim().toUpperCase();
  const canonical = ALIASES[wanted] ?? wanted;
  return ACCELERATOR_PROFILES.find((entry) => entry.name.toUpperCase() === canonical);
}

/**
 * What-if hardware from a spec: items joined by `+` or `,`, each `[nodes x] devices x PROFILE`.
 * `8xH100-80G` is one node of 8 H100; `2x8xH100` two such nodes; `16x910B-64G` one Atlas 800 A3.
 * Throws a ValidationError naming the known profiles when the spec cannot be read.
 */
export function parseHardwareSpec(spec: string): PlannerNode[] {
  const nodes: PlannerNode[] = [];
  for (const item of spec
    .split(/[+,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = /^(?:(\d+)\s*[x×*]\s*)?(\d+)\s*[x×*]\s*(.+)$/i.exec(item);
    const found = match ? findAcceleratorProfile(match[3] ?? '') : undefined;
    if (!match || !found) {
      throw new ValidationError(
        `Cannot read hardware "${item}". Write [nodes x] devices x profile, e.g. 8xH100-80G or 2x8x910B-64G; ` +
          `known profiles: ${ACCELERATOR_PROFILES.map((entry) => entry.name).join(', ')}.`,
        { spec },
        'invalid_hardware_spec',
      );
    }
    const nodeCount = Number(match[1] ?? '1');
    const devicesPerNode = Number(match[2]);
    for (let node = 0; node < nodeCount; node += 1) {
      nodes.push({
        name: `${found.name.toLowerCase()}-${nodes.length}`,
        accelerators: Array.from({ length: devicesPerNode }, (_, index) => ({
          id: `${found.vendor}-${index}`,
          vendor: found.vendor,
          model: found.model,
          memoryTotalBytes: found.memoryTotalBytes,
          memoryFreeBytes: found.memoryTotalBytes,
        })),
      });
    }
  }
  return nodes;
}

export type DeviceClass = DeviceClassSummary;

/** Groups the nodes' devices into classes; devices with unknown memory are left out. */
export function deviceClassesOf(nodes: readonly PlannerNode[]): DeviceClass[] {
  const classes = new Map<string, DeviceClass>();
  for (const node of nodes) {
    const counts = new Map<string, number>();
    for (const device of node.accelerators) {
      if (device.memoryTotalBytes === null || device.memoryTotalBytes <= 0) continue;
      const key = `${device.vendor}|${device.model}|${device.memoryTotalBytes}`;
      if (!classes.has(key)) {
        classes.set(key, {
          vendor: device.vendor,
          model: device.model,
          memoryTotalBytes: device.memoryTotalBytes,
          nodes: [],
        });
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, deviceCount] of counts) classes.get(key)?.nodes.push({ name: node.name, deviceCount });
  }
  for (const deviceClass of classes.values()) deviceClass.nodes.sort((a, b) => b.deviceCount - a.deviceCount);
  return [...classes.values()];
}

/** `8x H100-80G`, `2x8 H100-80G`: how refusals and suggestions name hardware. */
export function describeHardware(nodeCount: number, devicesPerNode: number, deviceName: string): string {
  return nodeCount > 1 ? `${nodeCount}x${devicesPerNode} ${deviceName}` : `${devicesPerNode}x ${deviceName}`;
}

/** The profile name of a device class when one matches, else its model name. */
export function deviceNameOf(
  deviceClass: Pick<DeviceClass, 'vendor' | 'model' | 'memoryTotalBytes'>,
): string {
  const known = ACCELERATOR_PROFILES.find(
    (entry) => entry.vendor === deviceClass.vendor && entry.memoryTotalBytes === deviceClass.memoryTotalBytes,
  );
  return known?.name ?? deviceClass.model;
}
