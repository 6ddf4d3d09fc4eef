import { NotFoundError } from '@hangar/core';
import { ENGINE_NAMES } from '@hangar/core';
import type { CatalogModelView, NodeView, PlanResultView } from '@hangar/contracts';
import { findCatalogModel, listCatalog } from '@hangar/planner';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PlanningService } from '../planning/planning.service.js';
import { parseInput } from './http-errors.js';

const whatIfSchema = z.object({
  model: z.string().min(1),
  file: z.string().min(1).optional(),
  engine: z.enum(ENGINE_NAMES).optional(),
  hardware: z.string().min(1).optional(),
  deviceModel: z.string().min(1).optional(),
  contextTokens: z.number().int().min(1).max(1_048_576).optional(),
  concurrency: z.number().int().min(1).max(4096).optional(),
});

/** Hardware, catalog and plans: `GET /api/nodes`, `GET /api/catalog[/:id]`, `POST /api/plans`. */
export function registerPlanningRoutes(app: FastifyInstance, planning: PlanningService): void {
  app.get('/api/nodes', async () => ({ data: planning.nodeViews() }) satisfies { data: NodeView[] });

  app.get(
    '/api/catalog',
    async () => ({ data: listCatalog() }) satisfies { data: readonly CatalogModelView[] },
  );

  app.get<{ Params: { id: string } }>('/api/catalog/:id', async (request) => {
    const model = findCatalogModel(decodeURIComponent(request.params.id));
    if (!model)
      throw new NotFoundError(
        `No catalog model '${request.params.id}'. See \`hangar catalog\`.`,
        'model_not_found',
      );
    return model satisfies CatalogModelView;
  });

  // A what-if answer: a refusal is an answer too (200, ok: false), not an error.
  app.post(
    '/api/plans',
    async (request) => planning.whatIf(parseInput(whatIfSchema, request.body)) satisfies PlanResultView,
  );
}
