import type { SessionView } from '@hangar/contracts';
import { createContext, useContext } from 'react';
import type { Capabilities } from '../api/capabilities';
import type { ThemeMode } from './use-theme-mode';

export type SessionUser = SessionView['user'];

/** Who is logged in, what the server offers, and the shell's switches. */
export interface SessionValue {
  user: SessionUser;
  capabilities: Capabilities;
  themeMode: ThemeMode;
  toggleTheme: () => void;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The logged-in session; only inside the authenticated shell. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs the authenticated shell above it');
  return value;
}
