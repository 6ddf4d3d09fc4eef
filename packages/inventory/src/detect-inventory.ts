import { errorMessage, systemClock, type Clock } from '@hangar/core';
import { isCommandMissing, type CommandRunner, type TextFileReader } from './command-runner.js';
import {
  NVIDIA_LEGACY_QUERY_FIELDS,
  NVIDIA_QUERY_FIELDS,
  parseNvidiaSmiCsv,
  parseNvidiaSmiList,
} from './parsers/nvidia-smi-csv.js';
import { parseNpuSmiInfo } from './parsers/npu-smi.js';
import { parseMthreadsGmi } from './parsers/mthreads-gmi.js';
import {
  buildHost,
  cpuAccelerator,
  parseCpuInfo,
  parseMemInfo,
  type CpuInfo,
  type MemInfo,
} from './parsers/proc.js';
import { parseHygonSmiTable, parseRocmSmiJson } from './parsers/rocm-smi.js';
import type { Accelerator, Inventory, InventoryProblem } from './types.js';

/** The few logger methods detection uses; a pino logger fits. */
export interface InventoryLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

export interface DetectInventoryOptions {
  run: CommandRunner;
  readFile: TextFileReader;
  /** The node's name (the server passes `os.hostname()`). */
  nodeName: string;
  clock?: Clock;
  logger?: InventoryLogger;
  /** Add the CPU (with RAM as its memory) as an accelerator. Default true. */
  includeCpu?: boolean;
}

const OUTPUT_LIMIT = 2000;

type Probe = (context: ProbeContext) => Promise<Accelerator[]>;
interface ProbeContext {
  run: CommandRunner;
  /** Runs the tool: `null` when it is not installed; throws a `ProbeFailure` when it fails. */
  tool: (command: string, args: readonly string[]) => Promise<string | null>;
}

class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

const nvidia: Probe = async ({ tool }) => {
  const query = (fields: readonly string[]) =>
    tool('nvidia-smi', [`--query-gpu=${fields.join(',')}`, '--format=csv,nounits']);
  let fields: readonly string[] = NVIDIA_QUERY_FIELDS;
  let text: string | null;
  try {
    text = await query(fields);
  } catch {
    // Drivers older than 510 reject compute_cap / memory.reserved / mig.mode.current.
    fields = NVIDIA_LEGACY_QUERY_FIELDS;
    text = await query(fields);
  }
  if (text === null) return [];
  const gpus = parseNvidiaSmiCsv(text, fields);
  if (gpus.some((gpu) => gpu.mig?.enabled === true)) {
    const listed = parseNvidiaSmiList((await tool('nvidia-smi', ['-L'])) ?? '');
    for (const gpu of gpus) {
      const match = listed.find((entry) => entry.index === gpu.index);
      if (gpu.mig && match) gpu.mig.devices = match.migDevices;
    }
  }
  return gpus;
};

const amd: Probe = async ({ tool }) => {
  const text = await tool('rocm-smi', [
    '--showid',
    '--showproductname',
    '--showmeminfo',
    'vram',
    '--showuse',
    '--showtemp',
    '--showpower',
    '--showbus',
    '--showuniqueid',
    '--showdriverversion',
    '--json',
  ]);
  // On Hygon hosts DTK's rocm-smi reports the DCUs too; hy-smi ran first and duplicates are dropped below.
  return text === null ? [] : parseRocmSmiJson(text);
};

const hygon: Probe = async ({ tool }) => {
  const text = await tool('hy-smi', [
    '--showproductname',
    '--showmeminfo',
    'vram',
    '--showuse',
    '--showtemp',
    '--showpower',
    '--showbus',
    '--json',
  ]);
  if (text === null) return [];
  return text.includes('{') ? parseRocmSmiJson(text) : parseHygonSmiTable(text);
};

const ascend: Probe = async ({ tool }) => {
  const text = await tool('npu-smi', ['info']);
  return text === null ? [] : parseNpuSmiInfo(text);
};

const mthreads: Probe = async ({ tool }) => {
  const text = await tool('mthreads-gmi', []);
  return text === null ? [] : parseMthreadsGmi(text);
};

const PROBES: Array<[string, Probe]> = [
  ['nvidia-smi', nvidia],
  ['hy-smi', hygon],
  ['rocm-smi', amd],
  ['npu-smi', ascend],
  ['mthreads-gmi', mthreads],
];

/**
 * Detects the host and its accelerators. Tools run one after another through the injected runner; a missing
 * tool means that vendor is absent, a failing or unreadable one adds a `problems` entry and detection goes on.
 * Never throws for what a tool prints.
 */
export async function detectInventory(options: DetectInventoryOptions): Promise<Inventory> {
  const problems: InventoryProblem[] = [];
  const context: ProbeContext = {
    run: options.run,
    tool: async (command, args) => {
      try {
        const result = await options.run(command, args);
        if (result.exitCode !== 0) {
          throw new ProbeFailure(
            `${command} exited with code ${result.exitCode}`,
            result.stderr + result.stdout,
          );
        }
        return result.stdout;
      } catch (error) {
        if (isCommandMissing(error)) return null;
        throw error;
      }
    },
  };
  const accelerators: Accelerator[] = [];
  for (const [source, probe] of PROBES) {
    try {
      for (const device of await probe(context)) {
        if (!accelerators.some((known) => known.id === device.id)) accelerators.push(device);
      }
    } catch (error) {
      const output = error instanceof ProbeFailure ? error.output : '';
      const message =
        error instanceof SyntaxError
          ? `${source} printed output we could not read: ${error.message}`
          : errorMessage(error);
      problems.push({ source, message, output: output.slice(0, OUTPUT_LIMIT) });
      options.logger?.warn({ source, message }, 'inventory-probe-failed');
    }
  }
  const host = buildHost(
    await readProc(options, '/proc/cpuinfo', parseCpuInfo, problems),
    await readProc(options, '/proc/meminfo', parseMemInfo, problems),
  );
  if (options.includeCpu ?? true) accelerators.push(cpuAccelerator(host));
  return {
    name: options.nodeName,
    host,
    accelerators,
    problems,
    detectedAt: (options.clock ?? systemClock).now(),
  };
}

async function readProc<T extends CpuInfo | MemInfo>(
  options: DetectInventoryOptions,
  path: string,
  parse: (text: string) => T,
  problems: InventoryProblem[],
): Promise<T | null> {
  try {
    return parse(await options.readFile(path));
  } catch (error) {
    // No /proc on macOS or Windows: the host stays unknown, which is a fact, not a failure worth a problem there.
    if (!isCommandMissing(error)) problems.push({ source: path, message: errorMessage(error), output: '' });
    return null;
  }
}
