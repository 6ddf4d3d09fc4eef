/** Ports between packages: declared here, implemented in apps/server, injected. */

import type { LimitSet } from './domain.js';

/** A ready instance as the gateway sees it. */
export interface Upstream {
  instanceId: string;
  deploymentId: string;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** Whether the engine leaves `<think>` in `content` and the gateway must split it out. */
  needsReasoningSplit: boolean;
}

/**
 * How the gateway picks one upstream of a deployment:
 * - `least-outstanding` (default): fewest requests in flight from this gateway, divided by the weight;
 * - `engine-load`: queue depth and KV-cache usage reported by the engines (`UpstreamLoad`), else as above;
 * - `prefix-affinity`: consistent hashing of the prompt's first block, with bounded loads;
 * - `session-affinity`: consistent hashing of `x-session-id` or the body's `user`, with bounded loads;
 * - `round-robin`: in turn (a baseline for benchmarks).
 */
export type RoutingPolicy =
  'least-outstanding' | 'engine-load' | 'prefix-affinity' | 'session-affinity' | 'round-robin';

export interface ModelRoute {
  /** The name clients use in `model`. */
  model: string;
  deploymentId: string;
  upstreams: readonly Upstream[];
  createdAt: number;
  /** Default `least-outstanding`. */
  policy?: RoutingPolicy | undefined;
  /** Relative capacity per instance id (default 1): an instance with weight 2 gets twice the share. */
  weights?: Readonly<Record<string, number>> | undefined;
  /** Models to send the request to, in order, when none of this route's instances can take it. */
  fallbacks?: readonly string[] | undefined;
  /** Other names that `resolve()` maps to this route (the directory resolves them; listed in `/v1/models`). */
  aliases?: readonly string[] | undefined;
  /** Requests one instance runs at once (its engine's parallel slots); beyond it requests queue. */
  maxConcurrentPerUpstream?: number | undefined;
  /** Overrides the gateway's whole-request timeout for this model. */
  requestTimeoutMs?: number | undefined;
}

/** Load an engine reports about itself (scraped from its `/metrics`). */
export interface EngineLoad {
  requestsRunning: number;
  requestsWaiting: number;
  /** KV-cache usage, 0-1; `undefined` when the engine does not export it. */
  kvCacheUsageRatio: number | undefined;
}

/** Latest engine-reported load per instance, for the `engine-load` routing policy. */
export interface UpstreamLoad {
  load(instanceId: string): EngineLoad | undefined;
}

/** Where the gateway finds ready upstreams; knows nothing of the store or the supervisor. */
export interface UpstreamDirectory {
  resolve(model: string): ModelRoute | undefined;
  list(): readonly ModelRoute[];
}

/** Who is calling the gateway. */
export interface Principal {
  userId: string;
  username: string;
  keyId: string | null;
  /** The key's display name, for messages ("Rate limit reached for key dev"). */
  keyName?: string | undefined;
  teamId?: string | null | undefined;
  teamName?: string | undefined;
  /** Models this credential may call (others answer 404 and are hidden); absent: all. */
  allowedModels?: readonly string[] | null | undefined;
  /** Limits that apply to this request, per subject. */
  limits?: PrincipalLimits | undefined;
  /** When the credential stops being valid (epoch ms; an API key's expiry), so that no cache outlives it. */
  expiresAt?: number | null | undefined;
}

/** The limits of the key, its user and the user's team; each applies on its own. */
export interface PrincipalLimits {
  key?: LimitSet | undefined;
  user?: LimitSet | undefined;
  team?: LimitSet | undefined;
}

/** What the gateway asks before forwarding a request. */
export interface AdmissionRequest {
  principal: Principal;
  model: string;
  estimatedPromptTokens: number;
  /** The request's `max_tokens` (or `max_completion_tokens`); 0 when absent. */
  maxTokens: number;
  requestId: string;
}

/** Opaque to the gateway: handed back to `settle()`. */
export interface AdmissionTicket {
  readonly requestId: string;
}

export type AdmissionDecision =
  | { ok: true; ticket: AdmissionTicket }
  | { ok: false; status: 429 | 403; code: string; message: string; retryAfterSeconds?: number | undefined };

/** Rate limits and budgets, checked before a request is forwarded and corrected after it finished. */
export interface Admission {
  admit(request: AdmissionRequest): AdmissionDecision;
  /** Called once per admitted request with its real usage (zeros when it failed). */
  settle(ticket: AdmissionTicket, usage: { promptTokens: number; completionTokens: number }): void;
}

export interface Authenticator {
  authenticate(bearerToken: string): Principal | undefined;
}

/** One request through the gateway, as accounted. */
export interface UsageRecord {
  requestId: string;
  at: number;
  userId: string | null;
  keyId: string | null;
  model: string;
  deploymentId: string | null;
  instanceId: string | null;
  endpoint: string;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  status: number;
  errorCode: string | null;
  timeToFirstTokenMs: number | null;
  durationMs: number;
  teamId?: string | null;
  cachedTokens?: number;
  clientIp?: string | null;
}

export interface UsageSink {
  record(usage: UsageRecord): void;
}
