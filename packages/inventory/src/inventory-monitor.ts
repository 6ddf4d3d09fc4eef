import { errorMessage } from '@hangar/core';
import { detectInventory, type DetectInventoryOptions } from './detect-inventory.js';
import type { Inventory } from './types.js';

/** Timer functions, injected so tests drive the interval by hand. */
export interface IntervalTimer {
  setInterval(callback: () => void, intervalMs: number): unknown;
  clearInterval(handle: unknown): void;
}

const systemTimer: IntervalTimer = {
  setInterval: (callback, intervalMs) => {
    const handle = setInterval(callback, intervalMs);
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface InventoryMonitorOptions extends DetectInventoryOptions {
  /** Time between refreshes. Default 15 s. */
  intervalMs?: number;
  timer?: IntervalTimer;
  /** Called after every refresh with the new inventory. */
  onRefresh?: (inventory: Inventory) => void;
}

/**
 * Keeps the node's inventory fresh: detects once on `start()`, then every `intervalMs`. A refresh never overlaps the
 * previous one. `current()` is the latest result; `close()` stops the timer and waits for a refresh in flight.
 */
export class InventoryMonitor {
  private latest: Inventory | null = null;
  private handle: unknown = null;
  private inFlight: Promise<Inventory> | null = null;
  private isClosed = false;

  constructor(private readonly options: InventoryMonitorOptions) {}

  /** Detects now and starts the interval. Resolves with the first inventory. */
  async start(): Promise<Inventory> {
    const first = await this.refresh();
    if (!this.isClosed && this.handle === null) {
      const timer = this.options.timer ?? systemTimer;
      this.handle = timer.setInterval(
        () => void this.refresh().catch(() => undefined),
        this.options.intervalMs ?? 15_000,
      );
    }
    return first;
  }

  /** The latest inventory, or null before the first detection finished. */
  current(): Inventory | null {
    return this.latest;
  }

  /** Detects now (joining a refresh already running). */
  refresh(): Promise<Inventory> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = detectInventory(this.options)
      .then((inventory) => {
        this.latest = inventory;
        this.options.onRefresh?.(inventory);
        return inventory;
      })
      .catch((error: unknown) => {
        this.options.logger?.warn({ error: errorMessage(error) }, 'inventory-refresh-failed');
        throw error;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    if (this.handle !== null) (this.options.timer ?? systemTimer).clearInterval(this.handle);
    this.handle = null;
    await this.inFlight?.catch(() => undefined);
  }
}
