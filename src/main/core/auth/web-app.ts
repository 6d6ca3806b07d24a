import type { AppCredentialState, Profile } from '../../../shared/domain';
import type { ShellCapabilities } from '../app-core-types';
import { AppCredentialError, AppKeyStore, EmulatorAppCredential, emulatorMsalAppCredential, msalAppCredentialFromKey, type AppCredential } from './app-credential';
import { authorityFor } from './authority';
import { MemorySecretStore } from './secret-store';

/**
 * A profile's web app credential, for the app-only attestation calls: the built-in sandbox's
 * (the emulator provides one without asking), or the partner's web app id and key, kept by the OS
 * (or in memory only where it offers no protection) and changeable while the profile is open.
 */
export class WebAppCredential implements AppCredential {
  private credential: AppCredential | null;
  private refused = false;

  private constructor(
    private readonly profile: Profile,
    private readonly keys: AppKeyStore | null,
    credential: AppCredential | null,
  ) {
    this.credential = credential;
  }

  /** For a profile opening on `partnerCenterUrl` (null: no Partner Center this run). */
  static async open(profile: Profile, partnerCenterUrl: string | null, shell: ShellCapabilities | undefined): Promise<WebAppCredential> {
    if (profile.environment === 'built-in-sandbox') {
      // 'entra' sandboxes run MSAL's confidential client against the emulator's identity provider.
      const sandbox = partnerCenterUrl === null ? null : profile.signInMode === 'entra' ? await emulatorMsalAppCredential(partnerCenterUrl).catch(() => null) : null;
      return new WebAppCredential(profile, null, sandbox ?? (partnerCenterUrl === null ? null : new EmulatorAppCredential(partnerCenterUrl)));
    }
    // Its own store: not the one of the profile's MSAL token cache (each store holds one document).
    const keys = new AppKeyStore(shell?.secretStore ? await shell.secretStore(`${profile.id}.web-app`) : new MemorySecretStore());
    const key = await keys.load();
    return new WebAppCredential(profile, keys, key ? msalAppCredentialFromKey(key, { authority: authorityFor(profile) }) : null);
  }

  /** An app-only token; a refused key is remembered for the session's state until a new one is set. */
  async getAppToken(): Promise<string> {
    if (!this.credential) throw new AppCredentialError('not-configured', 'error.appCredential.notConfigured');
    try {
      return await this.credential.getAppToken();
    } catch (error) {
      if (error instanceof AppCredentialError && error.problem === 'invalid') this.refused = true;
      throw error;
    }
  }

  get kind(): AppCredential['kind'] {
    return this.credential?.kind ?? 'secret';
  }

  invalidate(): void {
    this.credential?.invalidate();
  }

  state(webAppId: string | null): AppCredentialState {
    if (!this.keys) return { state: 'built-in', webAppId: null, kind: null, persisted: false };
    const kind = this.credential ? (this.credential.kind === 'certificate' ? 'certificate' : 'secret') : null;
    return { state: !this.credential ? 'missing' : this.refused ? 'refused' : 'ready', webAppId, kind, persisted: this.keys.persisted };
  }

  /** Keeps the partner's web app id and key (client secret) and uses them from now on. */
  async save(webAppId: string, secret: string): Promise<void> {
    if (!this.keys) throw new AppCredentialError('not-configured', 'error.appCredential.builtIn');
    const key = { clientId: webAppId, secret };
    await this.keys.save(key);
    this.credential = msalAppCredentialFromKey(key, { authority: authorityFor(this.profile) });
    this.refused = false;
  }

  async clear(): Promise<void> {
    if (!this.keys) throw new AppCredentialError('not-configured', 'error.appCredential.builtIn');
    await this.keys.clear();
    this.credential = null;
    this.refused = false;
  }
}
