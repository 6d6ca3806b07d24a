import type { ConfirmationMethod } from '../../../shared/domain';
import type { LanguageChoice } from '../../../shared/i18n';
import type { ProfileParts } from '../compose';
import type { NewProfile, ProfileRegistry } from '../profiles';
import { auditOperator, requireMayConfirm, sessionOf } from './session';

/**
 * Setting up a profile's web app may come before the first sign-in; only a signed-in role that
 * may not confirm (and clouds without the agreement) are refused.
 */
function requireMaySetUp(p: ProfileParts): void {
  if (sessionOf(p).readOnlyReason !== 'signed-out') requireMayConfirm(p);
}

/** The profiles of this installation: list, create, switch, and a profile's settings. */
export function createProfilesFeature(deps: {
  registry: ProfileRegistry;
  /** The open profile's parts (they change on every switch). */
  current: () => ProfileParts;
  /** Closes the open profile and opens another. */
  switchTo: (profileId: string) => Promise<ProfileParts>;
  /** What "System" means for this run: the OS's locale, or the shell's --lang. */
  systemLocale: string;
  /** The installation's language changed: the core speaks it from the next call on. */
  languageChanged: () => void;
}) {
  const { registry } = deps;
  const announce = (p: ProfileParts) => {
    const session = sessionOf(p);
    p.emit('sessionChanged', session);
    return session;
  };
  return {
    listProfiles: () => ({ profiles: registry.list(), activeId: deps.current().profile.id }),
    createProfile: (input: NewProfile) => {
      const profile = registry.create(input);
      auditOperator(deps.current(), 'operator.profile-created', { name: profile.name, cloud: profile.cloud, environment: profile.environment });
      return profile;
    },
    switchProfile: async ({ profileId }: { profileId: string }) => {
      if (deps.current().profile.id === profileId) return sessionOf(deps.current());
      return announce(await deps.switchTo(profileId));
    },
    getLanguage: () => ({ language: registry.language(), systemLocale: deps.systemLocale }),
    /** Settings → Language, for every profile of this installation; the session announces the new locale. */
    setLanguage: ({ language }: { language: LanguageChoice }) => {
      registry.setLanguage(language);
      deps.languageChanged();
      return announce(deps.current());
    },
    /** "Confirmation method": what the order prompt and the new-customer wizard offer. */
    setConfirmationMethod: ({ method }: { method: ConfirmationMethod }) => {
      const p = deps.current();
      requireMayConfirm(p);
      p.profile = registry.update(p.profile.id, { confirmationMethod: method });
      auditOperator(p, 'operator.confirmation-method', { method });
      return announce(p);
    },
    /** The partner's web app id and key, for acceptance requests; the key goes to the OS-protected store only. */
    setWebAppKey: async ({ webAppId, secret }: { webAppId: string; secret: string }) => {
      const p = deps.current();
      requireMaySetUp(p);
      await p.webApp.save(webAppId, secret);
      p.profile = registry.update(p.profile.id, { webAppId });
      // Who set it and which app; never the key.
      auditOperator(p, 'operator.web-app-key', { webAppId, persisted: p.webApp.state(webAppId).persisted });
      p.engine.appCredentialChanged();
      return announce(p);
    },
    clearWebAppKey: async () => {
      const p = deps.current();
      requireMaySetUp(p);
      await p.webApp.clear();
      p.profile = registry.update(p.profile.id, { webAppId: null });
      auditOperator(p, 'operator.web-app-key-removed');
      p.engine.appCredentialChanged();
      return announce(p);
    },
  };
}
