import { z } from 'zod';
import { confirmationMethodOf, roleSchema, type Session } from '../../../shared/domain';
import { AppFailure } from '../app-failure';
import { iso } from '../clock';
import type { ProfileParts } from '../compose';

/** Who is signed in on a profile, what they may do, and signing in and out. */

/** The account last signed in on this profile (shown while offline), kept in its database. */
export const REMEMBERED_USER_KEY = 'user';
export const rememberedUserSchema = z.object({ displayName: z.string(), role: roleSchema, userId: z.string() });

const CONFIRM_ROLES = new Set(['AdminAgent', 'SalesAgent']);

type SessionParts = Pick<ProfileParts, 'profile' | 'signIn' | 'connectivity' | 'customers' | 'locale'> & { webApp?: ProfileParts['webApp'] };

export function sessionOf(p: SessionParts): Session {
  const user = p.signIn.user;
  const mcaAvailable = p.profile.cloud === 'public';
  const readOnlyReason: Session['readOnlyReason'] = !mcaAvailable ? 'cloud' : !user ? 'signed-out' : !CONFIRM_ROLES.has(user.role) ? 'role' : null;
  return {
    profile: p.profile,
    user: user ? { displayName: user.displayName, role: user.role } : null,
    mcaAvailable,
    canConfirm: readOnlyReason === null,
    readOnlyReason,
    auth: p.signIn.auth(p.connectivity.online),
    confirmationMethod: confirmationMethodOf(p.profile),
    appCredential: p.webApp?.state(p.profile.webAppId) ?? { state: 'missing', webAppId: p.profile.webAppId, kind: null, persisted: false },
    locale: p.locale,
    cachedCustomers: p.customers.count(),
  };
}

/** Only Admin agents and Sales agents may confirm, request, order, or act on the queue; public cloud only. */
export function requireMayConfirm(p: SessionParts): void {
  const session = sessionOf(p);
  if (session.readOnlyReason === 'cloud') throw new AppFailure('forbidden', 'error.mca-unavailable');
  if (!session.canConfirm) throw new AppFailure('forbidden', 'error.forbidden', undefined, { role: session.user?.role ?? 'signed out' });
}

/** How the audit log names the operator. */
export function actorOf(p: Pick<ProfileParts, 'signIn'>): string {
  return `operator:${p.signIn.user?.displayName ?? 'unknown'}`;
}

/** Appends an operator action to the audit log, as the operator signed in now. */
export function auditOperator(p: Pick<ProfileParts, 'audit' | 'clock' | 'signIn'>, action: string, details?: Record<string, unknown>, subject?: string): void {
  p.audit.append({ at: iso(p.clock.now()), actor: actorOf(p), action, ...(subject ? { subject } : {}), ...(details ? { details } : {}) });
}

export function createSessionFeature(p: SessionParts & Pick<ProfileParts, 'meta' | 'audit' | 'clock' | 'engine' | 'emit'>, hooks: { signedIn: () => void }) {
  const announce = () => {
    const session = sessionOf(p);
    p.emit('sessionChanged', session);
    return session;
  };
  return {
    getSession: () => sessionOf(p),
    /**
     * Interactive sign-in; a refusal (cancelled, timed out, MFA missing) is a typed error in plain
     * words, and the session's auth state keeps the reason for the banner.
     */
    signIn: async () => {
      const user = await p.signIn.signIn();
      p.meta.set(REMEMBERED_USER_KEY, user);
      auditOperator(p, 'operator.sign-in', { role: user.role });
      p.engine.signedIn();
      hooks.signedIn();
      return announce();
    },
    cancelSignIn: () => ({ cancelled: p.signIn.cancel() }),
    signOut: async () => {
      auditOperator(p, 'operator.sign-out');
      await p.signIn.signOut();
      p.meta.delete(REMEMBERED_USER_KEY);
      return announce();
    },
  };
}
