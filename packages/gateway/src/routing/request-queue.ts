import { HangarError } from '@hangar/core';
import { abortedError, type Cancellation } from '../cancellation.js';

/** Bounds on waiting for a free upstream. */
export interface QueueOptions {
  /** Requests waiting at once, all deployments together; beyond it 429. Default 256. */
  maxWaiting: number;
  /** How long one request waits before 429. Default 30 s. */
  maxWaitMs: number;
}

export const DEFAULT_QUEUE: QueueOptions = { maxWaiting: 256, maxWaitMs: 30_000 };

interface Waiter {
  wake: () => void;
}

/**
 * Requests waiting for an instance of their deployment to drop below its concurrency bound, first come first
 * served. `notify()` is called when a request to the deployment finishes; the woken request picks again.
 */
export class RequestQueue {
  private readonly waiting = new Map<string, Waiter[]>();
  private size = 0;

  constructor(
    private readonly options: QueueOptions,
    private readonly onSizeChange: (size: number) => void = () => undefined,
  ) {}

  get length(): number {
    return this.size;
  }

  /** Waits for a slot; rejects with 429 when the queue is full or the wait too long, or when the request is aborted. */
  async wait(
    deploymentId: string,
    model: string,
    cancellation: Cancellation,
    isRetry: boolean,
  ): Promise<void> {
    if (this.size >= this.options.maxWaiting) throw busy(model, `the queue is full (${this.size} waiting)`);
    if (cancellation.isAborted) throw abortedError();
    const list = this.waiting.get(deploymentId) ?? [];
    this.waiting.set(deploymentId, list);
    let timer: NodeJS.Timeout | undefined;
    let stopListening: (() => void) | undefined;
    let waiter: Waiter | undefined;
    this.resize(1);
    try {
      await new Promise<void>((resolve, reject) => {
        waiter = { wake: resolve };
        // A request woken once that found no slot keeps its place at the front.
        if (isRetry) list.unshift(waiter);
        else list.push(waiter);
        timer = setTimeout(
          () => reject(busy(model, `no instance freed up within ${this.options.maxWaitMs} ms`)),
          this.options.maxWaitMs,
        );
        stopListening = cancellation.onAbort(() => reject(abortedError()));
      });
    } finally {
      clearTimeout(timer);
      stopListening?.();
      const index = waiter === undefined ? -1 : list.indexOf(waiter);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0 && this.waiting.get(deploymentId) === list) this.waiting.delete(deploymentId);
      this.resize(-1);
    }
  }

  /** A slot of the deployment freed up: wake the first waiter. */
  notify(deploymentId: string): void {
    const list = this.waiting.get(deploymentId);
    const first = list?.shift();
    if (first !== undefined) first.wake();
  }

  private resize(delta: number): void {
    this.size += delta;
    this.onSizeChange(this.size);
  }
}

function busy(model: string, why: string): HangarError {
  return new HangarError(
    `All instances of model '${model}' are busy and ${why}. Retry in 1 s, or send fewer requests at once.`,
    { code: 'model_overloaded', status: 429, kind: 'operational', details: { retryAfterSeconds: 1 } },
  );
}
