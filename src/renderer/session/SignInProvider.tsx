import { notifications } from '@mantine/notifications';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Session } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { useT } from '../i18n/useT';
import { useSession } from './SessionProvider';

type SignInState = {
  /** A sign-in call is running (interactive: until the browser answers, is cancelled or times out). */
  busy: boolean;
  /** Why the last sign-in was refused, in the core's plain words; cleared by the next attempt. */
  error: AppError | null;
  /** The sign-in page the core asked to open (browser host), for when a popup blocker stopped the tab. */
  pageUrl: string | null;
  signIn: () => Promise<void>;
  cancelSignIn: () => Promise<void>;
  signOut: () => Promise<void>;
};

const SignInContext = createContext<SignInState | null>(null);

/** Whether the profile signs in through a browser (Microsoft Entra ID), not by itself. */
export function signsInInteractively(session: Session): boolean {
  return session.profile.environment !== 'built-in-sandbox' || session.profile.signInMode === 'entra';
}

/**
 * Sign-in, cancel and sign-out for the header, the banner and the user menu. The session's
 * `auth` (kept live by `sessionChanged`) says where sign-in stands; this adds what only the
 * renderer knows: the call in flight, its refusal, and the page to open.
 */
export function SignInProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const t = useT();
  const notifyError = useNotifyError();
  const { session, adopt } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [pageUrl, setPageUrl] = useState<string | null>(null);
  const profileId = session.profile.id;
  const state = session.auth.state;

  useApiEvent('openInBrowser', ({ url }) => setPageUrl(url));

  // Another profile: its own sign-in story. Signed in: nothing left to report.
  useEffect(() => {
    setError(null);
    setPageUrl(null);
  }, [profileId]);
  useEffect(() => {
    if (state === 'signed-in' || state === 'offline') setError(null);
    if (state !== 'signing-in') setPageUrl(null);
  }, [state]);

  const signIn = useCallback(async () => {
    setBusy(true);
    setError(null);
    const result = await api.signIn({});
    setBusy(false);
    if (result.ok) {
      adopt(result.value);
      const user = result.value.user;
      if (user) notifications.show({ color: 'teal', message: t('ui.auth.signedIn', { name: user.displayName, role: t(`ui.role.${user.role}`) }) });
    } else {
      setError(result.error);
    }
  }, [api, adopt, t]);

  const cancelSignIn = useCallback(async () => {
    const result = await api.cancelSignIn({});
    if (!result.ok) notifyError('ui.auth.cancelFailed', result.error);
  }, [api, notifyError]);

  const signOut = useCallback(async () => {
    const result = await api.signOut({});
    if (result.ok) {
      adopt(result.value);
      notifications.show({ color: 'gray', message: t('ui.auth.signedOut') });
    } else {
      notifyError('ui.auth.signOutFailed', result.error);
    }
  }, [api, adopt, notifyError, t]);

  return <SignInContext.Provider value={{ busy, error, pageUrl, signIn, cancelSignIn, signOut }}>{children}</SignInContext.Provider>;
}

export function useSignIn(): SignInState {
  const state = useContext(SignInContext);
  if (!state) throw new Error('useSignIn() outside <SignInProvider>');
  return state;
}
