import type { IncomingMessage } from 'node:http';
import { AuthenticationError, type Principal } from '@hangar/core';
import type { CredentialCache } from './credential-cache.js';

/**
 * The caller: a bearer token from `Authorization`, else the console's session cookie (HttpOnly, SameSite=Strict,
 * so a browser sends it only from the console's own pages).
 */
export function authenticateRequest(
  request: IncomingMessage,
  authenticator: Pick<CredentialCache, 'authenticate'>,
  cookieName: string,
): Principal {
  const header = request.headers.authorization;
  let token = header !== undefined && /^bearer /i.test(header) ? header.slice(7).trim() : '';
  if (token.length === 0 && header === undefined)
    token = cookieValue(request.headers.cookie, cookieName) ?? '';
  if (token.length === 0) {
    throw new AuthenticationError("Missing API key. Send it as 'Authorization: Bearer <key>'.");
  }
  const principal = authenticator.authenticate(token);
  if (principal === undefined) {
    throw new AuthenticationError(
      'Invalid or revoked API key. Create a key in the console or with `hangar key create`.',
    );
  }
  return principal;
}

/** The value of cookie `name` in a `Cookie` header, URI-decoded; `undefined` when absent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
    const raw = pair.slice(separator + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** Whether the principal may call `model` (a route's name or one of its aliases). */
export function isModelAllowed(principal: Principal, names: readonly string[]): boolean {
  const allowed = principal.allowedModels;
  if (allowed === undefined || allowed === null) return true;
  return names.some((name) => allowed.includes(name));
}
