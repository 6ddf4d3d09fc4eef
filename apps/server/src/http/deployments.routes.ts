import { NotFoundError, type Clock, type Deployment, type UpstreamDirectory } from '@hangar/core';
import {
  createDeploymentRequestSchema,
  scaleDeploymentRequestSchema,
  type InstanceLogsView,
} from '@hangar/contracts';
import type { Supervisor } from '@hangar/engines';
import type { Store } from '@hangar/store';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import { parseInput } from './http-errors.js';
import { requireAdmin } from './session-auth.js';
import { deploymentView, eventView, instanceView } from './views.js';

const logsQuerySchema = z.object({ tail: z.coerce.number().int().min(1).max(5000).default(200) });
const eventsQuerySchema = z.object({
  deployment: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export interface DeploymentRoutesDeps {
  deployments: DeploymentsService;
  store: Store;
  supervisor: Supervisor;
  clock: Clock;
  /** The gateway's routes, for each replica's routing weight. */
  routes: Pick<UpstreamDirectory, 'resolve'>;
}

export function registerDeploymentRoutes(app: FastifyInstance, deps: DeploymentRoutesDeps): void {
  const { deployments, store, supervisor, clock, routes } = deps;
  const view = (deployment: Deployment) =>
    deploymentView(
      deployment,
      store.models.findById(deployment.modelId)?.name ?? '(removed)',
      store.instances.listByDeployment(deployment.id),
      clock.now(),
      deployments.plan(deployment),
      routes.resolve(deployment.name)?.weights,
    );

  app.get('/api/deployments', async () => ({ data: deployments.list().map(view) }));
  app.get<{ Params: { name: string } }>('/api/deployments/:name', async (request) =>
    view(deployments.get(request.params.name)),
  );

  app.post('/api/deployments', async (request, reply) => {
    requireAdmin(request);
    const body = parseInput(createDeploymentRequestSchema, request.body);
    return reply.status(201).send(view(await deployments.create(body)));
  });

  app.post<{ Params: { name: string } }>('/api/deployments/:name/scale', async (request) => {
    requireAdmin(request);
    const { replicas } = parseInput(scaleDeploymentRequestSchema, request.body);
    return view(deployments.scale(request.params.name, replicas));
  });

  app.post<{ Params: { name: string } }>('/api/deployments/:name/stop', async (request) => {
    requireAdmin(request);
    return view(deployments.stop(request.params.name));
  });

  app.post<{ Params: { name: string } }>('/api/deployments/:name/start', async (request) => {
    requireAdmin(request);
    return view(deployments.start(request.params.name));
  });

  app.delete<{ Params: { name: string } }>('/api/deployments/:name', async (request, reply) => {
    requireAdmin(request);
    deployments.remove(request.params.name);
    return reply.status(204).send();
  });

  app.get('/api/instances', async () => {
    const names = new Map(deployments.list().map((deployment) => [deployment.id, deployment.name]));
    const now = clock.now();
    return {
      data: store.instances
        .list()
        .map((instance) => instanceView(instance, names.get(instance.deploymentId) ?? '?', now)),
    };
  });

  app.get<{ Params: { id: string } }>('/api/instances/:id/logs', async (request) => {
    const { tail } = parseInput(logsQuerySchema, request.query);
    const id = request.params.id;
    // Instance ids name log files: anything that is not an id shape never reaches the file system.
    const isIdShaped = /^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/.test(id);
    const lines = isIdShaped ? supervisor.logs(id, tail) : [];
    if (lines.length === 0 && !store.instances.findById(id)) {
      throw new NotFoundError(`No instance '${id}'. See \`hangar ps\`.`, 'instance_not_found');
    }
    return { instanceId: id, lines } satisfies InstanceLogsView;
  });

  app.get('/api/events', async (request) => {
    const query = parseInput(eventsQuerySchema, request.query);
    const deploymentId = query.deployment === undefined ? undefined : deployments.get(query.deployment).id;
    return { data: store.events.list({ deploymentId, limit: query.limit }).map(eventView) };
  });
}
