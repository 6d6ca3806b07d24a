/** Choosing a profile's sign-in method, and everything MSAL sign-in needs from the shell. */
import type { Profile } from '../../../shared/domain';
import type { ShellCapabilities } from '../app-core-types';
import { EmulatorSignIn, NoSignIn, type SignIn } from '../session/emulator-sign-in';
import { authorityFor, AuthorityError } from './authority';
import { MsalSignIn } from './msal-sign-in';
import { MemorySecretStore } from './secret-store';

export { MsalSignIn, SignInError } from './msal-sign-in';
export { MemorySecretStore, decidePersistence, type SecretStore } from './secret-store';
export { authorityFor, PARTNER_CENTER_SCOPE } from './authority';
export * from './app-credential';

/** The emulator's stand-in for the partner's app registration (any client id is accepted). */
export const EMULATOR_CLIENT_ID = '5e1d0c6a-2b4f-4c1e-9a7d-3f0e8b6c2d41';

export interface IdentityProviderInfo {
  url: string;
  ca: string;
}

export interface SignInChoice {
  profile: Profile;
  /** Where Partner Center (or the emulator) answers. */
  partnerCenterUrl: string;
  /** The in-process emulator's identity provider, when there is one. */
  emulatorIdentityProvider: IdentityProviderInfo | null;
  shell: ShellCapabilities | undefined;
  /** The text for a profile that cannot sign in (translated by the caller). */
  unavailable: string;
  onChange: () => void;
}

/** An external emulator (browser host --emulator, tests) tells where its identity provider is. */
async function externalIdentityProvider(partnerCenterUrl: string): Promise<IdentityProviderInfo | null> {
  try {
    const response = await fetch(new URL('/_emulator/oidc', partnerCenterUrl), { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return null;
    const body = (await response.json()) as Partial<IdentityProviderInfo>;
    return typeof body.url === 'string' && typeof body.ca === 'string' ? { url: body.url, ca: body.ca } : null;
  } catch {
    return null;
  }
}

/**
 * Built-in sandbox: 'automatic' signs in without a browser (EmulatorSignIn); 'entra' runs MSAL
 * against the emulator's own identity provider. Real Partner Center: MSAL against Entra ID of
 * the profile's cloud, with the partner's client id (none → not configured).
 */
export async function chooseSignIn(c: SignInChoice): Promise<SignIn> {
  const { profile } = c;
  const builtIn = profile.environment === 'built-in-sandbox';
  if (builtIn && profile.signInMode === 'automatic') return new EmulatorSignIn(c.partnerCenterUrl, profile.sandboxRole);
  const shellStore = c.shell?.secretStore;
  const common = {
    openBrowser: c.shell?.openExternal ?? (() => Promise.reject(new Error('error.auth.noBrowser'))),
    secretStore: shellStore ? await shellStore(profile.id) : new MemorySecretStore(),
    onChange: c.onChange,
  };
  if (builtIn) {
    const idp = c.emulatorIdentityProvider ?? (await externalIdentityProvider(c.partnerCenterUrl));
    if (!idp) return new NoSignIn(c.unavailable);
    return new MsalSignIn({ ...common, clientId: profile.clientId ?? EMULATOR_CLIENT_ID, authority: authorityFor(profile, idp.url), ca: idp.ca });
  }
  if (!profile.clientId) return new NoSignIn(c.unavailable);
  try {
    return new MsalSignIn({ ...common, clientId: profile.clientId, authority: authorityFor(profile) });
  } catch (error) {
    if (error instanceof AuthorityError) return new NoSignIn(error.message);
    throw error;
  }
}
