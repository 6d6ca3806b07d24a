/** Choosing a profile's sign-in method, and everything MSAL sign-in needs from the shell. */
import type { Profile } from '../../../shared/domain';
import type { ShellCapabilities } from '../app-core-types';
import { emulatorWebApp } from './app-credential';
import { EmulatorSignIn } from './emulator-sign-in';
import { NoSignIn, SignInError, type SignIn } from './sign-in';
import { authorityFor, AuthorityError, type MsalAuthority } from './authority';
import { MsalSignIn } from './msal-sign-in';
import { MemorySecretStore } from './secret-store';

export { MsalSignIn } from './msal-sign-in';
export { EmulatorSignIn } from './emulator-sign-in';
export { NoSignIn, SignInError, type SignIn, type SignedInUser } from './sign-in';
export { MemorySecretStore, decidePersistence, type SecretStore } from './secret-store';
export { authorityFor, PARTNER_CENTER_SCOPE } from './authority';
export * from './app-credential';

/** The emulator's stand-in for the partner's app registration (any client id is accepted). */
export const EMULATOR_CLIENT_ID = '5e1d0c6a-2b4f-4c1e-9a7d-3f0e8b6c2d41';

export interface SignInChoice {
  profile: Profile;
  /** Where Partner Center (or the emulator) answers; null when there is none for this run. */
  partnerCenterUrl: string | null;
  shell: ShellCapabilities | undefined;
  onChange: () => void;
}

/** The emulator's identity provider, when it runs one (the built-in sandbox's Entra ID). */
async function emulatorIdentityProvider(partnerCenterUrl: string): Promise<{ url: string; ca: string } | null> {
  try {
    return (await emulatorWebApp(partnerCenterUrl))?.identityProvider ?? null;
  } catch {
    return null;
  }
}

/**
 * Built-in sandbox: 'automatic' signs in without a browser (EmulatorSignIn); 'entra' runs MSAL
 * against the emulator's own identity provider. Real Partner Center: MSAL against Entra ID of
 * the profile's cloud, with the partner's client id (none → not configured). No Partner Center
 * for this run: the account last signed in, working offline.
 */
export async function chooseSignIn(c: SignInChoice): Promise<SignIn> {
  const { profile, partnerCenterUrl } = c;
  if (partnerCenterUrl === null) return new NoSignIn('error.signInOffline', true);
  const builtIn = profile.environment === 'built-in-sandbox';
  if (builtIn && profile.signInMode === 'automatic') return new EmulatorSignIn(partnerCenterUrl, profile.sandboxRole);
  const shellStore = c.shell?.secretStore;
  const openExternal = c.shell?.openExternal;
  // The shell is told which authority the page belongs to, and opens nothing else.
  const openBrowserOn = (authority: MsalAuthority) =>
    openExternal
      ? (url: string) => openExternal(url, { authority: authority.authority })
      : () => Promise.reject(new SignInError('failed', 'error.auth.noBrowser'));
  const common = {
    secretStore: shellStore ? await shellStore(profile.id) : new MemorySecretStore(),
    onChange: c.onChange,
  };
  if (builtIn) {
    const idp = await emulatorIdentityProvider(partnerCenterUrl);
    if (!idp) return new NoSignIn('error.signInUnavailable');
    const authority = authorityFor(profile, idp.url);
    return new MsalSignIn({ ...common, clientId: profile.clientId ?? EMULATOR_CLIENT_ID, authority, openBrowser: openBrowserOn(authority), ca: idp.ca });
  }
  if (!profile.clientId) return new NoSignIn('error.signInUnavailable');
  try {
    const authority = authorityFor(profile);
    return new MsalSignIn({ ...common, clientId: profile.clientId, authority, openBrowser: openBrowserOn(authority) });
  } catch (error) {
    if (error instanceof AuthorityError) return new NoSignIn(error.message);
    throw error;
  }
}
