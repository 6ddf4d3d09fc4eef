/** A counting semaphore whose waiters leave the queue when their signal aborts. */
export class SlotQueue {
  private free: number;
  private readonly waiters: (() => void)[] = [];

  constructor(slots: number) {
    this.free = Math.max(1, slots);
  }

  /** Resolves with a release function once a slot is free; rejects when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        let isReleased = false;
        resolve(() => {
          if (isReleased) return;
          isReleased = true;
          this.release();
        });
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(take);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(signal.reason as Error);
      };
      const take = () => grant();
      if (this.free > 0) {
        this.free -= 1;
        grant();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(take);
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free += 1;
  }
}
