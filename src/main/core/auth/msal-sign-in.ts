/**
 * Sign-in to Partner Center with Microsoft Entra ID through MSAL (partner-center-api.md §6):
 * a public client per profile, authorization code with PKCE in the system browser and MSAL's own
 * loopback redirect, silent refresh before every send, MFA required, tokens only in a SecretStore.
 */
import { InteractionRequiredAuthError, LogLevel, PublicClientApplication, ServerError, type AccountInfo, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import type { AuthState, Role } from '../../../shared/domain';
import { PartnerCenterError } from '../partner-center';
import { SignInError, type AuthProblem, type SignIn, type SignedInUser } from './sign-in';
import type { MsalAuthority } from './authority';
import { decodeJwtClaims, displayNameFromClaims, hasMfa, hasRolesClaim, MFA_REQUIRED_MESSAGE, roleFromClaims, userIdFromClaims, widsRoleFromClaims, type TokenClaims } from './claims';
import { fetchGraphGet, GraphLookupError, memberOfGroups, roleFromGroups, type GraphGet } from './graph';
import { NetworkFailure, pinnedCaNetworkModule } from './network';
import { secretStoreCachePlugin, type SecretStore } from './secret-store';

export interface MsalSignInOptions {
  clientId: string;
  authority: MsalAuthority;
  /** Opens the sign-in page: Electron's shell.openExternal; tests drive Chromium with it. */
  openBrowser: (url: string) => Promise<void>;
  secretStore: SecretStore;
  /** Trust exactly this certificate for the identity provider (the emulator's self-signed one). */
  ca?: string;
  /** How long the operator has to finish in the browser. Default 5 minutes. */
  timeoutMs?: number;
  /** The role when the token names none (real Partner Center: see roleFromClaims). */
  fallbackRole?: Role;
  /** Called whenever `auth()` may have changed (the session is re-announced). */
  onChange?: () => void;
  /** How Microsoft Graph is called for the role lookup. Default: the emulator's pinned certificate with `ca`, else fetch. */
  graphGet?: GraphGet;
}

const ROLE_WORDS: Record<Role, string> = {
  AdminAgent: 'Admin agent',
  SalesAgent: 'Sales agent',
  HelpdeskAgent: 'Helpdesk agent (read-only)',
  BillingAdmin: 'Billing admin',
  GlobalAdmin: 'Global admin',
};

/** A GraphGet over the pinned-certificate client (the emulator's Graph). */
function pinnedGraphGet(ca: string): GraphGet {
  const network = pinnedCaNetworkModule(ca);
  return async (url, accessToken) => {
    try {
      const response = await network.sendGetRequestAsync<unknown>(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
      return { status: response.status, body: response.body };
    } catch (error) {
      throw new GraphLookupError(error instanceof NetworkFailure ? 'network' : 'invalid', 'Microsoft Graph could not be reached.', null, { cause: error });
    }
  };
}

const SUCCESS_PAGE = '<!doctype html><meta charset="utf-8"><title>MCA Desk</title><p style="font:16px system-ui;margin:3em">You are signed in to MCA Desk. You can close this tab.</p>';
const ERROR_PAGE = '<!doctype html><meta charset="utf-8"><title>MCA Desk</title><p style="font:16px system-ui;margin:3em">Signing in to MCA Desk did not complete. Return to MCA Desk to try again.</p>';

const NETWORK_CODES = new Set(['network_error', 'no_network_connectivity', 'endpoints_resolution_error', 'openid_config_error']);
const isNetworkError = (error: unknown) =>
  error instanceof Error && (NETWORK_CODES.has((error as { errorCode?: string }).errorCode ?? '') || error.name === 'NetworkFailure');

interface Interactive {
  /** Ends the browser step: answers MSAL's loopback listener with an error so it stops. */
  stop(problem: 'cancelled' | 'timed-out'): void;
}

export class MsalSignIn implements SignIn {
  user: SignedInUser | null = null;
  private readonly pca: PublicClientApplication;
  private account: AccountInfo | null = null;
  private interactive: Interactive | null = null;
  /** Set when a token could not be had silently: the operator must sign in again. */
  private needed: AuthProblem | null = null;
  /** The outcome of the last interactive attempt, shown while signed out. */
  private lastProblem: AuthProblem | null = null;
  /**
   * Whether the role is known for this session: from the token's (emulator-only) `roles` claim
   * or a Microsoft Graph lookup. A role remembered from an earlier session is shown meanwhile.
   */
  private roleKnown = false;
  private roleLookup: Promise<void> | null = null;
  /** Why the last role lookup failed, in plain words (null when it did not). */
  roleNotice: string | null = null;

  constructor(private readonly options: MsalSignInOptions) {
    const config: Configuration = {
      auth: {
        clientId: options.clientId,
        authority: options.authority.authority,
        knownAuthorities: options.authority.knownAuthorities,
        ...(options.authority.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: options.authority.cloudDiscoveryMetadata } : {}),
      },
      cache: { cachePlugin: secretStoreCachePlugin(options.secretStore) },
      system: {
        ...(options.ca ? { networkClient: pinnedCaNetworkModule(options.ca) } : {}),
        // MSAL's own log stays quiet and never carries personal data or tokens.
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
    };
    this.pca = new PublicClientApplication(config);
  }

  /**
   * At start: the account of the token cache, without a browser and without the network. A
   * user remembered by the profile (not a token) is shown when the cache kept nothing.
   */
  async restore(remembered: SignedInUser | null): Promise<SignedInUser | null> {
    const accounts = await this.pca.getTokenCache().getAllAccounts();
    this.account = accounts[0] ?? null;
    if (this.account) {
      const claims = (this.account.idTokenClaims as TokenClaims | undefined) ?? null;
      this.user = this.userFrom(claims, remembered);
      this.roleKnown = hasRolesClaim(claims);
      if (!hasMfa(claims) && claims?.['amr'] !== undefined) this.needed = 'mfa-required';
    } else if (remembered) {
      // Memory-only tokens, or signed out elsewhere: known, but a sign-in is needed to send.
      this.user = remembered;
      this.needed = 'expired';
    }
    return this.user;
  }

  async start(remembered: SignedInUser | null): Promise<void> {
    await this.restore(remembered);
  }

  async signIn(): Promise<SignedInUser> {
    if (this.interactive) throw new SignInError('failed', 'error.auth.inProgress');
    let authUrl: string | null = null;
    let stopped: 'cancelled' | 'timed-out' | null = null;
    const answerLoopback = () => {
      if (!authUrl) return;
      const url = new URL(authUrl);
      const redirect = url.searchParams.get('redirect_uri');
      const state = url.searchParams.get('state');
      if (!redirect || !state) return;
      void fetch(new URL('/', redirect), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ error: 'access_denied', error_description: `Sign-in ${stopped ?? 'cancelled'} in MCA Desk.`, state }).toString(),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
    };
    let rejectStop: (error: SignInError) => void = () => undefined;
    const stoppedPromise = new Promise<never>((_, reject) => (rejectStop = reject));
    stoppedPromise.catch(() => undefined);
    this.interactive = {
      stop: (problem) => {
        if (stopped) return;
        stopped = problem;
        answerLoopback();
        rejectStop(
          new SignInError(problem, problem === 'cancelled' ? 'error.auth.cancelled' : 'error.auth.timedOut'),
        );
      },
    };
    const timer = setTimeout(() => this.interactive?.stop('timed-out'), this.options.timeoutMs ?? 5 * 60_000);
    this.lastProblem = null;
    this.options.onChange?.();
    try {
      const result = await Promise.race([
        this.pca.acquireTokenInteractive({
          scopes: this.options.authority.scopes,
          prompt: 'select_account',
          // Consent for the role lookup is asked with the sign-in (one browser visit).
          ...(this.options.authority.graph ? { extraScopesToConsent: [this.options.authority.graph.scope] } : {}),
          ...(this.account?.username ? { loginHint: this.account.username } : {}),
          successTemplate: SUCCESS_PAGE,
          errorTemplate: ERROR_PAGE,
          openBrowser: async (url) => {
            authUrl = url;
            if (stopped) return answerLoopback();
            await this.options.openBrowser(url);
          },
        }),
        stoppedPromise,
      ]);
      return await this.accept(result);
    } catch (error) {
      const failure = error instanceof SignInError ? error : this.failure(error);
      this.lastProblem = failure.problem;
      throw failure;
    } finally {
      clearTimeout(timer);
      this.interactive = null;
      this.options.onChange?.();
    }
  }

  /** A token for the next Partner Center request: from the cache, refreshed when due. */
  async getAccessToken(): Promise<string> {
    if (!this.account) throw new SignInError('expired', 'error.auth.notSignedIn');
    if (this.needed === 'mfa-required') throw new SignInError('mfa-required', MFA_REQUIRED_MESSAGE);
    if (this.needed) throw new SignInError(this.needed, 'error.auth.needed');
    let result: AuthenticationResult;
    try {
      result = await this.pca.acquireTokenSilent({ account: this.account, scopes: this.options.authority.scopes });
    } catch (error) {
      if (isNetworkError(error)) {
        // Not the operator's problem: the queue retries like any unreachable Partner Center.
        throw new PartnerCenterError({ kind: 'network', message: 'error.auth.unreachable', cause: error });
      }
      const problem = this.problemOf(error);
      this.setNeeded(problem);
      throw new SignInError(problem, 'error.auth.needed');
    }
    const claims = decodeJwtClaims(result.accessToken) ?? (result.idTokenClaims as TokenClaims);
    if (!hasMfa(claims)) {
      this.setNeeded('mfa-required');
      throw new SignInError('mfa-required', MFA_REQUIRED_MESSAGE);
    }
    this.account = result.account ?? this.account;
    // The role of an account restored from the cache is looked up once, beside the send.
    if (!this.roleKnown && !this.roleLookup && !hasRolesClaim(claims)) {
      this.roleLookup = this.lookUpRole(claims).finally(() => (this.roleLookup = null));
    }
    return result.accessToken;
  }

  /** Resolves when a role lookup in progress (started by a silent refresh) has ended. */
  async roleSettled(): Promise<void> {
    await this.roleLookup;
  }

  /**
   * The Partner Center role from Microsoft Graph (agent groups), for tokens without the
   * `roles` claim. A failed lookup keeps the role shown so far and says why in `roleNotice`.
   */
  private async lookUpRole(claims: TokenClaims | null): Promise<void> {
    const graph = this.options.authority.graph;
    const account = this.account;
    if (!graph || !account) return;
    let role: Role;
    try {
      let token: string;
      try {
        token = (await this.pca.acquireTokenSilent({ account, scopes: [graph.scope] })).accessToken;
      } catch (error) {
        if (isNetworkError(error)) throw new GraphLookupError('network', 'Microsoft Graph could not be reached.', null, { cause: error });
        const text = error instanceof Error ? `${(error as { errorCode?: string }).errorCode ?? ''} ${error.message}` : String(error);
        const consent = /consent|AADSTS65001|invalid_grant|interaction_required/i.test(text);
        throw new GraphLookupError(
          'http',
          consent
            ? 'MCA Desk may not read your group memberships: the app registration needs the Microsoft Graph permission GroupMember.Read.All with admin consent'
            : `No Microsoft Graph token could be had (${text.trim().slice(0, 200)})`,
        );
      }
      const get = this.options.graphGet ?? (this.options.ca ? pinnedGraphGet(this.options.ca) : fetchGraphGet);
      role = roleFromGroups(await memberOfGroups(graph.url, token, get), claims);
    } catch (error) {
      if (!this.user || this.account?.homeAccountId !== account.homeAccountId) return;
      const why = error instanceof GraphLookupError ? error.message : 'The Microsoft Graph lookup failed';
      this.roleNotice = `MCA Desk could not read your Partner Center role from Microsoft Graph. ${why.replace(/\.?$/, '.')} It keeps the role ${ROLE_WORDS[this.user.role]} until a lookup succeeds; sign in again to retry.`;
      this.options.onChange?.();
      return;
    }
    if (!this.user || this.account?.homeAccountId !== account.homeAccountId) return;
    const changed = this.user.role !== role || this.roleNotice !== null;
    this.user = { ...this.user, role };
    this.roleKnown = true;
    this.roleNotice = null;
    if (changed) this.options.onChange?.();
  }

  cancel(): boolean {
    if (!this.interactive) return false;
    this.interactive.stop('cancelled');
    return true;
  }

  async signOut(): Promise<void> {
    this.interactive?.stop('cancelled');
    const cache = this.pca.getTokenCache();
    for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    await this.options.secretStore.clear();
    this.account = null;
    this.user = null;
    this.needed = null;
    this.lastProblem = null;
    this.roleKnown = false;
    this.roleNotice = null;
    this.options.onChange?.();
  }

  auth(online: boolean): AuthState {
    const tokensPersisted = this.options.secretStore.protection === 'os';
    if (this.interactive) return { state: 'signing-in', problem: null, tokensPersisted };
    if (this.user && !online) return { state: 'offline', problem: this.needed, tokensPersisted };
    if (this.needed) return { state: 'sign-in-needed', problem: this.needed, tokensPersisted };
    // The role lookup failed: signed in, with the role kept from before (see roleNotice).
    if (this.user) return { state: 'signed-in', problem: this.roleNotice ? 'role-unknown' : null, tokensPersisted };
    return { state: 'signed-out', problem: this.lastProblem, tokensPersisted };
  }

  private async accept(result: AuthenticationResult): Promise<SignedInUser> {
    const claims = decodeJwtClaims(result.accessToken) ?? (result.idTokenClaims as TokenClaims);
    if (!hasMfa(claims)) {
      // Refuse the tokens altogether: nothing may be sent with them.
      if (result.account) await this.pca.getTokenCache().removeAccount(result.account);
      this.account = null;
      this.needed = null;
      throw new SignInError('mfa-required', MFA_REQUIRED_MESSAGE);
    }
    this.account = result.account;
    this.needed = null;
    const all = { ...(result.idTokenClaims as TokenClaims), ...claims };
    // Signing in again as the same user keeps the role known so far (if the lookup fails).
    const previous = this.user && this.user.userId === userIdFromClaims(all, '') ? this.user : null;
    this.user = this.userFrom(all, previous);
    this.roleKnown = hasRolesClaim(all);
    this.roleNotice = null;
    if (!this.roleKnown) await this.lookUpRole(all);
    return this.user;
  }

  /**
   * Who the token names. The role: the token's `roles` claim (the emulator's), else the one
   * remembered for this user, else the directory role (`wids`), else the fallback (read-only).
   */
  private userFrom(claims: TokenClaims | null, remembered: SignedInUser | null): SignedInUser {
    const userId = userIdFromClaims(claims, remembered?.userId ?? this.account?.localAccountId ?? '');
    const same = remembered && (!remembered.userId || !claims || remembered.userId === userId) ? remembered : null;
    const role = hasRolesClaim(claims) ? roleFromClaims(claims) : null;
    return {
      displayName: displayNameFromClaims(claims, remembered?.displayName ?? this.account?.username ?? 'Partner Center user'),
      role: role ?? same?.role ?? widsRoleFromClaims(claims) ?? this.options.fallbackRole ?? 'HelpdeskAgent',
      userId,
    };
  }

  private setNeeded(problem: AuthProblem): void {
    const changed = this.needed !== problem;
    this.needed = problem;
    if (changed) this.options.onChange?.();
  }

  private problemOf(error: unknown): AuthProblem {
    const text = error instanceof Error ? `${(error as { errorCode?: string }).errorCode ?? ''} ${error.message}` : String(error);
    if (/revoked|AADSTS50173|AADSTS50133|AADSTS70043|bad_token/i.test(text)) return 'revoked';
    if (error instanceof InteractionRequiredAuthError || (error instanceof ServerError && /invalid_grant/.test(text))) return 'expired';
    return 'failed';
  }

  private failure(error: unknown): SignInError {
    if (isNetworkError(error)) return new SignInError('failed', 'error.auth.unreachable', 'offline');
    const text = error instanceof Error ? `${(error as { errorCode?: string }).errorCode ?? ''} ${error.message}` : String(error);
    if (/access_denied|user_cancel/i.test(text)) return new SignInError('cancelled', 'error.auth.cancelled');
    return new SignInError('failed', 'error.auth.failed', 'forbidden', { message: error instanceof Error ? error.message : String(error) });
  }
}
