import { z } from 'zod';
import type { AuthState } from '../../../shared/domain';
import { roleSchema } from '../../../shared/domain';
import { SignInError, type SignedInUser, type SignIn } from './sign-in';

const tokenResponseSchema = z.object({
  accessToken: z.string().min(1),
  role: roleSchema,
  userId: z.string(),
  displayName: z.string(),
});

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
    private readonly role: SignedInUser['role'] | null = null,
  ) {}

  async signIn(): Promise<SignedInUser> {
    this.signedOut = false;
    const response = await fetch(new URL('/_emulator/token', this.emulatorUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.role ? { role: this.role } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new SignInError('failed', 'error.auth.sandboxRefused', 'forbidden', { status: String(response.status) });
    const body = tokenResponseSchema.parse(await response.json());
    this.token = body.accessToken;
    this.user = { displayName: body.displayName, role: body.role, userId: body.userId };
    return this.user;
  }

  async getAccessToken(): Promise<string> {
    if (this.signedOut) throw new SignInError('failed', 'error.auth.needed', 'forbidden');
    if (!this.token) await this.signIn();
    if (!this.token) throw new SignInError('failed', 'error.auth.needed', 'forbidden');
    return this.token;
  }

  private signedOut = false;

  /** At start: sign in at once; with no answer (offline), keep working as the account remembered. */
  async start(remembered: SignedInUser | null): Promise<void> {
    try {
      await this.signIn();
    } catch {
      this.user = remembered;
    }
  }

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
