import { isApiError } from '@hangar/api-client';
import { Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApi } from '../api/api-context';
import { probeCapabilities, type Capabilities } from '../api/capabilities';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { useI18n } from '../i18n/use-i18n';
import { explainError } from '../shared/error-hint';
import { AppShell } from './AppShell';
import { SessionContext, type SessionUser, type SessionValue } from './session-context';
import type { ThemeMode } from './use-theme-mode';

type GateState =
  | { status: 'checking' }
  | { status: 'anonymous' }
  | { status: 'unreachable'; error: unknown }
  | { status: 'authenticated'; user: SessionUser; capabilities: Capabilities };

/** Shows the login page until there is a session, the forced password change, then the console. */
export function AuthGate({ themeMode, toggleTheme }: { themeMode: ThemeMode; toggleTheme: () => void }) {
  const client = useApi();
  const { t } = useI18n();
  const [state, setState] = useState<GateState>({ status: 'checking' });

  const enter = useCallback(
    async (user: SessionUser) => {
      const capabilities = await probeCapabilities(client);
      setState({ status: 'authenticated', user, capabilities });
    },
    [client],
  );

  const check = useCallback(async () => {
    setState({ status: 'checking' });
    try {
      await enter(await client.me());
    } catch (error) {
      setState(
        isApiError(error) && error.status === 401
          ? { status: 'anonymous' }
          : { status: 'unreachable', error },
      );
    }
  }, [client, enter]);

  useEffect(() => void check(), [check]);

  const logout = useCallback(async () => {
    await client.logout().catch(() => undefined);
    setState({ status: 'anonymous' });
  }, [client]);

  const session = useMemo<SessionValue | null>(
    () =>
      state.status === 'authenticated'
        ? { user: state.user, capabilities: state.capabilities, themeMode, toggleTheme, logout }
        : null,
    [state, themeMode, toggleTheme, logout],
  );

  if (state.status === 'checking') {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin size="large" aria-label={t('common.loading')} />
      </div>
    );
  }
  if (state.status === 'unreachable') {
    const explanation = explainError(state.error);
    return (
      <Result
        status="warning"
        title={t(explanation.hintKey)}
        subTitle={explanation.message}
        extra={<Button onClick={() => void check()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (state.status === 'anonymous') return <LoginPage onLoggedIn={(user) => enter(user)} />;
  if (!session) return null;
  if (session.user.mustChangePassword) {
    return (
      <ChangePasswordPage
        onChanged={() => void enter({ ...session.user, mustChangePassword: false })}
        onLogout={() => void logout()}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <AppShell />
    </SessionContext.Provider>
  );
}
