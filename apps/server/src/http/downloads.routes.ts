import { pullModelRequestSchema } from '@hangar/contracts';
import type { FastifyInstance } from 'fastify';
import { downloadView, type DownloadsService } from '../downloads/downloads.service.js';
import { parseInput } from './http-errors.js';
import { requireAdmin } from './session-auth.js';

/** `POST /api/models/pull`, `GET /api/downloads[/:id]`, `DELETE /api/downloads/:id`. */
export function registerDownloadRoutes(app: FastifyInstance, downloads: DownloadsService): void {
  app.post('/api/models/pull', async (request, reply) => {
    requireAdmin(request);
    const handle = downloads.pull(parseInput(pullModelRequestSchema, request.body));
    return reply.status(202).send(downloadView(handle.snapshot()));
  });
  app.get('/api/downloads', async () => ({ data: downloads.list() }));
  app.get<{ Params: { id: string } }>('/api/downloads/:id', async (request) =>
    downloads.get(request.params.id),
  );
  app.delete<{ Params: { id: string } }>('/api/downloads/:id', async (request, reply) => {
    requireAdmin(request);
    await downloads.cancel(request.params.id);
    return reply.status(204).send();
  });
}
