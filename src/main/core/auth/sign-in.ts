import type { AuthState, Role } from '../../../shared/domain';
import type { ErrorCode } from '../../../shared/result';
import { AppFailure } from '../app-failure';

export interface SignedInUser {
  displayName: string;
  role: Role;
  userId: string;
}

export type AuthProblem = NonNullable<AuthState['problem']>;

/** A sign-in that did not succeed, in plain words; `problem` is what the session reports. */
export class SignInError extends AppFailure {
  /** `message` is a translation key; `params` fill it. */
  constructor(
    readonly problem: AuthProblem,
    message: string,
    code: ErrorCode = 'forbidden',
    params: Record<string, string> = {},
  ) {
    super(code, message, undefined, params);
    this.name = 'SignInError';
  }
}

/**
 * How the core gets the operator's (App+User) tokens: the built-in sandbox's sign-in, or
 * Microsoft Entra ID through MSAL. `getAccessToken` is called before every send; it refreshes
 * silently or throws (then the queue parks as "sign-in needed" without spending attempts).
 */
export interface SignIn {
  /** Who is signed in (or was, last time: kept while offline). */
  user: SignedInUser | null;
  /**
   * When the profile opens, without a browser: who is signed in, from the token cache or a
   * sandbox sign-in; the account the profile remembers when nothing answers (offline).
   */
  start(remembered: SignedInUser | null): Promise<void>;
  /** Interactive where the method needs it (system browser); resolves with the user. */
  signIn(): Promise<SignedInUser>;
  getAccessToken(): Promise<string>;
  /** Stops an interactive sign-in in progress; false when none was running. */
  cancel(): boolean;
  /** Forgets the account and its tokens. */
  signOut(): Promise<void>;
  auth(online: boolean): AuthState;
}

/**
 * A profile that cannot sign in: no sign-in method configured (`remembered` false), or no
 * Partner Center for this run (the CLI's local commands: `remembered` true, it acts as the
 * account last signed in). Works with its cache; sends nothing.
 */
export class NoSignIn implements SignIn {
  user: SignedInUser | null = null;
  constructor(
    /** A translation key: why nothing can be sent. */
    private readonly reason: string,
    private readonly keepsRemembered = false,
  ) {}
  async start(remembered: SignedInUser | null): Promise<void> {
    if (this.keepsRemembered) this.user = remembered;
  }
  signIn(): Promise<SignedInUser> {
    return Promise.reject(new SignInError('not-configured', this.reason));
  }
  getAccessToken(): Promise<string> {
    return Promise.reject(new SignInError('not-configured', this.reason));
  }
  cancel(): boolean {
    return false;
  }
  async signOut(): Promise<void> {}
  auth(online: boolean): AuthState {
    if (this.keepsRemembered && this.user) return { state: online ? 'signed-in' : 'offline', problem: null, tokensPersisted: false };
    return { state: 'signed-out', problem: 'not-configured', tokensPersisted: false };
  }
}
