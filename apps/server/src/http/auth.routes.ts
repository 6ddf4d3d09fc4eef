import {
  changePasswordRequestSchema,
  createKeyRequestSchema,
  loginRequestSchema,
  updateKeyRequestSchema,
  type SessionView,
} from '@hangar/contracts';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../auth/auth.service.js';
import { apiKeyView } from './views.js';
import { parseInput } from './http-errors.js';
import { SESSION_COOKIE, requireUser } from './session-auth.js';

export function registerAuthRoutes(app: FastifyInstance, auth: AuthService): void {
  app.post('/api/auth/login', async (request, reply) => {
    const { username, password } = parseInput(loginRequestSchema, request.body);
    const session = await auth.login(username, password);
    const maxAgeSeconds = Math.floor((session.expiresAt - Date.now()) / 1000);
    void reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${encodeURIComponent(session.token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}`,
    );
    const { user } = session;
    return {
      token: session.token,
      user: {
        id: user.id,
        username: user.username,
        role: user.role,
        mustChangePassword: user.mustChangePassword,
      },
      expiresAt: new Date(session.expiresAt).toISOString(),
    } satisfies SessionView;
  });

  app.post('/api/auth/logout', async (request, reply) => {
    auth.logout(requireUser(request).tokenHash);
    void reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (request) => {
    const user = requireUser(request);
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      mustChangePassword: user.mustChangePassword,
    };
  });

  app.post('/api/auth/password', async (request, reply) => {
    const body = parseInput(changePasswordRequestSchema, request.body);
    await auth.changePassword(requireUser(request).id, body.currentPassword, body.newPassword);
    return reply.status(204).send();
  });

  app.get('/api/keys', async (request) => ({ data: auth.listKeys(requireUser(request)).map(apiKeyView) }));

  app.post('/api/keys', async (request, reply) => {
    const body = parseInput(createKeyRequestSchema, request.body);
    const { key, secret } = auth.createKey(requireUser(request), body);
    return reply.status(201).send({ ...apiKeyView(key), key: secret });
  });

  app.patch<{ Params: { id: string } }>('/api/keys/:id', async (request) => {
    const body = parseInput(updateKeyRequestSchema, request.body);
    const key = auth.updateKey(requireUser(request), request.params.id, {
      ...(body.limits ? { limits: body.limits } : {}),
      ...(body.allowedModels !== undefined ? { allowedModels: body.allowedModels } : {}),
      ...(body.expiresAt !== undefined
        ? { expiresAt: body.expiresAt === null ? null : Date.parse(body.expiresAt) }
        : {}),
    });
    return apiKeyView(key);
  });

  app.delete<{ Params: { id: string } }>('/api/keys/:id', async (request, reply) => {
    auth.revokeKey(requireUser(request), request.params.id);
    return reply.status(204).send();
  });
}
