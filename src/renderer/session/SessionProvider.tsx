import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Session } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';
import { LocaleContext } from '../i18n/useT';
import { StartupScreen } from '../shell/StartupScreen';

type SessionState = {
  session: Session;
  reload: () => Promise<void>;
  /**
   * Grows each time the whole app state changes hands (another profile, another sign-in): views
   * keyed by it start over, so nothing of the previous profile stays on screen.
   */
  epoch: number;
  /**
   * Takes a session the core just answered with (switching profiles, signing in or out); every
   * view starts over when it belongs to another profile or another person.
   */
  adopt: (session: Session) => void;
};

const SessionContext = createContext<SessionState | null>(null);

/** Loads the session, then renders the app inside its locale; `reload` refreshes it (e.g. after a refresh). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [session, setSession] = useState<Session | null>(null);
  const [epoch, setEpoch] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const current = useRef<Session | null>(null);

  const reload = useCallback(async () => {
    const result = await api.getSession({});
    if (result.ok) {
      current.current = result.value;
      setSession(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
  }, [api]);

  const adopt = useCallback((next: Session) => {
    // Only another profile or another person starts every view over; a sign-in state change
    // (signing in, sign-in needed, signed in again) keeps the operator where they are.
    const previous = current.current;
    current.current = next;
    if (!previous || changesHands(previous, next)) setEpoch((n) => n + 1);
    setSession(next);
    setError(null);
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Another profile, or someone else signed in: everything on screen belongs to the old one.
  useApiEvent('sessionChanged', adopt);

  if (!session) return <StartupScreen error={error} onRetry={() => void reload()} />;
  return (
    <LocaleContext.Provider value={session.locale}>
      <SessionContext.Provider value={{ session, reload, epoch, adopt }}>{children}</SessionContext.Provider>
    </LocaleContext.Provider>
  );
}

/** Another profile, or a different person signed in (someone signing in after nobody does not count). */
export function changesHands(previous: Session, next: Session): boolean {
  if (previous.profile.id !== next.profile.id) return true;
  const before = previous.user;
  const after = next.user;
  return before !== null && after !== null && (before.displayName !== after.displayName || before.role !== after.role);
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession() outside <SessionProvider>');
  return state;
}
