import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BUILT_IN_PROFILE_ID, BUILT_IN_PROFILE_NAME, profileSchema, type Cloud, type Profile } from '../../shared/domain';
import { languageChoices, type LanguageChoice } from '../../shared/i18n';
import { newId } from './clock';
import { ensurePrivateDir, writePrivateFile } from './store/private-files';

/** The profile a fresh install opens on: the built-in emulator, public cloud, sandbox. */
export const builtInSandbox: Profile = {
  id: BUILT_IN_PROFILE_ID,
  name: BUILT_IN_PROFILE_NAME,
  cloud: 'public',
  environment: 'built-in-sandbox',
  isSandbox: true,
  partnerTenant: null,
  sandboxRole: null,
  signInMode: 'automatic',
  clientId: null,
  confirmationMethod: null,
  webAppId: null,
};

/** Partner Center REST base URL per cloud (partner-center-api.md §1.1). */
export const PARTNER_CENTER_URLS: Record<Cloud, string> = {
  public: 'https://api.partnercenter.microsoft.com',
  usgov: 'https://api.partnercenter.microsoft.com',
  germany: 'https://api.partnercenter.microsoft.com',
  china: 'https://partner.partnercenterapi.microsoftonline.cn',
};

/** Each profile has its own database, so switching never mixes data. */
export function profileDatabasePath(dataDir: string, profile: Pick<Profile, 'id'>): string {
  return path.join(dataDir, 'profiles', profile.id, 'mca-desk.db');
}

/** `language`: Settings → Language, for the whole installation (absent in files written before it). */
const fileSchema = z.object({ version: z.literal(1), activeId: z.string(), profiles: z.array(profileSchema), language: z.enum(languageChoices).optional() });
type ProfilesFile = z.infer<typeof fileSchema>;

export type NewProfile = Pick<Profile, 'name' | 'cloud' | 'environment'> & {
  partnerTenant?: string | undefined;
  sandboxRole?: Profile['sandboxRole'] | undefined;
  signInMode?: Profile['signInMode'] | undefined;
  clientId?: string | undefined;
};

const TENANT = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Raised for a profile request that cannot be done; `key` is a translation key. */
export class ProfileError extends Error {
  constructor(
    readonly key: string,
    readonly field: string | null,
    readonly params: Record<string, string> = {},
  ) {
    super(key);
    this.name = 'ProfileError';
  }
}

/**
 * The profiles of this installation and which one is active, in `<data-dir>/profiles.json`
 * (written whole, 0600: store/private-files.ts). A file that
 * cannot be read is set aside, not overwritten, and the built-in sandbox opens.
 */
export class ProfileRegistry {
  private readonly file: string;
  private state: ProfilesFile;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'profiles.json');
    this.state = this.read();
  }

  private read(): ProfilesFile {
    const fresh: ProfilesFile = { version: 1, activeId: builtInSandbox.id, profiles: [builtInSandbox] };
    if (!fs.existsSync(this.file)) return fresh;
    try {
      const parsed = fileSchema.parse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      if (!parsed.profiles.some((p) => p.id === builtInSandbox.id)) parsed.profiles.unshift(builtInSandbox);
      if (!parsed.profiles.some((p) => p.id === parsed.activeId)) parsed.activeId = builtInSandbox.id;
      return parsed;
    } catch {
      fs.renameSync(this.file, `${this.file}.unreadable-${Date.now()}`);
      return fresh;
    }
  }

  private write(): void {
    ensurePrivateDir(path.dirname(this.file));
    writePrivateFile(this.file, JSON.stringify(this.state, null, 2));
  }

  list(): Profile[] {
    return [...this.state.profiles];
  }

  /** Settings → Language: the installation's choice ("system" until one is made). */
  language(): LanguageChoice {
    return this.state.language ?? 'system';
  }

  setLanguage(language: LanguageChoice): void {
    this.state = { ...this.state, language };
    this.write();
  }

  active(): Profile {
    return this.get(this.state.activeId) ?? builtInSandbox;
  }

  get(id: string): Profile | null {
    return this.state.profiles.find((p) => p.id === id) ?? null;
  }

  create(input: NewProfile): Profile {
    const builtIn = input.environment === 'built-in-sandbox';
    const tenant = input.partnerTenant?.trim() ?? '';
    if (!builtIn && !tenant) throw new ProfileError('validation.partnerTenant.required', 'partnerTenant');
    if (!builtIn && !TENANT.test(tenant)) throw new ProfileError('validation.partnerTenant.invalid', 'partnerTenant');
    const name = input.name.trim();
    if (this.state.profiles.some((p) => p.name.toLowerCase() === name.toLowerCase())) throw new ProfileError('error.profile.nameTaken', 'name', { name });
    const slug = name.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 24) || 'profile';
    const profile: Profile = {
      id: `${slug}-${newId().slice(0, 8)}`,
      name,
      cloud: input.cloud,
      environment: input.environment,
      isSandbox: input.environment !== 'production',
      partnerTenant: builtIn ? null : tenant.toLowerCase(),
      sandboxRole: builtIn ? (input.sandboxRole ?? 'AdminAgent') : null,
      // Real Partner Center accounts sign in with Entra ID; a built-in sandbox may try it too.
      signInMode: builtIn ? (input.signInMode ?? 'automatic') : 'entra',
      clientId: input.clientId?.toLowerCase() ?? null,
      confirmationMethod: null,
      webAppId: null,
    };
    this.state.profiles.push(profile);
    this.write();
    return profile;
  }

  /** Changes settings of a profile (not its identity: cloud, environment, tenant). */
  update(id: string, change: Partial<Pick<Profile, 'confirmationMethod' | 'webAppId'>>): Profile {
    const index = this.state.profiles.findIndex((p) => p.id === id);
    if (index < 0) throw new ProfileError('error.profile.notFound', null, { id });
    const updated = profileSchema.parse({ ...this.state.profiles[index], ...change });
    this.state.profiles[index] = updated;
    this.write();
    return updated;
  }

  setActive(id: string): Profile {
    const profile = this.get(id);
    if (!profile) throw new ProfileError('error.profile.notFound', null, { id });
    this.state.activeId = id;
    this.write();
    return profile;
  }
}

/**
 * How the shells start the emulator of a built-in sandbox profile: its own seed, its cloud, the
 * role of its sandbox user, and the identity provider when it signs in through Entra ID.
 */
export function builtInEmulatorOptions(profile: Profile): { seed: number; cloud: Cloud; role: NonNullable<Profile['sandboxRole']>; oidc: boolean } {
  return { seed: sandboxSeed(profile), cloud: profile.cloud, role: profile.sandboxRole ?? 'AdminAgent', oidc: profile.signInMode === 'entra' };
}

/** Deterministic emulator seed per built-in profile: the default sandbox keeps seed 1. */
function sandboxSeed(profile: Profile): number {
  if (profile.id === builtInSandbox.id) return 1;
  let hash = 0;
  for (const char of profile.id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return Math.abs(hash) % 1_000_000 + 2;
}
