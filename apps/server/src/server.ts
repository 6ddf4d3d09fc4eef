import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock, systemRandom, type Clock } from '@hangar/core';
import type { ServerConfig } from '@hangar/config';
import { PortAllocator, Supervisor } from '@hangar/engines';
import { createGateway, createGatewayMetrics, createLimiter, createLimitsAdmission } from '@hangar/gateway';
import { InventoryMonitor, createCommandRunner, readTextFile } from '@hangar/inventory';
import { ModelStore, defaultEndpoints } from '@hangar/model-store';
import { createMetricsRegistry, infoLineWriter, type Logger } from '@hangar/observability';
import { openStore, type Store } from '@hangar/store';
import { AuthService } from './auth/auth.service.js';
import { DeploymentsService } from './deployments/deployments.service.js';
import { buildAdminApp } from './http/admin-app.js';
import { ModelsService } from './models/models.service.js';
import { PlanningService } from './planning/planning.service.js';
import { EnginesService } from './engines/engines.service.js';
import { UsersService } from './governance/users.service.js';
import { DownloadsService } from './downloads/downloads.service.js';
import { UsageRetention } from './governance/usage-retention.js';
import { InstanceLauncher } from './runtime/instance-launcher.js';
import { Reconciler } from './runtime/reconciler.js';
import { InstanceCapacity } from './runtime/instance-capacity.js';
import { RouteTable } from './runtime/route-table.js';
import { EngineMetricsScraper } from './runtime/engine-metrics.js';
import { DeviceMemoryWatch } from './runtime/device-memory-watch.js';
import { seedLimiter } from './governance/seed-limiter.js';
import { UsageWriter } from './usage/usage-writer.js';

export const VERSION = '0.1.0';

export interface HangarServer {
  /** `http://host:port` */
  url: string;
  store: Store;
  auth: AuthService;
  /** The shutdown order: stop accepting -> drain streams (bounded) -> stop loops -> stop instances -> close the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: ServerConfig;
  logger: Logger;
  /** Environment handed to engine processes. */
  engineEnv: Readonly<Record<string, string | undefined>>;
  /** Prints a line for the operator (the initial admin password). */
  announce: (text: string) => void;
  clock?: Clock;
}

/** `dist/main.js` of a node-based engine package (the embedded engine, the simulator). */
function engineEntry(packageName: '@hangar/engine-llama' | '@hangar/engine-simulator'): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(packageName)), 'main.js');
}

export function engineLlamaEntry(): string {
  return engineEntry('@hangar/engine-llama');
}

export async function startHangarServer(options: StartOptions): Promise<HangarServer> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  for (const dir of [config.home, join(config.home, 'models'), join(config.home, 'logs')])
    mkdirSync(dir, { recursive: true });

  const store = openStore({ path: join(config.home, 'hangar.db'), logger });
  const auth = new AuthService(store, clock);
  const bootstrap = await auth.bootstrapAdmin(config.adminPassword);
  if (bootstrap.generatedPassword) {
    options.announce(
      `Created the admin account. Username: admin  Password: ${bootstrap.generatedPassword}\n` +
        'This password is shown once; you will be asked to change it at first login.',
    );
  }
  writeLocalAdminToken(config.home, auth);

  const supervisor = new Supervisor({
    logger,
    clock,
    logsDir: join(config.home, 'logs'),
    baseEnv: options.engineEnv,
    // The reconciler is created below; the supervisor reports nothing before the reconciler starts it.
    onStatus: (status, event) => reconciler.handleStatus(status, event),
    stopGraceMs: config.shutdownGraceMs,
  });
  // Devices are read when an instance is placed, long after `planning` below exists.
  const capacity = new InstanceCapacity(() =>
    planning
      .nodes()
      .flatMap((node) => node.accelerators)
      // Simulated devices (HANGAR_SIMULATED_ACCELERATORS) carry their profile's model name plus a marker.
      .map((device) => ({ ...device, model: device.model.replace(/ \(simulated\)$/, '') })),
  );
  const routes = new RouteTable(
    store,
    (id) => supervisor.status(id),
    (ids) => capacity.weightsFor(ids),
  );
  const usage = new UsageWriter(store, logger.child({ scope: 'usage' }), () => auth.flushKeyUse());
  const registry = createMetricsRegistry();
  const engineMetrics = new EngineMetricsScraper({
    store,
    statuses: () => supervisor.statuses(),
    clock,
    logger: logger.child({ scope: 'engine-metrics' }),
    intervalMs: 5000,
  });
  const limiter = createLimiter({ clock });
  seedLimiter(limiter, store, clock.now());
  const gateway = createGateway({
    directory: routes,
    authenticator: auth,
    usage,
    logger: logger.child({ scope: 'gateway' }),
    // The gateway builds its access line and writes it to the log's destination: a pino call per request cost
    // ~25 µs of CPU in bench/gateway, a quarter of the gateway's whole cost.
    accessLog: infoLineWriter(logger) ?? false,
    clock,
    random: systemRandom,
    admission: createLimitsAdmission(limiter),
    instrumentation: createGatewayMetrics(registry),
    upstreamLoad: engineMetrics,
    // An accepted key or session is trusted for up to a second (never past the key's expiry) instead of being
    // hashed and looked up on every request; any change to keys, users, teams or sessions clears the cache.
    credentialCacheTtlMs: 1_000,
  });
  auth.onCredentialsChanged(() => gateway.invalidateCredentials());
  const inventory = new InventoryMonitor({
    run: createCommandRunner({ timeoutMs: 10_000 }),
    readFile: readTextFile,
    nodeName: hostname(),
    logger: logger.child({ scope: 'inventory' }),
    intervalMs: config.inventoryIntervalMs,
  });
  await inventory.start();
  const planning = new PlanningService(store, inventory, config.simulatedAccelerators);
  const engines = new EnginesService({
    run: createCommandRunner({ timeoutMs: 10_000 }),
    env: options.engineEnv,
    paths: config.enginePaths,
    nodeEntries: { 'llama-cpp': engineLlamaEntry(), simulator: engineEntry('@hangar/engine-simulator') },
    clock,
  });
  const models = new ModelsService(store, clock, config.modelDirs);
  const deployments = new DeploymentsService(store, clock, planning, engines, models, () =>
    reconciler.trigger(),
  );
  const users = new UsersService(store, clock, () => auth.reloadKeys());
  const modelStore = new ModelStore({
    home: config.home,
    sources: {
      huggingface: { endpoint: config.huggingFaceEndpoint, token: config.huggingFaceToken },
      modelscope: { endpoint: config.modelScopeEndpoint, token: config.modelScopeToken },
    },
    logger: logger.child({ scope: 'model-store' }),
    clock,
  });
  const deviceMemory = new DeviceMemoryWatch({
    read: async () => {
      await inventory.refresh();
      return planning
        .nodes()
        .flatMap((node) => node.accelerators)
        .filter((device) => device.vendor !== 'cpu')
        .map((device) => ({ id: device.id, name: device.model, memoryUsedBytes: device.memoryUsedBytes }));
    },
  });
  const downloads = new DownloadsService(modelStore, models, store, logger.child({ scope: 'downloads' }));
  const launcher = new InstanceLauncher({
    store,
    ports: new PortAllocator(config.instancePortStart),
    engineLlamaEntry: engineLlamaEntry(),
    simulatorEntry: engineEntry('@hangar/engine-simulator'),
    nodePath: process.execPath,
    engineThreads: config.engineThreads,
    workDir: join(config.home, 'instances'),
    services: {
      ensureModelFiles: (model, instanceId) =>
        downloads.ensureModelFiles(model, (progress) => reconciler.reportDownload(instanceId, progress)),
      engineExecutable: async (engine) => (await engines.require(engine)).executable,
      devicesFor: (deployment, ordinal, plan) => planning.devicesFor(deployment, ordinal, plan),
      devicesChosen: (instanceId, deviceIds) => {
        capacity.remember(instanceId, deviceIds);
        return deviceMemory.remember(instanceId, deviceIds);
      },
    },
  });
  const reconciler = new Reconciler({
    store,
    supervisor,
    launcher,
    clock,
    logger,
    intervalMs: config.reconcileIntervalMs,
    onRoutesChanged: () => routes.rebuild(),
    checkDevicesFreed: (instanceId) => {
      capacity.forget(instanceId);
      return deviceMemory.checkAfterStop(instanceId);
    },
  });
  const retention = new UsageRetention(store, clock, logger.child({ scope: 'usage' }));

  let httpServer: Server | undefined;
  const app = await buildAdminApp({
    logger,
    version: VERSION,
    auth,
    models,
    deployments,
    planning,
    users,
    downloads,
    engines,
    routes,
    metrics: async () => `${await registry.metrics()}\n${engineMetrics.render()}`,
    governance: {
      home: config.home,
      modelSources: [
        {
          source: 'huggingface',
          endpoint: config.huggingFaceEndpoint ?? defaultEndpoints.huggingface,
          hasToken: Boolean(config.huggingFaceToken),
        },
        {
          source: 'modelscope',
          endpoint: config.modelScopeEndpoint ?? defaultEndpoints.modelscope,
          hasToken: Boolean(config.modelScopeToken),
        },
      ],
      onRetentionChanged: () => retention.apply(),
      retentionDays: () => retention.days(),
    },
    store,
    supervisor,
    clock,
    serverFactory: (handler) => {
      httpServer = createServer((request: IncomingMessage, response: ServerResponse) => {
        if (request.url?.startsWith('/v1/')) void gateway.handle(request, response);
        else handler(request, response);
      });
      return httpServer;
    },
  });

  reconciler.recoverAfterRestart();
  routes.rebuild();
  reconciler.start();
  await app.listen({ host: config.host, port: config.port });
  const address = httpServer?.address() as AddressInfo;
  const url = `http://${config.host}:${address.port}`;
  logger.info({ url, home: config.home }, 'server-listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      logger.info({}, 'server-stopping');
      // Stop accepting; idle keep-alive connections go at once, streams get the grace period to finish.
      const stopped = app.close();
      httpServer?.closeIdleConnections();
      const drained = await Promise.race([
        stopped.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.shutdownGraceMs).unref()),
      ]);
      if (!drained) httpServer?.closeAllConnections();
      await reconciler.close();
      await engineMetrics.close();
      await inventory.close();
      await supervisor.close();
      await downloads.close();
      await gateway.close();
      await usage.close();
      await retention.close();
      await store.close();
      logger.info({}, 'server-stopped');
    })());

  return { url, store, auth, close };
}

/** A session for the local operator's CLI, readable only by the user who runs the server. */
function writeLocalAdminToken(home: string, auth: AuthService): void {
  const path = join(home, 'admin.token');
  let previous: string | undefined;
  try {
    previous = readFileSync(path, 'utf8').trim();
  } catch {
    previous = undefined;
  }
  writeFileSync(path, auth.createLocalAdminSession(previous) + '\n', { mode: 0o600 });
}
