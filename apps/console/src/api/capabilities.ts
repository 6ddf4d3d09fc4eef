import { isApiError, type ApiClient } from '@hangar/api-client';

/**
 * Endpoints that arrive with later work (inventory, catalog, planner, users, usage). The console asks for each
 * and shows its page or card only when the server has it: a page whose backend is missing is hidden, not faked.
 */
export const OPTIONAL_ENDPOINTS = {
  nodes: '/api/nodes',
  catalog: '/api/catalog',
  users: '/api/users',
  usage: '/api/usage/summary?window=1h',
} as const;

export type Capability = keyof typeof OPTIONAL_ENDPOINTS | 'plans';

export type Capabilities = Record<Capability, boolean>;

export const NO_CAPABILITIES: Capabilities = {
  nodes: false,
  catalog: false,
  users: false,
  usage: false,
  plans: false,
};

/** True when an error means "this server has no such endpoint" (as opposed to a failure of one it has). */
export function isMissingEndpoint(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.status === 404 && (error.code === 'route_not_found' || error.code === 'http_404');
}

async function exists(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    // Any answer but "no such route" (403 for a non-admin, a 500) means the endpoint exists.
    return !isMissingEndpoint(error) && isApiError(error) && error.status !== 0;
  }
}

/** Asks the server which optional endpoints it has. */
export async function probeCapabilities(client: ApiClient): Promise<Capabilities> {
  const [nodes, catalog, users, usage, plans] = await Promise.all([
    exists(() => client.getJson(OPTIONAL_ENDPOINTS.nodes)),
    exists(() => client.getJson(OPTIONAL_ENDPOINTS.catalog)),
    exists(() => client.getJson(OPTIONAL_ENDPOINTS.users)),
    exists(() => client.getJson(OPTIONAL_ENDPOINTS.usage)),
    // An empty plan request: a server with a planner answers 400 (validation), one without answers 404.
    exists(() => client.postJson('/api/plans', {})),
  ]);
  return { nodes, catalog, users, usage, plans };
}
