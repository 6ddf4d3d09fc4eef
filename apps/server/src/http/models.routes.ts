import { addModelRequestSchema } from '@hangar/contracts';
import type { FastifyInstance } from 'fastify';
import type { ModelsService } from '../models/models.service.js';
import { parseInput } from './http-errors.js';
import { requireAdmin } from './session-auth.js';
import { modelView } from './views.js';

export function registerModelRoutes(app: FastifyInstance, models: ModelsService): void {
  app.get('/api/models', async () => ({ data: models.list().map(modelView) }));

  app.get<{ Params: { name: string } }>('/api/models/:name', async (request) =>
    modelView(models.get(request.params.name)),
  );

  app.post('/api/models', async (request, reply) => {
    requireAdmin(request);
    const body = parseInput(addModelRequestSchema, request.body);
    return reply.status(201).send(modelView(await models.add(body.path, body.name)));
  });

  app.delete<{ Params: { name: string } }>('/api/models/:name', async (request, reply) => {
    requireAdmin(request);
    models.remove(request.params.name);
    return reply.status(204).send();
  });
}
