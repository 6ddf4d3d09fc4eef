import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from './command-runner.js';
import { detectInventory } from './detect-inventory.js';
import { InventoryMonitor, type IntervalTimer } from './inventory-monitor.js';

const missing = (): Promise<CommandResult> =>
  Promise.reject(Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' }));
const printed = (stdout: string, exitCode = 0): Promise<CommandResult> =>
  Promise.resolve({ exitCode, stdout, stderr: '' });

const H100_ROW =
  '0, GPU-a, NVIDIA H100 80GB HBM3, 00000000:04:00.0, 590.48.01, 96.00, 81559, 0, 81081, 479, 0, 41, 69.85, 9.0, Disabled';
const CPUINFO = 'processor\t: 0\nmodel name\t: Test CPU\nsiblings\t: 4\ncpu cores\t: 2\nflags\t\t: avx2\n';
const MEMINFO = 'MemTotal: 1048576 kB\nMemAvailable: 524288 kB\n';

function runnerFor(tools: Record<string, (args: readonly string[]) => Promise<CommandResult>>): {
  run: CommandRunner;
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    run: (command, args) => {
      calls.push(`${command} ${args.join(' ')}`);
      return (tools[command] ?? missing)(args);
    },
  };
}

const readFile = (path: string): Promise<string> =>
  Promise.resolve(path.endsWith('cpuinfo') ? CPUINFO : MEMINFO);

describe('detectInventory', () => {
  it('treats missing tools as absent vendors and adds the CPU', async () => {
    const { run, calls } = runnerFor({
      'nvidia-smi': () => printed(H100_ROW),
    });
    const inventory = await detectInventory({ run, readFile, nodeName: 'gpu-1', clock: { now: () => 42 } });
    expect(inventory.problems).toEqual([]);
    expect(inventory.accelerators.map((device) => device.id)).toEqual(['nvidia-0', 'cpu-0']);
    expect(inventory).toMatchObject({
      name: 'gpu-1',
      detectedAt: 42,
      host: { cpuModel: 'Test CPU', logicalCpus: 4, hasAvx2: true },
    });
    expect(inventory.accelerators[1]).toMatchObject({
      memoryTotalBytes: 1024 ** 3,
      memoryFreeBytes: 512 * 1024 ** 2,
    });
    expect(calls[0]).toMatch(/^nvidia-smi --query-gpu=index,uuid,name,.* --format=csv,nounits$/);
  });

  it('reports a failing tool with its output and goes on', async () => {
    const { run } = runnerFor({
      'nvidia-smi': () =>
        Promise.resolve({
          exitCode: 9,
          stdout: '',
          stderr: 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.',
        }),
      'rocm-smi': () => printed('WARNING: no JSON here'),
      'npu-smi': () => printed('| 0     910B | OK | 90.0 50 0 / 0 |\n'),
    });
    const inventory = await detectInventory({ run, readFile, nodeName: 'n' });
    expect(inventory.problems.map((problem) => problem.source)).toEqual(['nvidia-smi', 'rocm-smi']);
    expect(inventory.problems[0]?.output).toContain('could not communicate');
    expect(inventory.problems[1]?.message).toContain('could not read');
    expect(inventory.accelerators.map((device) => device.vendor)).toEqual(['cpu']);
  });

  it('falls back to the legacy field list when an old driver rejects the query', async () => {
    const { run, calls } = runnerFor({
      'nvidia-smi': (args) =>
        args[0]?.includes('compute_cap') === true
          ? printed('Field "compute_cap" is not a valid field to query.', 2)
          : printed(
              '0, GPU-b, Tesla V100S-PCIE-32GB, 00000000:00:0D.0, 460.73.01, 32510, 31689, 821, 97, 66, 232.80',
            ),
    });
    const inventory = await detectInventory({ run, readFile, nodeName: 'n', includeCpu: false });
    expect(calls.filter((call) => call.startsWith('nvidia-smi'))).toHaveLength(2);
    expect(inventory.accelerators).toMatchObject([
      { model: 'Tesla V100S-PCIE-32GB', utilizationPercent: 97, powerW: 232.8 },
    ]);
  });

  it('fills MIG slices from nvidia-smi -L when MIG is enabled', async () => {
    const { run } = runnerFor({
      'nvidia-smi': (args) =>
        args[0] === '-L'
          ? printed('GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-a)\n  MIG 3g.40gb     Device  0: (UUID: MIG-a)')
          : printed(H100_ROW.replace('Disabled', 'Enabled')),
    });
    const inventory = await detectInventory({ run, readFile, nodeName: 'n', includeCpu: false });
    expect(inventory.accelerators[0]?.mig).toEqual({
      enabled: true,
      devices: [
        { index: 0, profile: '3g.40gb', uuid: 'MIG-a', memoryTotalBytes: 40e9, memoryUsedBytes: null },
      ],
    });
  });
});

describe('InventoryMonitor', () => {
  it('refreshes on the injected timer and stops on close', async () => {
    let tick: (() => void) | null = null;
    let cleared = false;
    const timer: IntervalTimer = {
      setInterval: (callback) => {
        tick = callback;
        return 1;
      },
      clearInterval: () => {
        cleared = true;
      },
    };
    let now = 0;
    const seen: number[] = [];
    const { run } = runnerFor({});
    const monitor = new InventoryMonitor({
      run,
      readFile,
      nodeName: 'n',
      timer,
      clock: { now: () => ++now },
      onRefresh: (inventory) => seen.push(inventory.detectedAt),
    });
    expect(monitor.current()).toBeNull();
    await monitor.start();
    tick!();
    await monitor.refresh();
    expect(seen).toEqual([1, 2]);
    expect(monitor.current()?.detectedAt).toBe(2);
    await monitor.close();
    expect(cleared).toBe(true);
  });
});
