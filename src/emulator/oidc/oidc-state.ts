/** What the emulator's identity provider remembers: pending sign-ins, codes, refresh tokens, controls. */
import { randomBytes } from 'node:crypto';
import type { EmulatorRole } from '../state';
import { WebApps } from './web-apps';

export interface OidcControls {
  /** Lifetime of access and id tokens (POST /_emulator/oidc/lifetime). Default one hour. */
  accessTokenSeconds: number;
  /** Whether tokens carry `mfa` in `amr` (POST /_emulator/oidc/mfa). Default on. */
  mfa: boolean;
  /**
   * Whether tokens carry the emulator-only `roles` claim (POST /_emulator/oidc/roles-claim).
   * Default on; off, the app takes a real tenant's path and reads the role from Graph.
   */
  rolesClaim: boolean;
  /** Whether Graph answers `/v1.0/me/memberOf` (POST /_emulator/oidc/graph); off: 403. Default on. */
  graph: boolean;
}

const defaultControls = (): OidcControls => ({ accessTokenSeconds: DEFAULT_ACCESS_TOKEN_SECONDS, mfa: true, rolesClaim: true, graph: true });

export interface AuthorizeRequest {
  tenant: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | null;
  nonce: string | null;
  codeChallenge: string;
  createdAt: number;
}

export interface Grant {
  tenant: string;
  clientId: string;
  scope: string;
  userId: string;
  role: EmulatorRole;
  nonce: string | null;
  /** Authorization codes only. */
  redirectUri?: string;
  codeChallenge?: string;
  expiresAt: number;
}

export const DEFAULT_ACCESS_TOKEN_SECONDS = 3600;
export const CODE_TTL_MS = 5 * 60_000;
export const REFRESH_TTL_MS = 90 * 86_400_000;

export class OidcState {
  controls: OidcControls = defaultControls();
  /** Graph `memberOf` requests answered or refused (for tests). */
  graphCalls = 0;
  /** Sign-in pages shown and not answered yet, by their id. */
  pending = new Map<string, AuthorizeRequest>();
  codes = new Map<string, Grant>();
  refreshTokens = new Map<string, Grant>();
  /** Refresh-token redemptions, refused ones included (for tests). */
  refreshes = 0;
  /** Confidential clients (web apps); reset keeps the default one and its secret. */
  readonly webApps = new WebApps();
  /** Client-credentials token requests, refused ones included (for tests). */
  clientCredentialGrants = 0;
  /** Where the provider listens and the certificate to trust (GET /_emulator/oidc). */
  endpoint: { url: string; ca: string; tenantId: string } | null = null;

  reset(): void {
    this.controls = defaultControls();
    this.graphCalls = 0;
    this.pending.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.refreshes = 0;
    this.webApps.reset();
    this.clientCredentialGrants = 0;
  }

  /** Every refresh token issued so far stops working (as after "Revoke sessions" in Entra). */
  revokeAll(): number {
    const count = this.refreshTokens.size;
    this.refreshTokens.clear();
    return count;
  }

  snapshot(): Record<string, unknown> {
    return { ...this.controls, refreshTokens: this.refreshTokens.size, refreshes: this.refreshes, clientCredentialGrants: this.clientCredentialGrants, graphCalls: this.graphCalls, url: this.endpoint?.url ?? null };
  }
}

export const opaque = (bytes = 32) => randomBytes(bytes).toString('base64url');
