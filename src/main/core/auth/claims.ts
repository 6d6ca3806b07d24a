/**
 * Reading what a token says about its user: MFA (`amr`), role, name. The tokens were validated
 * by MSAL (id token) or are opaque to us by contract (access token: Partner Center validates it);
 * the app only reads them to refuse early and to show who is signed in.
 */
import { roleSchema, type Role } from '../../../shared/domain';

export type TokenClaims = Record<string, unknown>;

/** The payload of a JWT, or null when the token is not a readable JWT. */
export function decodeJwtClaims(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/**
 * Whether the sign-in used multi-factor authentication: `mfa` among the `amr` (authentication
 * methods references) values, as Microsoft's MCA bulk attestation tool checks before calling
 * Partner Center. No `amr` at all counts as no MFA.
 */
export function hasMfa(claims: TokenClaims | null): boolean {
  return strings(claims?.['amr']).some((method) => method.toLowerCase() === 'mfa');
}

/** A translation key (src/shared/i18n/en/errors.ts); the shells word it for the operator. */
export const MFA_REQUIRED_MESSAGE = 'error.auth.mfaRequired';

/** Entra ID directory role template ids (`wids` claim) that map to Partner Center roles. */
const DIRECTORY_ROLES: Record<string, Role> = {
  '62e90394-69f5-4237-9190-012177145e10': 'GlobalAdmin', // Global Administrator
  'b0f54661-2d74-4c50-afa3-1ec803f12efe': 'BillingAdmin', // Billing Administrator
};

/** Most to least privileged: when a token names several roles, the strongest wins. */
const ORDER: readonly Role[] = ['AdminAgent', 'SalesAgent', 'GlobalAdmin', 'BillingAdmin', 'HelpdeskAgent'];

/**
 * The Partner Center role a token names, or null. The emulator puts it in `roles` (documented in
 * src/emulator/README.md). Real Partner Center tokens do not carry Admin/Sales/Helpdesk agent
 * (those are memberships of the partner tenant's AdminAgents/SalesAgents/HelpdeskAgents groups);
 * only directory roles in `wids` can be read from them; the agent roles come from Microsoft Graph
 * (./graph.ts).
 */
export function roleFromClaims(claims: TokenClaims | null): Role | null {
  const found = new Set<Role>();
  for (const value of strings(claims?.['roles'])) {
    const parsed = roleSchema.safeParse(value);
    if (parsed.success) found.add(parsed.data);
  }
  for (const wid of strings(claims?.['wids'])) {
    const role = DIRECTORY_ROLES[wid.toLowerCase()];
    if (role) found.add(role);
  }
  return ORDER.find((role) => found.has(role)) ?? null;
}

/** Whether the token carries the emulator-only `roles` claim (real Entra tokens do not). */
export function hasRolesClaim(claims: TokenClaims | null): boolean {
  return strings(claims?.['roles']).some((value) => roleSchema.safeParse(value).success);
}

/** The directory role (`wids`) alone: Global admin or Billing admin, or null. */
export function widsRoleFromClaims(claims: TokenClaims | null): Role | null {
  return roleFromClaims(claims ? { wids: claims['wids'] } : null);
}

export function displayNameFromClaims(claims: TokenClaims | null, fallback: string): string {
  for (const key of ['name', 'preferred_username', 'upn', 'email']) {
    const value = claims?.[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return fallback;
}

export function userIdFromClaims(claims: TokenClaims | null, fallback: string): string {
  const oid = claims?.['oid'] ?? claims?.['sub'];
  return typeof oid === 'string' && oid ? oid : fallback;
}
