import { readFile } from 'node:fs/promises';

/** A CPU-time snapshot of the whole machine and of our own processes (Linux `/proc`), in seconds. */
export interface CpuSnapshot {
  atMs: number;
  machineBusySeconds: number;
  ownSeconds: number;
}

// USER_HZ is 100 on every Linux we run on.
const ticksPerSecond = 100;

/** Reads busy CPU time of the machine and the CPU time of `pids` plus this process; null where /proc is absent. */
export async function cpuSnapshot(pids: readonly number[], now: () => number): Promise<CpuSnapshot | null> {
  try {
    const stat = await readFile('/proc/stat', 'utf8');
    const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
    const busyTicks = fields
      .slice(0, 8)
      .reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
    let ownTicks = 0;
    for (const pid of pids) ownTicks += await processTicks(pid);
    const self = process.cpuUsage();
    return {
      atMs: now(),
      machineBusySeconds: busyTicks / ticksPerSecond,
      ownSeconds: ownTicks / ticksPerSecond + (self.user + self.system) / 1e6,
    };
  } catch {
    return null;
  }
}

async function processTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11] ?? 0) + Number(rest[12] ?? 0);
}

/**
 * Share of the machine's CPU capacity used by other processes between two snapshots, in percent (0-100), or
 * null without /proc.
 */
export function foreignCpuPercent(
  before: CpuSnapshot | null,
  after: CpuSnapshot | null,
  cores: number,
): number | null {
  if (before === null || after === null || after.atMs <= before.atMs) return null;
  const foreign =
    after.machineBusySeconds - before.machineBusySeconds - (after.ownSeconds - before.ownSeconds);
  const capacity = ((after.atMs - before.atMs) / 1000) * cores;
  return Math.max(0, (foreign / capacity) * 100);
}
