import { z } from 'zod';
import type { Role } from '../../../shared/domain';
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

/** How the core gets tokens: the emulator's sandbox sign-in now, Microsoft Entra ID (MSAL) next. */
export interface SignIn {
  /** Who is signed in (or was, last time: kept while offline). */
  user: SignedInUser | null;
  signIn(): Promise<SignedInUser>;
  getAccessToken(): Promise<string>;
}

/** A profile without a sign-in method yet: works offline with its cache, sends nothing. */
export class NoSignIn implements SignIn {
  user: SignedInUser | null = null;
  constructor(private readonly reason: string) {}
  signIn(): Promise<SignedInUser> {
    return Promise.reject(new Error(this.reason));
  }
  getAccessToken(): Promise<string> {
    return Promise.reject(new Error(this.reason));
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
    if (!this.token) await this.signIn();
    if (!this.token) throw new Error('Not signed in.');
    return this.token;
  }
}
