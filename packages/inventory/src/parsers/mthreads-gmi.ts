import { describeCapabilities } from '../capabilities.js';
import type { Accelerator } from '../types.js';
import { MEBIBYTE, parseNumber } from './values.js';

/**
 * Parses the default `mthreads-gmi` table: each device has a `ID Name |PCIe |%GPU Mem` row
 * (`0 MTT S4000 |00000000:08:00.0 |88% 44302MiB(32768MiB)`, memory as `used(total)`) followed by continuation rows.
 * The banner `mthreads-gmi:1.12.2 Driver Version:1.2.0` carries the driver version.
 */
export function parseMthreadsGmi(text: string): Accelerator[] {
  const driverVersion = /Driver Version:\s*(\S+)/.exec(text)?.[1] ?? null;
  const accelerators: Accelerator[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, at) => {
    const match = /^(\d+)\s+(.+?)\s*\|\s*(\S+)\s*\|\s*(\S+)\s+(\d+)MiB\((\d+)MiB\)/.exec(line);
    if (!match) return;
    const index = Number(match[1]);
    const model = (match[2] ?? '').trim();
    const used = Number(match[5]) * MEBIBYTE;
    const total = Number(match[6]) * MEBIBYTE;
    const temperature = /\|\s*(\d+)C\b/.exec(lines[at + 1] ?? '');
    accelerators.push({
      id: `mthreads-${index}`,
      vendor: 'mthreads',
      model,
      index,
      uuid: null,
      memoryTotalBytes: total,
      // The driver can report used > total (an IOMMU fault, per Moore Threads' FAQ): keep the raw figure.
      memoryUsedBytes: used,
      memoryFreeBytes: Math.max(0, total - used),
      utilizationPercent: parseNumber(match[4]),
      temperatureC: temperature ? Number(temperature[1]) : null,
      powerW: null,
      busId: match[3] ?? null,
      driverVersion,
      firmwareVersion: null,
      health: null,
      computeCapability: null,
      mig: null,
      capabilities: describeCapabilities('mthreads', model),
    });
  });
  return accelerators;
}
