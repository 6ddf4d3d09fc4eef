export { createGateway } from './gateway.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUTS,
  type Gateway,
  type GatewayHandle,
  type GatewayInstrumentation,
  type GatewayLogger,
  type GatewayOptions,
  type GatewayRequestSummary,
  type GatewayTimeouts,
} from './gateway-options.js';
export { createGatewayMetrics } from './gateway-metrics.js';
/** The gateway's HTTP/1.1 client to engines (ADR 0006), for other callers of engines and bench/gateway. */
export { UpstreamClient, UpstreamTransportError, type UpstreamRequest } from './upstream-client.js';
export type { UpstreamAnswer, AnswerBody } from './upstream-answer.js';
export { Cancellation } from './cancellation.js';
export { selectUpstream } from './select-upstream.js';
export { createLimitsAdmission, subjectsOf } from './limits/admission.js';
export {
  createLimiter,
  type LimitKind,
  type LimitOutcome,
  type LimitSubject,
  type LimitSubjectKind,
  type Limiter,
  type Reservation,
} from './limits/limiter.js';
export type { BudgetWindow } from './limits/calendar-window.js';
export { pickUpstream, createRoutingState, type RoutingKeys, type RoutingState } from './routing/policies.js';
export {
  CircuitBreaker,
  DEFAULT_CIRCUIT_BREAKER,
  type CircuitBreakerOptions,
} from './routing/circuit-breaker.js';
export { DEFAULT_QUEUE, type QueueOptions } from './routing/request-queue.js';
export { promptPrefixOf } from './routing/prompt-prefix.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry-options.js';
