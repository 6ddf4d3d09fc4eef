import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BatchDecoder } from './batch-decoder.js';

export type RequestStatus = 'ok' | 'client_error' | 'server_error' | 'aborted';

/** The engine's Prometheus metrics, on a registry of its own. */
export class EngineMetrics {
  readonly registry = new Registry();
  readonly requestsRunning: Gauge;
  readonly promptTokens: Counter;
  /** Prompt tokens served from a sequence's cached prefix (a subset of `promptTokens`). */
  readonly promptTokensCached: Counter;
  readonly generationTokens: Counter;
  readonly requests: Counter<'status'>;
  readonly timeToFirstToken: Histogram;
  private decoder: BatchDecoder | undefined;

  constructor() {
    const registers = [this.registry];
    this.requestsRunning = new Gauge({
      name: 'hangar_engine_requests_running',
      help: 'Requests being processed (generating, evaluating the prompt or embedding).',
      registers,
    });
    const readDecoder = (read: (decoder: BatchDecoder) => number): number =>
      this.decoder === undefined ? 0 : read(this.decoder);
    const decoderGauge = (name: string, help: string, read: (decoder: BatchDecoder) => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(readDecoder(read));
        },
      });
    };
    decoderGauge(
      'hangar_engine_requests_waiting',
      'Requests waiting for a free sequence.',
      (d) => d.requestsWaiting,
    );
    decoderGauge('hangar_engine_sequences_active', 'Sequences in use.', (d) => d.sequencesActive);
    decoderGauge(
      'hangar_engine_sequences_active_peak',
      'Most sequences ever decoded together in one batch.',
      (d) => d.sequencesActivePeak,
    );
    this.promptTokens = new Counter({
      name: 'hangar_engine_prompt_tokens_total',
      help: 'Prompt tokens processed.',
      registers,
    });
    this.promptTokensCached = new Counter({
      name: 'hangar_engine_prompt_tokens_cached_total',
      help: "Prompt tokens whose KV cache was reused from the sequence's previous request.",
      registers,
    });
    this.generationTokens = new Counter({
      name: 'hangar_engine_generation_tokens_total',
      help: 'Tokens generated.',
      registers,
    });
    this.requests = new Counter({
      name: 'hangar_engine_requests_total',
      help: 'Finished requests by status.',
      labelNames: ['status'],
      registers,
    });
    this.timeToFirstToken = new Histogram({
      name: 'hangar_engine_time_to_first_token_seconds',
      help: 'Time from request arrival to the first generated token.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }

  /** Connects the decoder whose state the sequence gauges report (once the model is loaded). */
  attachDecoder(decoder: BatchDecoder): void {
    this.decoder = decoder;
  }
}
