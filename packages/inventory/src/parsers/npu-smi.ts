import { describeCapabilities } from '../capabilities.js';
import type { Accelerator } from '../types.js';
import { MEBIBYTE, parseNumber, textOrNull } from './values.js';

interface NpuRow {
  npuId: number;
  name: string;
  health: string | null;
  powerW: number | null;
  temperatureC: number | null;
}

const BUS_ID = /^[0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.[0-9A-Fa-f]$/;

/**
 * Parses the `npu-smi info` table. Handles the 910/910B layout (`Chip` row, DDR `Memory-Usage` plus `HBM-Usage`,
 * where 910B's real memory is HBM and DDR reads `0 / 0`), the 310/310P layout (`Chip Device` row, DDR only,
 * `NA` power), the 950 layout (`NPU ID | Name` cells) and a missing version banner. One accelerator per chip;
 * several chips may share an NPU ID. Stops at the process table.
 */
export function parseNpuSmiInfo(text: string): Accelerator[] {
  const driverVersion = /Version:\s*(\S+)/.exec(text)?.[1] ?? null;
  const accelerators: Accelerator[] = [];
  let npu: NpuRow | null = null;
  let isInBody = false;
  for (const line of text.split(/\r?\n/)) {
    if (/Process id|Process name/i.test(line)) break;
    if (line.startsWith('+=')) isInBody = true;
    if (!isInBody || !line.startsWith('|')) continue;
    const cells = normalizeCells(line);
    if (cells.length < 3) continue;
    if (BUS_ID.test(cells[1] ?? '')) {
      if (npu !== null) accelerators.push(toAccelerator(npu, cells, accelerators.length, driverVersion));
    } else {
      npu = parseNpuRow(cells);
    }
  }
  return accelerators;
}

/** Cells of a `| a | b | c |` row; the 950 layout's extra leading cell is merged into the first. */
function normalizeCells(line: string): string[] {
  const cells = line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
  if (cells.length === 4) return [`${cells[0]} ${cells[1]}`.trim(), cells[2] ?? '', cells[3] ?? ''];
  return cells;
}

function parseNpuRow(cells: string[]): NpuRow | null {
  const [first = '', health = '', metrics = ''] = cells;
  const match = /^(\d+)\s+(.+)$/.exec(first);
  if (!match) return null;
  const values = metrics.split(/\s+/);
  return {
    npuId: Number(match[1]),
    name: (match[2] ?? '').trim(),
    health: textOrNull(health),
    powerW: parseNumber(values[0]),
    temperatureC: parseNumber(values[1]),
  };
}

function toAccelerator(
  npu: NpuRow,
  cells: string[],
  index: number,
  driverVersion: string | null,
): Accelerator {
  const [chipCell = '', busId = '', metrics = ''] = cells;
  const chipId = Number(chipCell.split(/\s+/)[0] ?? '0') || 0;
  const pairs = [...metrics.matchAll(/(\d+)\s*\/\s*(\d+)/g)].map((match) => [
    Number(match[1]),
    Number(match[2]),
  ]);
  const [ddr, hbm] = pairs;
  const memory = hbm !== undefined && (hbm[1] ?? 0) > 0 ? hbm : ddr;
  const total = memory?.[1] === undefined ? null : memory[1] * MEBIBYTE;
  const used = memory?.[0] === undefined ? null : memory[0] * MEBIBYTE;
  const model = /^ascend/i.test(npu.name) ? npu.name : `Ascend ${npu.name}`;
  return {
    id: `ascend-${npu.npuId}-${chipId}`,
    vendor: 'ascend',
    model,
    index,
    uuid: null,
    memoryTotalBytes: total,
    memoryUsedBytes: used,
    memoryFreeBytes: total === null || used === null ? null : Math.max(0, total - used),
    utilizationPercent: parseNumber(metrics.split(/\s+/)[0]),
    temperatureC: npu.temperatureC,
    powerW: npu.powerW,
    busId,
    driverVersion,
    firmwareVersion: null,
    health: npu.health,
    computeCapability: null,
    mig: null,
    capabilities: describeCapabilities('ascend', model),
  };
}

/**
 * Parses `npu-smi info -l` / `-t <type> -i <id>` output: `Key : value` blocks separated by blank lines.
 * Returns one record per block; keys keep their units (`HBM Capacity(MB)`).
 */
export function parseNpuSmiKeyValues(text: string): Array<Record<string, string>> {
  const blocks: Array<Record<string, string>> = [];
  let current: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at <= 0) {
      if (Object.keys(current).length > 0) blocks.push(current);
      current = {};
      continue;
    }
    current[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  if (Object.keys(current).length > 0) blocks.push(current);
  return blocks;
}

/** One chip of `npu-smi info -m`. */
export interface NpuChipMapping {
  npuId: number;
  chipId: number;
  logicId: number | null;
  chipName: string;
}

/** Parses `npu-smi info -m`, skipping the MCU pseudo-chip. Handles the legacy and the 950 column sets. */
export function parseNpuSmiMapping(text: string): NpuChipMapping[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0] ?? '';
  const hasLogicId = header.includes('Chip Logic ID');
  const hasSlot = header.includes('Slot ID');
  const chips: NpuChipMapping[] = [];
  for (const line of lines.slice(1)) {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length < 3 || /mcu/i.test(line)) continue;
    const numbers = tokens.slice(0, hasLogicId ? 3 : hasSlot ? 4 : 2);
    const nameStart = numbers.length;
    chips.push({
      npuId: Number(tokens[0]),
      chipId: Number(hasSlot ? tokens[2] : tokens[1]),
      logicId: hasLogicId ? parseNumber(tokens[2]) : null,
      chipName: tokens.slice(nameStart).join(' '),
    });
  }
  return chips;
}
