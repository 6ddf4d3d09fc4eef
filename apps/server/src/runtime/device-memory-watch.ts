/** One device's memory as the vendor tool reports it now. */
export interface DeviceReading {
  id: string;
  name: string;
  memoryUsedBytes: number | null;
}

export interface HeldMemory {
  id: string;
  name: string;
  heldBytes: number;
}

/** Devices whose used memory is still above what they used before the instance started (beyond a tolerance). */
export function devicesStillHolding(
  baseline: ReadonlyMap<string, number>,
  readings: readonly DeviceReading[],
  toleranceBytes: number,
): HeldMemory[] {
  const held: HeldMemory[] = [];
  for (const reading of readings) {
    const before = baseline.get(reading.id);
    if (before === undefined || reading.memoryUsedBytes === null) continue;
    const extra = reading.memoryUsedBytes - before;
    if (extra > toleranceBytes) held.push({ id: reading.id, name: reading.name, heldBytes: extra });
  }
  return held;
}

export interface DeviceMemoryWatchOptions {
  /** Fresh readings from the vendor tools (an inventory refresh). */
  read: () => Promise<DeviceReading[]>;
  sleep?: (ms: number) => Promise<void>;
  /** Readings after stop before a leak is reported (drivers free memory with some delay). */
  attempts?: number;
  intervalMs?: number;
  toleranceBytes?: number;
}

const GIB = 1024 ** 3;

/**
 * "Stop means stopped": remembers what an instance's devices used before it started, and after it stopped checks
 * (a few times, as drivers release memory lazily) that the devices are back there; otherwise reports a leak.
 */
export class DeviceMemoryWatch {
  private readonly baselines = new Map<string, Map<string, number>>();

  constructor(private readonly options: DeviceMemoryWatchOptions) {}

  /** Called when an instance's devices are chosen, before its engine starts. */
  async remember(instanceId: string, deviceIds: readonly string[]): Promise<void> {
    if (deviceIds.length === 0) return;
    const wanted = new Set(deviceIds);
    const baseline = new Map<string, number>();
    for (const reading of await this.readSafely()) {
      if (wanted.has(reading.id) && reading.memoryUsedBytes !== null)
        baseline.set(reading.id, reading.memoryUsedBytes);
    }
    if (baseline.size > 0) this.baselines.set(instanceId, baseline);
  }

  /** After the instance's process group is gone: `freed`, `leaked` (with what to tell the operator), or `unknown`. */
  async checkAfterStop(
    instanceId: string,
  ): Promise<{ result: 'freed' | 'unknown' } | { result: 'leaked'; message: string }> {
    const baseline = this.baselines.get(instanceId);
    this.baselines.delete(instanceId);
    if (!baseline) return { result: 'unknown' };
    const attempts = this.options.attempts ?? 5;
    const tolerance = this.options.toleranceBytes ?? GIB / 2;
    const sleep =
      this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
    let held: HeldMemory[] = [];
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(this.options.intervalMs ?? 2000);
      held = devicesStillHolding(baseline, await this.readSafely(), tolerance);
      if (held.length === 0) return { result: 'freed' };
    }
    const list = held
      .map((device) => `${device.name} (${device.id}) holds ${(device.heldBytes / GIB).toFixed(1)} GiB more`)
      .join('; ');
    return {
      result: 'leaked',
      message:
        `Device memory was not freed after the instance stopped: ${list} than before it started. ` +
        'Look for a leftover engine worker with the vendor tool (nvidia-smi, npu-smi) and stop it.',
    };
  }

  private async readSafely(): Promise<DeviceReading[]> {
    try {
      return await this.options.read();
    } catch {
      // A vendor tool that fails now says nothing about this instance; the inventory reports its own problems.
      return [];
    }
  }
}
