import { Counter, Gauge, type Registry } from '@hangar/observability';
import { BufferedCounter, BufferedHistogram } from './buffered-metrics.js';
import type { GatewayInstrumentation, GatewayRequestSummary } from './gateway-options.js';

/** OTel `gen_ai.server.request.duration` buckets, in seconds. */
const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
/** OTel `gen_ai.server.time_to_first_token` buckets. */
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** OTel `gen_ai.server.time_per_output_token` buckets. */
const ITL_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5];

/** Statuses the gateway answers when a limit or the queue refuses a request. */
const LIMIT_CODES = new Set(['rate_limit_exceeded', 'insufficient_quota', 'model_overloaded']);

/**
 * The gateway's Prometheus metrics, registered in `registry` (the server's one registry, served at
 * `GET /metrics`). Pass the result as `instrumentation` to `createGateway`. Labels are low-cardinality: the
 * deployment's model name (never the name a client sent, which could be anything), the endpoint (a fixed set),
 * the status code, the error code.
 */
export function createGatewayMetrics(registry: Registry): GatewayInstrumentation {
  const registers = [registry];
  // Updated on every request: buffered (see buffered-metrics.ts). The others change rarely.
  const requests = new BufferedCounter({
    name: 'hangar_gateway_requests_total',
    help: 'Requests answered by the gateway, by model, endpoint and HTTP status.',
    labelNames: ['model', 'endpoint', 'status'],
    registry,
  });
  const duration = new BufferedHistogram({
    name: 'hangar_gateway_request_duration_seconds',
    help: 'Time from receiving a request to its last byte (gen_ai.server.request.duration).',
    labelNames: ['model', 'endpoint'],
    buckets: DURATION_BUCKETS,
    registry,
  });
  const timeToFirstToken = new BufferedHistogram({
    name: 'hangar_gateway_time_to_first_token_seconds',
    help: 'Time from receiving a request to the first generated token sent (gen_ai.server.time_to_first_token).',
    labelNames: ['model'],
    buckets: TTFT_BUCKETS,
    registry,
  });
  const interToken = new BufferedHistogram({
    name: 'hangar_gateway_inter_token_latency_seconds',
    help: 'Mean time per output token after the first, per streamed request (gen_ai.server.time_per_output_token).',
    labelNames: ['model'],
    buckets: ITL_BUCKETS,
    registry,
  });
  const tokens = new BufferedCounter({
    name: 'hangar_gateway_tokens_total',
    help: 'Tokens in (prompt) and out (completion), as the engines reported them (gen_ai.client.token.usage).',
    labelNames: ['model', 'type'],
    registry,
  });
  const activeStreams = new Gauge({
    name: 'hangar_gateway_active_streams',
    help: 'SSE streams being relayed now.',
    registers,
  });
  const queueLength = new Gauge({
    name: 'hangar_gateway_queue_length',
    help: 'Requests waiting for an instance below its concurrency bound.',
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'hangar_gateway_upstream_errors_total',
    help: 'Failed attempts on instances (connection failures, timeouts, retried 502/503), by model and code.',
    labelNames: ['model', 'code'],
    registers,
  });
  const rejections = new Counter({
    name: 'hangar_gateway_rate_limit_rejections_total',
    help: 'Requests refused by a rate limit, a budget or a full queue, by model and code.',
    labelNames: ['model', 'code'],
    registers,
  });
  const fallbacks = new Counter({
    name: 'hangar_gateway_fallbacks_total',
    help: 'Requests served by a fallback model, by the model asked for and the one that served.',
    labelNames: ['model', 'fallback'],
    registers,
  });

  return {
    requestFinished(summary: GatewayRequestSummary) {
      const model = summary.routedModel ?? 'none';
      requests.inc(1, model, summary.endpoint, statusLabel(summary.status));
      duration.observe(summary.durationMs / 1000, model, summary.endpoint);
      if (summary.errorCode !== null && LIMIT_CODES.has(summary.errorCode)) {
        rejections.inc({ model, code: summary.errorCode });
      }
      if (summary.fallbackFrom !== null) fallbacks.inc({ model: summary.fallbackFrom, fallback: model });
      if (summary.status >= 400) return;
      if (summary.timeToFirstTokenMs !== null)
        timeToFirstToken.observe(summary.timeToFirstTokenMs / 1000, model);
      if (summary.promptTokens > 0) tokens.inc(summary.promptTokens, model, 'input');
      if (summary.completionTokens > 0) tokens.inc(summary.completionTokens, model, 'output');
      if (summary.isStream && summary.timeToFirstTokenMs !== null && summary.completionTokens > 1) {
        const decodeMs = summary.durationMs - summary.timeToFirstTokenMs;
        interToken.observe(decodeMs / 1000 / (summary.completionTokens - 1), model);
      }
    },
    streamStarted: () => activeStreams.inc(),
    streamEnded: () => activeStreams.dec(),
    queueLengthChanged: (length) => queueLength.set(length),
    upstreamFailed: (model, code) => upstreamErrors.inc({ model, code }),
  };
}

const STATUS_LABELS = new Map<number, string>();

/** `String(status)`, without a new string per request. */
function statusLabel(status: number): string {
  let label = STATUS_LABELS.get(status);
  if (label === undefined) {
    label = String(status);
    STATUS_LABELS.set(status, label);
  }
  return label;
}
