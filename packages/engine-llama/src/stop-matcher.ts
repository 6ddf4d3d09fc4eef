/** What a {@link StopMatcher} lets through after one chunk of generated text. */
export interface StopMatch {
  /** Text that is safe to send now (never contains a stop string or text after it). */
  text: string;
  /** True once a stop string was seen: the generation should end here. */
  isStopped: boolean;
}

/**
 * Finds stop strings in streamed text. A stop string may be split across tokens, so the longest tail that could
 * still become one is held back until the next chunk decides it. The stop string itself is never returned.
 */
export class StopMatcher {
  private readonly stops: readonly string[];
  private readonly longestStopLength: number;
  private pending = '';
  private stopped = false;

  constructor(stops: readonly string[]) {
    this.stops = stops.filter((stop) => stop.length > 0);
    this.longestStopLength = this.stops.reduce((max, stop) => Math.max(max, stop.length), 0);
  }

  /** Feeds newly generated text. */
  push(chunk: string): StopMatch {
    if (this.stopped) return { text: '', isStopped: true };
    if (this.longestStopLength === 0) return { text: chunk, isStopped: false };
    const text = this.pending + chunk;
    let firstIndex = -1;
    for (const stop of this.stops) {
      const index = text.indexOf(stop);
      if (index >= 0 && (firstIndex < 0 || index < firstIndex)) firstIndex = index;
    }
    if (firstIndex >= 0) {
      this.stopped = true;
      this.pending = '';
      return { text: text.slice(0, firstIndex), isStopped: true };
    }
    const keep = this.partialStopSuffixLength(text);
    this.pending = text.slice(text.length - keep);
    return { text: text.slice(0, text.length - keep), isStopped: false };
  }

  /** Releases the held-back tail at the end of the generation (it did not become a stop string). */
  finish(): string {
    const rest = this.stopped ? '' : this.pending;
    this.pending = '';
    return rest;
  }

  /** Length of the longest suffix of `text` that is a proper prefix of some stop string. */
  private partialStopSuffixLength(text: string): number {
    const max = Math.min(this.longestStopLength - 1, text.length);
    for (let length = max; length > 0; length--) {
      const suffix = text.slice(text.length - length);
      if (this.stops.some((stop) => stop.startsWith(suffix))) return length;
    }
    return 0;
  }
}

/** Normalises OpenAI's `stop` field (a string, a list, or nothing) to a list. */
export function stopList(stop: string | readonly string[] | null | undefined): string[] {
  if (stop == null) return [];
  return typeof stop === 'string' ? [stop] : [...stop];
}
