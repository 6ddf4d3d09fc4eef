import { describeCapabilities } from '../capabilities.js';
import type { Accelerator, MigDevice } from '../types.js';
import { isNotAvailable, parseMebibytes, parseNumber, textOrNull } from './values.js';

/** The fields Hangar asks `nvidia-smi --query-gpu=` for (drivers >= 510). */
export const NVIDIA_QUERY_FIELDS = [
  'index',
  'uuid',
  'name',
  'pci.bus_id',
  'driver_version',
  'vbios_version',
  'memory.total',
  'memory.used',
  'memory.free',
  'memory.reserved',
  'utilization.gpu',
  'temperature.gpu',
  'power.draw',
  'compute_cap',
  'mig.mode.current',
] as const;

/** Fields every driver since 2016 accepts: the fallback when an old driver rejects the full list. */
export const NVIDIA_LEGACY_QUERY_FIELDS = [
  'index',
  'uuid',
  'name',
  'pci.bus_id',
  'driver_version',
  'memory.total',
  'memory.used',
  'memory.free',
  'utilization.gpu',
  'temperature.gpu',
  'power.draw',
] as const;

/**
 * Parses `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]`. Columns are taken from the header when
 * there is one (units such as `[MiB]` are stripped from names and values), else from `fields`.
 * A GPU name containing commas is rejoined. MIG children are not in this output: see `parseNvidiaSmiList`.
 */
export function parseNvidiaSmiCsv(
  text: string,
  fields: readonly string[] = NVIDIA_QUERY_FIELDS,
): Accelerator[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const first = lines[0];
  if (first === undefined) return [];
  const hasHeader = splitCsvLine(first).every((cell) => /^[a-z][a-z0-9_.]*(\s\[[^\]]+\])?$/i.test(cell));
  const columns = hasHeader
    ? splitCsvLine(first).map((name) => name.replace(/\s*\[.*\]$/, '').trim())
    : [...fields];
  return (hasHeader ? lines.slice(1) : lines).map((line, row) => toAccelerator(readRow(columns, line), row));
}

function readRow(columns: string[], line: string): Map<string, string> {
  let values = splitCsvLine(line);
  const nameAt = columns.indexOf('name');
  if (values.length > columns.length && nameAt >= 0) {
    // The name held commas: rejoin the surplus cells into it.
    const surplus = values.length - columns.length;
    const name = values.slice(nameAt, nameAt + surplus + 1).join(', ');
    values = [...values.slice(0, nameAt), name, ...values.slice(nameAt + surplus + 1)];
  }
  return new Map(columns.map((column, at) => [column, values[at] ?? '']));
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  let isQuoted = false;
  for (const character of line) {
    if (character === '"') isQuoted = !isQuoted;
    else if (character === ',' && !isQuoted) {
      cells.push(current.trim());
      current = '';
    } else current += character;
  }
  cells.push(current.trim());
  return cells;
}

function toAccelerator(row: Map<string, string>, position: number): Accelerator {
  const index = parseNumber(row.get('index')) ?? position;
  const model = textOrNull(row.get('name')) ?? 'NVIDIA GPU';
  const used = parseMebibytes(row.get('memory.used'));
  const free = parseMebibytes(row.get('memory.free'));
  const reserved = parseMebibytes(row.get('memory.reserved'));
  const total =
    parseMebibytes(row.get('memory.total')) ??
    (used !== null && free !== null ? used + free + (reserved ?? 0) : null);
  const computeCapability = textOrNull(row.get('compute_cap'));
  const migMode = row.get('mig.mode.current');
  return {
    id: `nvidia-${index}`,
    vendor: 'nvidia',
    model,
    index,
    uuid: textOrNull(row.get('uuid')),
    memoryTotalBytes: total,
    memoryUsedBytes: used,
    memoryFreeBytes: free,
    utilizationPercent: parseNumber(row.get('utilization.gpu')),
    temperatureC: parseNumber(row.get('temperature.gpu')),
    powerW: parseNumber(row.get('power.draw')) ?? parseNumber(row.get('power.draw.instant')),
    busId: textOrNull(row.get('pci.bus_id')),
    driverVersion: textOrNull(row.get('driver_version')),
    firmwareVersion: textOrNull(row.get('vbios_version')),
    health: null,
    computeCapability,
    mig: isNotAvailable(migMode) ? null : { enabled: /^enabled$/i.test((migMode ?? '').trim()), devices: [] },
    capabilities: describeCapabilities('nvidia', model, computeCapability),
  };
}

/** One GPU of `nvidia-smi -L` with its MIG slices. */
export interface NvidiaListedGpu {
  index: number;
  name: string;
  uuid: string | null;
  migDevices: MigDevice[];
}

/**
 * Parses `nvidia-smi -L`: `GPU 0: NAME (UUID: GPU-...)` lines, each followed by indented
 * `MIG 3g.40gb Device 0: (UUID: MIG-...)` lines. A slice's memory comes from its profile name (`40gb`).
 */
export function parseNvidiaSmiList(text: string): NvidiaListedGpu[] {
  const gpus: NvidiaListedGpu[] = [];
  for (const line of text.split(/\r?\n/)) {
    const gpu = /^GPU (\d+): (.+?) \(UUID: ([^)]+)\)/.exec(line);
    if (gpu) {
      gpus.push({ index: Number(gpu[1]), name: gpu[2] ?? '', uuid: gpu[3] ?? null, migDevices: [] });
      continue;
    }
    const mig = /^\s+MIG (\S+)\s+Device\s+(\d+): \(UUID: ([^)]+)\)/.exec(line);
    const parent = gpus.at(-1);
    if (mig && parent) {
      const profile = mig[1] ?? null;
      const gigabytes = profile === null ? null : parseNumber(/(\d+)gb$/i.exec(profile)?.[1]);
      parent.migDevices.push({
        index: Number(mig[2]),
        profile,
        uuid: mig[3] ?? null,
        memoryTotalBytes: gigabytes === null ? null : gigabytes * 1e9,
        memoryUsedBytes: null,
      });
    }
  }
  return gpus;
}
