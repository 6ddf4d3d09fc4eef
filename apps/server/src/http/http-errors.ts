import { randomUUID } from 'node:crypto';
import { HangarError, ValidationError } from '@hangar/core';
import type { AdminErrorBody } from '@hangar/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';

/** Parses a request body or query with zod; problems become one ValidationError listing them all. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const summary = problems
    .map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message))
    .join('; ');
  throw new ValidationError(`Invalid request: ${summary}`, { problems });
}

/** The one place where admin API errors become HTTP: `{ error: { code, message, details, requestId } }`. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HangarError, request, reply) => {
    const requestId = String(request.id);
    const body = (code: string, message: string, details?: Record<string, unknown>): AdminErrorBody => ({
      error: { code, message, ...(details ? { details } : {}), requestId },
    });
    if (error instanceof HangarError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request-failed');
      return reply.status(error.status).send(body(error.code, error.message, error.details));
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status < 500) {
      const code =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'invalid_json'
          : 'invalid_request';
      const message =
        code === 'invalid_json' ? `The request body is not valid JSON: ${error.message}` : error.message;
      return reply.status(status).send(body(code, message));
    }
    request.log.error({ err: error }, 'request-failed');
    return reply
      .status(500)
      .send(body('internal_error', 'Something went wrong inside Hangar; the server log has the details'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'route_not_found',
        message: `No route ${request.method} ${request.url}`,
        requestId: String(request.id),
      },
    } satisfies AdminErrorBody),
  );
}

export function newRequestId(): string {
  return randomUUID();
}
