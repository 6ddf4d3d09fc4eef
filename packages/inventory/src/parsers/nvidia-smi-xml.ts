import { describeCapabilities } from '../capabilities.js';
import type { Accelerator, MigDevice } from '../types.js';
import { parseMebibytes, parseNumber, textOrNull } from './values.js';

/** The text of the first `<tag>` in `xml`, or null. Enough for nvidia-smi's flat, attribute-free schema. */
function firstText(xml: string, tag: string): string | null {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  return match ? (match[1] ?? '').trim() : null;
}

/** The inner XML of the first `<tag>...</tag>`, or null. */
function section(xml: string, tag: string): string | null {
  const start = xml.indexOf(`<${tag}>`);
  if (start < 0) return null;
  const end = xml.indexOf(`</${tag}>`, start);
  return end < 0 ? null : xml.slice(start + tag.length + 2, end);
}

/**
 * Parses `nvidia-smi -q -x` (DTD v11, v12 and v13). Power moved between versions: v11 `power_readings/power_draw`,
 * v12 `gpu_power_readings/power_draw`, v13 `gpu_power_readings/average_power_draw`. `attached_gpus` may disagree
 * with the number of `<gpu>` elements: the elements win.
 */
export function parseNvidiaSmiXml(xml: string): Accelerator[] {
  const driverVersion = textOrNull(firstText(xml, 'driver_version'));
  const blocks = xml.split(/<gpu id="/).slice(1);
  return blocks.map((whole, position) => {
    // MIG slices carry their own fb_memory_usage: read the GPU's fields with the slices cut out.
    const block = whole.replace(/<mig_devices>[\s\S]*?<\/mig_devices>/, '');
    const busId = block.slice(0, block.indexOf('"'));
    const model = textOrNull(firstText(block, 'product_name')) ?? 'NVIDIA GPU';
    const memory = section(block, 'fb_memory_usage') ?? '';
    const power =
      section(block, 'gpu_power_readings') ??
      section(block, 'power_readings') ??
      section(block, 'module_power_readings');
    const powerW =
      parseNumber(firstText(power ?? '', 'power_draw')) ??
      parseNumber(firstText(power ?? '', 'average_power_draw')) ??
      parseNumber(firstText(power ?? '', 'instant_power_draw'));
    const migMode = textOrNull(firstText(block, 'current_mig'));
    // nvidia-smi numbers GPUs in PCI bus order, which is the order of the elements (not minor_number).
    const index = position;
    return {
      id: `nvidia-${index}`,
      vendor: 'nvidia',
      model,
      index,
      uuid: textOrNull(firstText(block, 'uuid')),
      memoryTotalBytes: parseMebibytes(firstText(memory, 'total')),
      memoryUsedBytes: parseMebibytes(firstText(memory, 'used')),
      memoryFreeBytes: parseMebibytes(firstText(memory, 'free')),
      utilizationPercent: parseNumber(firstText(section(block, 'utilization') ?? '', 'gpu_util')),
      temperatureC: parseNumber(firstText(section(block, 'temperature') ?? '', 'gpu_temp')),
      powerW,
      busId: busId === '' ? null : busId,
      driverVersion,
      firmwareVersion: textOrNull(firstText(block, 'vbios_version')),
      health: null,
      computeCapability: null,
      mig: migMode === null ? null : { enabled: migMode === 'Enabled', devices: parseMigDevices(whole) },
      capabilities: describeCapabilities('nvidia', model),
    } satisfies Accelerator;
  });
}

function parseMigDevices(block: string): MigDevice[] {
  const devices = section(block, 'mig_devices') ?? '';
  return devices
    .split('<mig_device>')
    .slice(1)
    .map((device, position) => {
      const memory = section(device, 'fb_memory_usage') ?? '';
      return {
        index: parseNumber(firstText(device, 'index')) ?? position,
        profile: null,
        uuid: null,
        memoryTotalBytes: parseMebibytes(firstText(memory, 'total')),
        memoryUsedBytes: parseMebibytes(firstText(memory, 'used')),
      };
    });
}
