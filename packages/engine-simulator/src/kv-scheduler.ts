import { HangarError } from '@hangar/core';

/** A running sequence's hold on the KV cache; release it when the request ends. */
export interface KvLease {
  readonly tokens: number;
  release(): void;
}

interface Waiter {
  tokens: number;
  resolve: (lease: KvLease) => void;
  reject: (error: unknown) => void;
}

/**
 * The simulator's scheduler: a request runs when a sequence slot is free (`maxNumSeqs`) and the KV cache has room
 * for its prompt + output tokens; otherwise it waits, first come first served (like vLLM's waiting queue).
 */
export class KvScheduler {
  private usedTokens = 0;
  private runningCount = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly capacityTokens: number,
    readonly maxNumSeqs: number,
  ) {}

  get running(): number {
    return this.runningCount;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Share of the KV cache in use, 0..1. */
  get usageRatio(): number {
    return this.capacityTokens === 0 ? 0 : Math.min(1, this.usedTokens / this.capacityTokens);
  }

  /** Waits for room for `tokens`; rejects when the signal aborts while waiting. */
  admit(tokens: number, signal?: AbortSignal): Promise<KvLease> {
    if (tokens > this.capacityTokens) {
      return Promise.reject(
        new HangarError(
          `The request needs ${tokens} KV cache tokens but the cache holds ${this.capacityTokens}.`,
          {
            code: 'kv_cache_too_small',
            status: 400,
            kind: 'user',
          },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { tokens, resolve, reject };
      this.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.waiters.indexOf(waiter);
          if (index < 0) return;
          this.waiters.splice(index, 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted while waiting'));
        },
        { once: true },
      );
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiters.length > 0) {
      const next = this.waiters[0]!;
      if (this.runningCount >= this.maxNumSeqs || this.usedTokens + next.tokens > this.capacityTokens) return;
      this.waiters.shift();
      this.usedTokens += next.tokens;
      this.runningCount++;
      let isReleased = false;
      next.resolve({
        tokens: next.tokens,
        release: () => {
          if (isReleased) return;
          isReleased = true;
          this.usedTokens -= next.tokens;
          this.runningCount--;
          this.drain();
        },
      });
    }
  }
}
