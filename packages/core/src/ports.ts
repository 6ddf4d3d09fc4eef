/** Ports between packages: declared here, implemented in apps/server, injected. */

/** A ready instance as the gateway sees it. */
export interface Upstream {
  instanceId: string;
  deploymentId: string;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  /** Whether the engine leaves `<think>` in `content` and the gateway must split it out. */
  needsReasoningSplit: boolean;
}

export interface ModelRoute {
  /** The name clients use in `model`. */
  model: string;
  deploymentId: string;
  upstreams: readonly Upstream[];
  createdAt: number;
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
}

export interface UsageSink {
  record(usage: UsageRecord): void;
}
