import { z } from 'zod';
import type { AuthState, Role } from '../../../shared/domain';
import { roleSchema } from '../../../shared/domain';

const tokenResponseSchema = z.object({
  accessToken: z.string().min(1),
  role: roleSchema,
  userId: z.string(),
  displayName: z.string(),
});

export interface SignedInUser {
  displayName: string;
  role: Role;
  userId: string;
}

/**
 * How the core gets tokens: the emulator's sandbox sign-in, or Microsoft Entra ID through MSAL.
 * `getAccessToken` is called before every send; it refreshes silently or throws (then the queue
 * parks as "sign-in needed" without spending attempts).
 */
export interface SignIn {
  /** Who is signed in (or was, last time: kept while offline). */
  user: SignedInUser | null;
  /** Interactive where the method needs it (system browser); resolves with the user. */
  signIn(): Promise<SignedInUser>;
  getAccessToken(): Promise<string>;
  /** Stops an interactive sign-in in progress; false when none was running. */
  cancel(): boolean;
  /** Forgets the account and its tokens. */
  signOut(): Promise<void>;
  auth(online: boolean): AuthState;
}

/** A profile without a usable sign-in method: works offline with its cache, sends nothing. */
export class NoSignIn implements SignIn {
  user: SignedInUser | null = null;
  constructor(private readonly reason: string) {}
  signIn(): Promise<SignedInUser> {
    return Promise.reject(new Error(this.reason));
  }
  getAccessToken(): Promise<string> {
    return Promise.reject(new Error(this.reason));
  }
  cancel(): boolean {
    return false;
  }
  async signOut(): Promise<void> {}
  auth(): AuthState {
    return { state: 'signed-out', problem: 'not-configured', tokensPersisted: false };
  }
}

/**
 * The built-in sandbox's sign-in: the emulator issues a token for a sandbox user with a role, so
 * the operator is signed in without a browser. Real Entra ID sign-in (MSAL) plugs in behind the
 * same `getAccessToken`.
 */
export class EmulatorSignIn implements SignIn {
  private token: string | null = null;
  user: SignedInUser | null = null;

  /** Without a role, the emulator signs in its current user role (switchable with /_emulator/role). */
  constructor(
    private readonly emulatorUrl: string,
    private readonly role: Role | null = null,
  ) {}

  async signIn(): Promise<SignedInUser> {
    this.signedOut = false;
    const response = await fetch(new URL('/_emulator/token', this.emulatorUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.role ? { role: this.role } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`The sandbox emulator refused sign-in (HTTP ${response.status}).`);
    const body = tokenResponseSchema.parse(await response.json());
    this.token = body.accessToken;
    this.user = { displayName: body.displayName, role: body.role, userId: body.userId };
    return this.user;
  }

  async getAccessToken(): Promise<string> {
    if (this.signedOut) throw new Error('Signed out.');
    if (!this.token) await this.signIn();
    if (!this.token) throw new Error('Not signed in.');
    return this.token;
  }

  private signedOut = false;

  cancel(): boolean {
    return false;
  }

  async signOut(): Promise<void> {
    this.signedOut = true;
    this.token = null;
    this.user = null;
  }

  auth(online: boolean): AuthState {
    const state = this.user === null ? 'signed-out' : this.token === null && !online ? 'offline' : 'signed-in';
    return { state, problem: null, tokensPersisted: false };
  }
}
