import { isApiError, type ApiClient } from '@hangar/api-client';

/**
 * Parts of the admin API that a server may not have (an older build, or work still landing): inventory,
 * catalog, planner, users, usage. The console asks for each and shows a page or card only when the server
 * answers: a page whose backend is missing is hidden, never faked.
 */
export type Capability = 'nodes' | 'catalog' | 'plans' | 'users' | 'usage';

export type Capabilities = Record<Capability, boolean>;

export const NO_CAPABILITIES: Capabilities = {
  nodes: false,
  catalog: false,
  plans: false,
  users: false,
  usage: false,
};

/** True when an error means "this server has no such endpoint" (as opposed to a failure of one it has). */
export function isMissingEndpoint(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return error.status === 404 && (error.code === 'route_not_found' || error.code === 'http_404');
}

/** True when the endpoint answered anything but "no such route" (a 403 for a non-admin counts as there). */
export async function endpointExists(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    return isApiError(error) && error.status !== 0 && !isMissingEndpoint(error);
  }
}

/** Asks the server which optional endpoints it has. */
export async function probeCapabilities(client: ApiClient): Promise<Capabilities> {
  const [nodes, catalog, plans, users, usage] = await Promise.all([
    endpointExists(() => client.listNodes()),
    endpointExists(() => client.listCatalog()),
    // An empty model: a server with a planner answers 400 (validation), one without answers 404.
    endpointExists(() => client.createPlan({ model: '' })),
    endpointExists(() => client.listUsers()),
    endpointExists(() => client.usageSummary('1h')),
  ]);
  return { nodes, catalog, plans, users, usage };
}
