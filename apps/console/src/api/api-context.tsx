import { createApiClient, type ApiClient } from '@hangar/api-client';
import { createContext, useContext, useMemo, type ReactNode } from 'react';

const ApiContext = createContext<ApiClient | null>(null);

/**
 * Provides the api-client. In the browser it has no token: the login answer sets the HttpOnly
 * `hangar_session` cookie, and same-origin requests send it.
 */
export function ApiProvider({ children, client }: { children: ReactNode; client?: ApiClient }) {
  const value = useMemo(() => client ?? createApiClient({ baseUrl: window.location.origin }), [client]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

/** The api-client of the nearest <ApiProvider>. */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi needs an <ApiProvider> above it');
  return client;
}
