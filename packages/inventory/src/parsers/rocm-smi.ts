import { describeCapabilities } from '../capabilities.js';
import type { Accelerator, AcceleratorVendor } from '../types.js';
import { MEBIBYTE, difference, isNotAvailable, parseNumber, textOrNull } from './values.js';

type Card = Record<string, string>;

/**
 * Parses `rocm-smi ... --json` (AMD) and `hy-smi ... --json` / DTK `rocm-smi --json` (Hygon). Every value is a string;
 * the `system` key holds the driver version; AMD reports VRAM in bytes, Hygon in MiB (`vram Total Memory (MiB)`);
 * Hygon says `DCU use (%)` or, since DTK 25.04, `HCU use (%)`. Non-JSON lines around the object are ignored.
 */
export function parseRocmSmiJson(text: string): Accelerator[] {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new SyntaxError('no JSON object in rocm-smi output');
  const document = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
  const system = asCard(document['system']);
  const driverVersion = textOrNull(pick(system, ['Driver version', 'Driver Version']));
  return Object.entries(document)
    .filter(([key]) => /^card\d+$/.test(key))
    .map(([key, value]) => toAccelerator(Number(key.slice(4)), asCard(value), driverVersion))
    .sort((a, b) => a.index - b.index);
}

function asCard(value: unknown): Card {
  if (typeof value !== 'object' || value === null) return {};
  const card: Card = {};
  for (const [key, entry] of Object.entries(value)) card[key.replace(/:$/, '').trim()] = String(entry);
  return card;
}

/** The first present, case-insensitively matched key (rocm-smi renamed keys between releases). */
function pick(card: Card, keys: string[]): string | undefined {
  for (const key of keys) {
    const found = Object.keys(card).find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    if (found !== undefined && !isNotAvailable(card[found])) return card[found];
  }
  return undefined;
}

function toAccelerator(index: number, card: Card, driverVersion: string | null): Accelerator {
  const vendorName = pick(card, ['Card Vendor']) ?? '';
  const isHygon =
    /haiguang|hygon/i.test(vendorName) || pick(card, ['DCU use (%)', 'HCU use (%)']) !== undefined;
  const vendor: AcceleratorVendor = isHygon ? 'hygon' : 'amd';
  const model =
    textOrNull(pick(card, ['Card Series', 'Device Name', 'Card Model'])) ??
    (isHygon ? 'Hygon DCU' : 'AMD GPU');
  const totalBytes = parseNumber(pick(card, ['VRAM Total Memory (B)']));
  const usedBytes = parseNumber(pick(card, ['VRAM Total Used Memory (B)', 'VRAM Used Memory (B)']));
  const totalMib = parseNumber(pick(card, ['vram Total Memory (MiB)']));
  const usedMib = parseNumber(pick(card, ['vram Total Used Memory (MiB)']));
  const total = totalBytes ?? (totalMib === null ? null : totalMib * MEBIBYTE);
  const used = usedBytes ?? (usedMib === null ? null : usedMib * MEBIBYTE);
  const computeCapability = textOrNull(pick(card, ['GFX Version']));
  return {
    id: `${vendor}-${index}`,
    vendor,
    model,
    index,
    uuid: textOrNull(pick(card, ['Unique ID'])),
    memoryTotalBytes: total,
    memoryUsedBytes: used,
    memoryFreeBytes: difference(total, used),
    utilizationPercent: parseNumber(pick(card, ['GPU use (%)', 'HCU use (%)', 'DCU use (%)'])),
    temperatureC: parseNumber(
      pick(card, [
        'Temperature (Sensor junction) (C)',
        'Temperature (Sensor edge) (C)',
        'Temperature (Sensor core) (C)',
      ]),
    ),
    powerW: parseNumber(
      pick(card, ['Average Graphics Package Power (W)', 'Current Socket Graphics Package Power (W)']),
    ),
    busId: textOrNull(pick(card, ['PCI Bus'])),
    driverVersion,
    firmwareVersion: textOrNull(pick(card, ['VBIOS version'])),
    health: null,
    computeCapability,
    mig: null,
    capabilities: describeCapabilities(vendor, model),
  };
}

/**
 * Parses the default `rocm-smi` / `hy-smi` table of a Hygon DCU (`DCU Temp AvgPwr ... VRAM% DCU%`, or `HCU` on
 * newer hyhal). The table has no memory sizes or bus ids: those stay null.
 */
export function parseHygonSmiTable(text: string): Accelerator[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((line) => /^\s*[DH]CU\s+Temp\b/.test(line));
  if (headerAt < 0) throw new SyntaxError('no DCU/HCU table header in hy-smi output');
  const header = (lines[headerAt] ?? '').trim().split(/\s+/);
  const column = (name: string): number => header.findIndex((cell) => cell.toUpperCase() === name);
  const accelerators: Accelerator[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    const cells = line.trim().split(/\s+/);
    if (!/^\d+$/.test(cells[0] ?? '')) continue;
    const index = Number(cells[0]);
    const use = column('DCU%') >= 0 ? column('DCU%') : column('HCU%');
    accelerators.push({
      id: `hygon-${index}`,
      vendor: 'hygon',
      model: 'Hygon DCU',
      index,
      uuid: null,
      memoryTotalBytes: null,
      memoryUsedBytes: null,
      memoryFreeBytes: null,
      utilizationPercent: parseNumber(cells[use]),
      temperatureC: parseNumber(cells[column('TEMP')]),
      powerW: parseNumber(cells[column('AVGPWR')]),
      busId: null,
      driverVersion: null,
      firmwareVersion: null,
      health: null,
      computeCapability: null,
      mig: null,
      capabilities: describeCapabilities('hygon', 'Hygon DCU'),
    });
  }
  return accelerators;
}
