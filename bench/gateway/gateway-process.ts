/**
 * Hangar's gateway as the benchmark runs it: auth, rate limits and budgets (generous, so every request is
 * checked and charged but none refused), a usage sink that batches records like the server's ledger writer,
 * Prometheus metrics and the pino access log (to a file). Args: `--upstream URL [--port N] [--log PATH]`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, systemRandom, type Principal, type UsageRecord } from '@hangar/core';
import { createGateway, createGatewayMetrics, createLimiter, createLimitsAdmission } from '@hangar/gateway';
import { createLogger, createMetricsRegistry, infoLineWriter } from '@hangar/observability';
import { pino } from 'pino';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const upstream = option('upstream') ?? 'http://127.0.0.1:1';
const logPath = option('log') ?? '/dev/null';

const principal: Principal = {
  userId: 'u-bench',
  username: 'bench',
  keyId: 'k-bench',
  keyName: 'bench',
  teamId: 't-bench',
  limits: {
    key: { requestsPerMinute: 1e9, tokensPerMinute: 1e12 },
    user: { tokensPerDay: 1e15 },
    team: { tokensPerMonth: 1e15 },
  },
};
const route = {
  model: 'bench',
  deploymentId: 'd-bench',
  createdAt: 0,
  upstreams: [{ instanceId: 'i-1', deploymentId: 'd-bench', baseUrl: upstream, needsReasoningSplit: false }],
};
let pending: UsageRecord[] = [];
setInterval(() => {
  // The server's writer inserts a batch in one transaction; here the batch is just dropped.
  pending = [];
}, 1_000).unref();

const registry = createMetricsRegistry();
// Synchronous, as the server's default destination (see createLogger).
const logger = createLogger({ level: 'info', destination: pino.destination({ dest: logPath, sync: true }) });
const gateway = createGateway({
  directory: { resolve: (model) => (model === 'bench' ? route : undefined), list: () => [route] },
  authenticator: { authenticate: (token) => (token === 'hk-bench' ? principal : undefined) },
  usage: { record: (record) => pending.push(record) },
  admission: createLimitsAdmission(createLimiter({ clock: systemClock })),
  instrumentation: createGatewayMetrics(registry),
  logger,
  // As the server wires it: the gateway writes its own access line to the log's destination.
  accessLog: infoLineWriter(logger) ?? false,
  // As the server: accepted credentials are trusted for a second (the server clears them on any change).
  credentialCacheTtlMs: 1_000,
  clock: systemClock,
  random: systemRandom,
});
const server = createServer((request, response) => void gateway.handle(request, response));
server.keepAliveTimeout = 60_000;
server.listen(Number(option('port') ?? 0), '127.0.0.1', () => {
  process.stdout.write(`port=${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
