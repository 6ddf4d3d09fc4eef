import type { Clock, ModelRoute } from '@hangar/core';
import type { Cancellation } from './cancellation.js';
import type { Exchange } from './exchange.js';
import type { GatewayInstrumentation, GatewayLogger } from './gateway-options.js';
import type { RetryOptions } from './retry-options.js';
import type { CircuitBreaker } from './routing/circuit-breaker.js';
import type { RoutingKeys, RoutingState } from './routing/policies.js';
import type { RequestQueue } from './routing/request-queue.js';
import type { UpstreamClient } from './upstream-client.js';

/** What the proxy shares across requests. */
export interface ProxyContext {
  client: UpstreamClient;
  /** The policies' state, including the in-flight count per instance (the balancer's load signal). */
  routing: RoutingState;
  breaker: CircuitBreaker;
  queue: RequestQueue;
  retry: RetryOptions;
  /** Default bound on requests one instance runs at once; `undefined`: unbounded. */
  maxConcurrentPerUpstream: number | undefined;
  /** Running upstream requests, so that `close()` can abort them. */
  inFlight: Map<Cancellation, Exchange>;
  clock: Clock;
  logger: GatewayLogger;
  requestIdHeader: string;
  totalTimeoutMs: number;
  instrumentation: GatewayInstrumentation | undefined;
}

/** One proxied request: the route, the body to send and how to treat the answer. */
export interface ProxyCall {
  route: ModelRoute;
  path: string;
  body: Buffer;
  isChat: boolean;
  /** The gateway added `include_usage`: drop the usage chunk before it reaches the client. */
  addedIncludeUsage: boolean;
  /** Affinity keys for the routing policies. */
  keys: RoutingKeys;
}
