import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type ModelRoute, type Principal, type Upstream, type UsageRecord } from '@hangar/core';
import { createGateway } from '../gateway.js';
import type { Gateway, GatewayLogger, GatewayOptions, GatewayRequestSummary } from '../gateway-options.js';

export const VALID_KEY = 'hk-test-valid';
export const REVOKED_KEY = 'hk-test-revoked';

/** A gateway on a real node:http server with an in-memory directory, recording what it reports. */
export interface GatewayHarness {
  baseUrl: string;
  gateway: Gateway;
  /** Mutable: tests add and change routes. */
  routes: ModelRoute[];
  usage: UsageRecord[];
  summaries: GatewayRequestSummary[];
  logs: { level: string; message: string; data: Record<string, unknown> }[];
  /** Resolves once `count` usage records were written. */
  waitForUsage(count: number): Promise<void>;
  /**
   * Resolves once `count` requests were accounted (`onRequestFinished`). The gateway accounts requests after
   * their answers were written (ADR 0007): a client can see its answer before the summary exists.
   */
  waitForSummaries(count: number): Promise<void>;
  close(): Promise<void>;
}

export function upstreamAt(baseUrl: string, instanceId: string, needsReasoningSplit = false): Upstream {
  return { instanceId, deploymentId: 'deployment-1', baseUrl, needsReasoningSplit };
}

export function routeOf(model: string, upstreams: Upstream[]): ModelRoute {
  return { model, deploymentId: `deployment-${model}`, upstreams, createdAt: 1_700_000_000_000 };
}

/** A deterministic `Random` (a linear congruential generator). */
export function seededRandom(seed = 42): { next(): number } {
  let state = seed >>> 0;
  return {
    next() {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    },
  };
}

function recordingLogger(logs: GatewayHarness['logs']): GatewayLogger {
  const at =
    (level: string) =>
    (data: Record<string, unknown>, message: string): void => {
      logs.push({ level, message, data });
    };
  const logger: GatewayLogger = {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

export async function startGatewayHarness(
  routes: ModelRoute[],
  overrides: Partial<GatewayOptions> = {},
): Promise<GatewayHarness> {
  const usage: UsageRecord[] = [];
  const logs: GatewayHarness['logs'] = [];
  const summaries: GatewayRequestSummary[] = [];
  const usageWaiters: (() => void)[] = [];
  const summaryWaiters: (() => void)[] = [];
  const principal: Principal = { userId: 'user-1', username: 'ada', keyId: 'key-1' };
  const gateway = createGateway({
    directory: {
      // Aliases are the directory's job: the server's route table resolves them the same way.
      resolve: (model) =>
        routes.find((route) => route.model === model || route.aliases?.includes(model) === true),
      list: () => routes,
    },
    authenticator: { authenticate: (token) => (token === VALID_KEY ? principal : undefined) },
    usage: {
      record(record) {
        usage.push(record);
        for (const waiter of usageWaiters.splice(0)) waiter();
      },
    },
    logger: recordingLogger(logs),
    clock: systemClock,
    random: seededRandom(),
    onRequestFinished: (summary) => {
      summaries.push(summary);
      for (const waiter of summaryWaiters.splice(0)) waiter();
    },
    ...overrides,
  });
  const server: Server = createServer((request, response) => void gateway.handle(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const waitForUsage = async (count: number): Promise<void> => {
    while (usage.length < count) await new Promise<void>((resolve) => usageWaiters.push(resolve));
  };
  const waitForSummaries = async (count: number): Promise<void> => {
    while (summaries.length < count) await new Promise<void>((resolve) => summaryWaiters.push(resolve));
  };
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    gateway,
    routes,
    usage,
    summaries,
    logs,
    waitForUsage,
    waitForSummaries,
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
