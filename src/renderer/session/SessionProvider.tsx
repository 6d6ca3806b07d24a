import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Session } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/ApiContext';
import { LocaleContext } from '../i18n/useT';
import { StartupScreen } from '../shell/StartupScreen';

type SessionState = { session: Session; reload: () => Promise<void> };

const SessionContext = createContext<SessionState | null>(null);

/** Loads the session once, then renders the app inside its locale; `reload` refreshes it (e.g. after a refresh). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(async () => {
    const result = await api.getSession({});
    if (result.ok) {
      setSession(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (!session) return <StartupScreen error={error} onRetry={() => void reload()} />;
  return (
    <LocaleContext.Provider value={session.locale}>
      <SessionContext.Provider value={{ session, reload }}>{children}</SessionContext.Provider>
    </LocaleContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession() outside <SessionProvider>');
  return state;
}
