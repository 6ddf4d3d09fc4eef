import type { NativeContext, NativeSampler, NativeSamplerConfig } from './native-context.js';

/** One generation request as the decoder sees it: prompt tokens in, sampled tokens out through `onToken`. */
export interface GenerationJob {
  promptTokens: readonly number[];
  /** Tokens to sample at most (the caller has checked that prompt + this fits a sequence). */
  maxTokens: number;
  sampling: NativeSamplerConfig;
  /** Called synchronously for every sampled token (end-of-generation tokens excluded); return false to stop. */
  onToken(token: number): boolean;
  /** Aborts the generation: the sequence is freed before the next decode step. */
  signal?: AbortSignal;
}

/**
 * Why a generation ended; `tokens` counts every sampled token, an end-of-generation token included;
 * `cachedPromptTokens` the prompt tokens whose KV cache was reused from the sequence's previous request.
 */
export interface GenerationOutcome {
  reason: 'end' | 'stopped' | 'length' | 'aborted';
  tokens: number;
  cachedPromptTokens?: number;
}

export interface BatchDecoderOptions {
  native: NativeContext;
  createSampler(config: NativeSamplerConfig): NativeSampler;
  isEndToken: (token: number) => boolean;
  /** Sequences of the native context (slots). */
  sequences: number;
  /** Tokens per decode call. */
  batchSize: number;
  /**
   * How long an idle decoder waits before its first step, so that requests arriving together (a burst of
   * concurrent clients, parsed one by one by the HTTP server) share the first batch instead of the first
   * prompt being evaluated alone. 0 starts after the current microtasks.
   */
  gatherMs?: number;
  /**
   * Whether a finished request's KV cells may serve the next request's shared prompt prefix (default true).
   * False for sliding-window and recurrent models: their caches drop or fold old positions, so a prefix cannot
   * be resumed from the middle.
   */
  reusePrefixes?: boolean;
}

interface ActiveJob {
  job: GenerationJob;
  sequenceId: number;
  sampler: NativeSampler;
  /** Tokens already in the sequence's KV cache. */
  position: number;
  /** Prompt tokens reused from the sequence's cache. */
  cachedPromptTokens: number;
  /** Tokens sampled and fed back (the cache holds the prompt, then these). */
  fedTokens: number[];
  /** Next token to decode once the prompt is in. */
  nextToken: number;
  generated: number;
  /** Batch logit index when this job asked for logits in the current batch, else -1. */
  logitIndex: number;
  /** Prompt tokens this job puts into the current batch. */
  chunkTokens: number;
  resolve(outcome: GenerationOutcome): void;
  reject(error: unknown): void;
}

const firstLogit = Uint32Array.of(0);
const noLogits = new Uint32Array(0);

/**
 * Continuous batching over one native llama.cpp context: every decode step puts one token of each generating
 * sequence plus chunks of waiting prompts into a single batch, so N streams cost about one forward pass per token.
 * Requests beyond the sequence count wait for a free sequence. The loop runs only while there is work.
 */
export class BatchDecoder {
  private readonly freeSequenceIds: number[];
  /** The tokens whose KV cells each free sequence still holds from its last request (prefix reuse). */
  private readonly cachedTokens = new Map<number, readonly number[]>();
  private readonly waiters: (() => void)[] = [];
  private readonly incoming: ActiveJob[] = [];
  private active: ActiveJob[] = [];
  private running = false;
  private closed = false;
  private peakBatchSequences = 0;
  private idle: Promise<void> = Promise.resolve();
  private readonly singleToken = new Uint32Array(1);

  constructor(private readonly options: BatchDecoderOptions) {
    this.freeSequenceIds = Array.from({ length: options.sequences }, (_, index) => index);
  }

  /** Sequences in use (generating or evaluating their prompt). */
  get sequencesActive(): number {
    return this.options.sequences - this.freeSequenceIds.length;
  }

  /** Requests waiting for a free sequence. */
  get requestsWaiting(): number {
    return this.waiters.length;
  }

  /** Most sequences ever decoded in one batch. */
  get sequencesActivePeak(): number {
    return this.peakBatchSequences;
  }

  /** Runs one generation to its end; resolves with why it ended. Rejects only on a native decode failure. */
  async generate(job: GenerationJob): Promise<GenerationOutcome> {
    if (job.promptTokens.length === 0 || job.maxTokens <= 0) return { reason: 'length', tokens: 0 };
    const sequenceId = await this.acquireSequence(job);
    if (sequenceId === undefined) return { reason: 'aborted', tokens: 0 };
    const reused = this.reusePrefix(sequenceId, job.promptTokens);
    return new Promise<GenerationOutcome>((resolve, reject) => {
      this.incoming.push({
        job,
        sequenceId,
        sampler: this.options.createSampler(job.sampling),
        position: reused,
        cachedPromptTokens: reused,
        fedTokens: [],
        nextToken: -1,
        generated: 0,
        logitIndex: -1,
        chunkTokens: 0,
        resolve,
        reject,
      });
      this.ensureRunning();
    });
  }

  /** Aborts everything, waits for the loop to stop, and leaves the native context untouched afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
    await this.idle;
  }

  private acquireSequence(job: GenerationJob): Promise<number | undefined> {
    const { signal } = job;
    if (this.closed || signal?.aborted === true) return Promise.resolve(undefined);
    const free = this.takeSequence(job.promptTokens);
    if (free !== undefined) return Promise.resolve(free);
    return new Promise((resolve) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.closed ? undefined : this.takeSequence(job.promptTokens));
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(wake);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
  }

  /** Takes the free sequence whose cached tokens share the longest prefix with the prompt. */
  private takeSequence(promptTokens: readonly number[]): number | undefined {
    let bestIndex = -1;
    let bestLength = -1;
    for (const [index, sequenceId] of this.freeSequenceIds.entries()) {
      const length = commonPrefixLength(this.cachedTokens.get(sequenceId), promptTokens);
      if (length > bestLength) {
        bestIndex = index;
        bestLength = length;
      }
    }
    if (bestIndex < 0) return undefined;
    return this.freeSequenceIds.splice(bestIndex, 1)[0];
  }

  /**
   * Keeps the sequence's cached prefix that the prompt shares (at least one prompt token is left to evaluate,
   * for its logits) and drops the rest; returns the tokens kept. Falls back to an empty sequence when the model's
   * cache cannot be cut in the middle (recurrent or sliding-window models).
   */
  private reusePrefix(sequenceId: number, promptTokens: readonly number[]): number {
    const cached = this.cachedTokens.get(sequenceId);
    this.cachedTokens.delete(sequenceId);
    if (cached === undefined) return 0;
    const keep = Math.min(commonPrefixLength(cached, promptTokens), promptTokens.length - 1);
    if (keep > 0 && this.removeCells(sequenceId, keep)) return keep;
    this.removeCells(sequenceId, 0);
    return 0;
  }

  private removeCells(sequenceId: number, from: number): boolean {
    try {
      return this.options.native.removeTokenCellsFromSequence(sequenceId, from, -1);
    } catch {
      // Only fails when the native context is gone; nothing is left to clear then.
      return false;
    }
  }

  private ensureRunning(): void {
    if (this.running) return;
    this.running = true;
    // Start after the current microtasks (or the gather window), so requests that arrived together share the
    // first batch.
    const gatherMs = this.options.gatherMs ?? 0;
    const start =
      gatherMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, gatherMs)) : Promise.resolve();
    this.idle = start.then(() => this.loop());
  }

  private async loop(): Promise<void> {
    while (true) {
      if (this.incoming.length > 0) this.active.push(...this.incoming.splice(0));
      try {
        this.dropAborted();
        if (this.active.length === 0) {
          // Cleared synchronously with the check, so a job queued right after always restarts the loop.
          this.running = false;
          return;
        }
        if (this.fillBatch() > 0) await this.options.native.decodeBatch();
        await this.sampleAndDeliver();
      } catch (error) {
        for (const entry of this.active.splice(0)) this.release(entry, undefined, error);
      }
    }
  }

  private dropAborted(): void {
    if (!this.closed && !this.active.some((entry) => entry.job.signal?.aborted === true)) return;
    this.active = this.active.filter((entry) => {
      if (!this.closed && entry.job.signal?.aborted !== true) return true;
      this.release(entry, { reason: 'aborted', tokens: entry.generated });
      return false;
    });
  }

  /** Puts one token of every generating sequence and then prompt chunks into the batch; returns its size. */
  private fillBatch(): number {
    const { native, batchSize } = this.options;
    let decoding = 0;
    for (const entry of this.active) if (entry.nextToken >= 0) decoding++;
    let budget = batchSize - decoding;
    for (const entry of this.active) {
      entry.chunkTokens = 0;
      if (entry.nextToken >= 0 || budget <= 0) continue;
      entry.chunkTokens = Math.min(entry.job.promptTokens.length - entry.position, budget);
      budget -= entry.chunkTokens;
    }
    const total = batchSize - budget;
    if (total === 0) return 0;
    native.initBatch(total);
    let sequencesInBatch = 0;
    for (const entry of this.active) {
      entry.logitIndex = -1;
      if (entry.nextToken >= 0) {
        this.singleToken[0] = entry.nextToken;
        entry.fedTokens.push(entry.nextToken);
        entry.logitIndex =
          native.addToBatch(entry.sequenceId, entry.position, this.singleToken, firstLogit)[0] ?? -1;
        entry.position++;
        sequencesInBatch++;
        continue;
      }
      const count = entry.chunkTokens;
      if (count === 0) continue;
      const tokens = Uint32Array.from(entry.job.promptTokens.slice(entry.position, entry.position + count));
      const isLastChunk = entry.position + count === entry.job.promptTokens.length;
      const logits = isLastChunk ? Uint32Array.of(count - 1) : noLogits;
      const indexes = native.addToBatch(entry.sequenceId, entry.position, tokens, logits);
      if (isLastChunk) entry.logitIndex = indexes[0] ?? -1;
      entry.position += count;
      sequencesInBatch++;
    }
    if (sequencesInBatch > this.peakBatchSequences) this.peakBatchSequences = sequencesInBatch;
    return total;
  }

  private async sampleAndDeliver(): Promise<void> {
    const { native, isEndToken } = this.options;
    const sampling = this.active.filter((entry) => entry.logitIndex >= 0);
    const tokens =
      sampling.length === 1
        ? [await native.sampleToken(sampling[0]!.logitIndex, sampling[0]!.sampler)]
        : await Promise.all(sampling.map((entry) => native.sampleToken(entry.logitIndex, entry.sampler)));
    let finished: Set<ActiveJob> | undefined;
    const finish = (entry: ActiveJob, reason: GenerationOutcome['reason'], error?: unknown): void => {
      const outcome = { reason, tokens: entry.generated, cachedPromptTokens: entry.cachedPromptTokens };
      this.release(entry, reason === 'aborted' ? undefined : outcome, error);
      (finished ??= new Set()).add(entry);
    };
    for (let index = 0; index < sampling.length; index++) {
      const entry = sampling[index]!;
      const token = tokens[index]!;
      entry.generated++;
      try {
        if (token < 0 || isEndToken(token)) finish(entry, 'end');
        else if (!entry.job.onToken(token)) finish(entry, 'stopped');
        else if (entry.generated >= entry.job.maxTokens) finish(entry, 'length');
        else entry.nextToken = token;
      } catch (error) {
        // A failing consumer (e.g. a broken socket write) ends only its own generation.
        finish(entry, 'aborted', error);
      }
    }
    if (finished !== undefined) {
      const done = finished;
      this.active = this.active.filter((entry) => !done.has(entry));
    }
  }

  /**
   * Frees the sampler and hands the sequence to the next waiter. A generation that ended normally leaves its KV
   * cells for the next request to reuse the shared prefix (a system prompt, the earlier turns of a chat); an
   * aborted or failed one clears them, as its last decode may not have happened.
   */
  private release(entry: ActiveJob, outcome: GenerationOutcome | undefined, error?: unknown): void {
    const canKeep = this.options.reusePrefixes !== false && outcome !== undefined;
    if (canKeep && outcome.reason !== 'aborted' && entry.position > 0) {
      const cached = [...entry.job.promptTokens, ...entry.fedTokens].slice(0, entry.position);
      this.cachedTokens.set(entry.sequenceId, cached);
    } else {
      this.removeCells(entry.sequenceId, 0);
    }
    entry.sampler.dispose();
    this.freeSequenceIds.push(entry.sequenceId);
    const wake = this.waiters.shift();
    if (wake !== undefined) wake();
    if (outcome !== undefined) entry.resolve(outcome);
    else entry.reject(error);
  }
}

function commonPrefixLength(cached: readonly number[] | undefined, prompt: readonly number[]): number {
  if (cached === undefined) return 0;
  const limit = Math.min(cached.length, prompt.length);
  let length = 0;
  while (length < limit && cached[length] === prompt[length]) length++;
  return length;
}
