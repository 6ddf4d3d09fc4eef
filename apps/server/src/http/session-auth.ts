import { AuthenticationError, PermissionError } from '@hangar/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService, SessionUser } from '../auth/auth.service.js';

export const SESSION_COOKIE = 'hangar_session';

declare module 'fastify' {
  interface FastifyRequest {
    sessionUser: SessionUser | null;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function tokenOf(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

/** Every `/api/*` route but login needs a session (Bearer token or the console's cookie). */
export function installSessionAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('sessionUser', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/auth/login')) return;
    const token = tokenOf(request);
    const user = token ? auth.sessionUser(token) : undefined;
    if (!user) {
      throw new AuthenticationError(
        token
          ? 'The session has expired or was logged out; log in again (hangar login)'
          : 'Log in first (hangar login)',
        'unauthenticated',
      );
    }
    request.sessionUser = user;
  });
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.sessionUser) throw new AuthenticationError('Log in first', 'unauthenticated');
  return request.sessionUser;
}

export function requireAdmin(request: FastifyRequest): SessionUser {
  const user = requireUser(request);
  if (user.role !== 'admin') throw new PermissionError('Only an admin can do this');
  return user;
}
