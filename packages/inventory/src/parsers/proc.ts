import { describeCapabilities } from '../capabilities.js';
import type { Accelerator, Host } from '../types.js';
import { parseKeyValueLines, parseNumber } from './values.js';

/** CPU facts from `/proc/cpuinfo`. Counts come from `siblings`/`cpu cores` and physical ids, not from blocks. */
export interface CpuInfo {
  cpuModel: string | null;
  logicalCpus: number | null;
  physicalCores: number | null;
  sockets: number | null;
  flags: string[];
}

/** Parses `/proc/cpuinfo` (x86 `model name`/`flags`, aarch64 `CPU part`/`Features`). */
export function parseCpuInfo(text: string): CpuInfo {
  const pairs = parseKeyValueLines(text);
  const first = (key: string): string | undefined => pairs.find(([name]) => name === key)?.[1];
  const processors = pairs.filter(([name]) => name === 'processor').length;
  const sockets = new Set(pairs.filter(([name]) => name === 'physical id').map(([, value]) => value)).size;
  const siblings = parseNumber(first('siblings'));
  const coresPerSocket = parseNumber(first('cpu cores'));
  const socketCount = sockets > 0 ? sockets : null;
  return {
    cpuModel: first('model name') ?? first('Model name') ?? first('Hardware') ?? null,
    // A trimmed capture may list fewer blocks than CPUs: `siblings` is per socket and authoritative.
    logicalCpus: siblings !== null ? siblings * (socketCount ?? 1) : processors > 0 ? processors : null,
    physicalCores: coresPerSocket !== null ? coresPerSocket * (socketCount ?? 1) : null,
    sockets: socketCount,
    flags: (first('flags') ?? first('Features') ?? '').split(/\s+/).filter((flag) => flag !== ''),
  };
}

/** Memory facts from `/proc/meminfo` (values in kB, which means KiB). */
export interface MemInfo {
  memoryTotalBytes: number | null;
  /** `MemAvailable` when present (kernel >= 3.14), else `MemFree + Buffers + Cached`. */
  memoryAvailableBytes: number | null;
}

export function parseMemInfo(text: string): MemInfo {
  const values = new Map(parseKeyValueLines(text).map(([key, value]) => [key, parseNumber(value)]));
  const kib = (key: string): number | null => {
    const value = values.get(key);
    return value === undefined || value === null ? null : value * 1024;
  };
  const free = kib('MemFree');
  const fallback = free === null ? null : free + (kib('Buffers') ?? 0) + (kib('Cached') ?? 0);
  return { memoryTotalBytes: kib('MemTotal'), memoryAvailableBytes: kib('MemAvailable') ?? fallback };
}

/** Combines cpuinfo and meminfo into the host record. */
export function buildHost(cpu: CpuInfo | null, memory: MemInfo | null): Host {
  const flags = cpu?.flags ?? [];
  return {
    cpuModel: cpu?.cpuModel ?? null,
    logicalCpus: cpu?.logicalCpus ?? null,
    physicalCores: cpu?.physicalCores ?? null,
    sockets: cpu?.sockets ?? null,
    hasAvx2: flags.includes('avx2'),
    hasAvx512: flags.includes('avx512f'),
    flags,
    memoryTotalBytes: memory?.memoryTotalBytes ?? null,
    memoryAvailableBytes: memory?.memoryAvailableBytes ?? null,
  };
}

/** The host's CPU and RAM as one `cpu` accelerator, so CPU engines are planned and placed like the rest. */
export function cpuAccelerator(host: Host): Accelerator {
  const used =
    host.memoryTotalBytes !== null && host.memoryAvailableBytes !== null
      ? host.memoryTotalBytes - host.memoryAvailableBytes
      : null;
  const model = host.cpuModel ?? 'CPU';
  return {
    id: 'cpu-0',
    vendor: 'cpu',
    model,
    index: 0,
    uuid: null,
    memoryTotalBytes: host.memoryTotalBytes,
    memoryUsedBytes: used,
    memoryFreeBytes: host.memoryAvailableBytes,
    utilizationPercent: null,
    temperatureC: null,
    powerW: null,
    busId: null,
    driverVersion: null,
    firmwareVersion: null,
    health: null,
    computeCapability: null,
    mig: null,
    capabilities: describeCapabilities('cpu', model),
  };
}
