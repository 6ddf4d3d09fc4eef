/**
 * A cheap abort switch for one proxied request. The gateway makes one per request: an `AbortController` costs
 * several microseconds to create and its `EventTarget` listeners more, which shows at thousands of requests
 * per second on one core.
 */
export class Cancellation {
  private listeners: (() => void)[] | undefined;
  private aborted = false;

  get isAborted(): boolean {
    return this.aborted;
  }

  /** Aborts once: calls every listener registered so far; later calls do nothing. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners === undefined) return;
    for (const listener of listeners) listener();
  }

  /**
   * Calls `listener` on abort (at once when already aborted). Returns a function that removes it: call it when
   * the wait it guards is over, so that listeners do not pile up over a long stream.
   */
  onAbort(listener: () => void): () => void {
    if (this.aborted) {
      listener();
      return noop;
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const index = this.listeners?.indexOf(listener) ?? -1;
      if (index >= 0) this.listeners?.splice(index, 1);
    };
  }
}

function noop(): void {}

/** The error a wait rejects with when its request was aborted (the proxy replaces it by the reason's error). */
export function abortedError(): Error {
  const error = new Error('The request was aborted.');
  error.name = 'AbortError';
  return error;
}
