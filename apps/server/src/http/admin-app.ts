import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Clock, UpstreamDirectory } from '@hangar/core';
import type { HealthView } from '@hangar/contracts';
import type { Supervisor } from '@hangar/engines';
import type { Logger } from '@hangar/observability';
import type { Store } from '@hangar/store';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { AuthService } from '../auth/auth.service.js';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import type { ModelsService } from '../models/models.service.js';
import type { PlanningService } from '../planning/planning.service.js';
import type { UsersService } from '../governance/users.service.js';
import type { DownloadsService } from '../downloads/downloads.service.js';
import type { EnginesService } from '../engines/engines.service.js';
import type { EngineView } from '@hangar/contracts';
import { registerAuthRoutes } from './auth.routes.js';
import { consoleDistDir, registerConsoleAssets } from './console-assets.js';
import { registerDeploymentRoutes } from './deployments.routes.js';
import { installErrorHandling, newRequestId } from './http-errors.js';
import { registerModelRoutes } from './models.routes.js';
import { registerPlanningRoutes } from './planning.routes.js';
import { registerDownloadRoutes } from './downloads.routes.js';
import { registerGovernanceRoutes, type GovernanceRoutesDeps } from './governance.routes.js';
import { installSessionAuth } from './session-auth.js';

export interface AdminAppDeps {
  logger: Logger;
  version: string;
  auth: AuthService;
  models: ModelsService;
  deployments: DeploymentsService;
  planning: PlanningService;
  users: UsersService;
  downloads: DownloadsService;
  engines: EnginesService;
  /** Prometheus text: the gateway's and the server's metrics, then the instances' normalised engine metrics. */
  metrics: () => Promise<string>;
  governance: Pick<GovernanceRoutesDeps, 'home' | 'onRetentionChanged' | 'retentionDays' | 'modelSources'>;
  store: Store;
  supervisor: Supervisor;
  clock: Clock;
  /** The gateway's routes (each replica's routing weight in deployment views). */
  routes: Pick<UpstreamDirectory, 'resolve'>;
  /** The console build to serve at `/`; found in apps/console/dist by default, `null` for none. */
  consoleDir?: string | null;
  /** Lets the server put the /v1 gateway in front of Fastify on the same port. */
  serverFactory?: (handler: (request: IncomingMessage, response: ServerResponse) => void) => Server;
}

/** The admin API (`/api/*`, `/healthz`). */
export async function buildAdminApp(deps: AdminAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ scope: 'admin-api' }),
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : newRequestId();
    },
    bodyLimit: 1024 * 1024,
    ...(deps.serverFactory ? { serverFactory: deps.serverFactory } : {}),
  }) as unknown as FastifyInstance;
  installErrorHandling(app);
  installSessionAuth(app, deps.auth);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Unauthenticated, like most Prometheus targets: labels carry model and deployment names, never users or keys.
  app.get('/metrics', async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(await deps.metrics()),
  );
  app.get('/healthz', async () => ({ status: 'ok', version: deps.version }) satisfies HealthView);
  registerAuthRoutes(app, deps.auth);
  registerModelRoutes(app, deps.models);
  registerDeploymentRoutes(app, deps);
  registerPlanningRoutes(app, deps.planning);
  registerDownloadRoutes(app, deps.downloads);
  app.get('/api/engines', async () => ({ data: (await deps.engines.list()) satisfies EngineView[] }));
  registerGovernanceRoutes(app, {
    ...deps.governance,
    users: deps.users,
    store: deps.store,
    clock: deps.clock,
    version: deps.version,
  });
  const consoleDir = deps.consoleDir === undefined ? consoleDistDir() : deps.consoleDir;
  if (consoleDir) registerConsoleAssets(app, consoleDir);
  await app.ready();
  return app;
}
