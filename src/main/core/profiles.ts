import path from 'node:path';
import type { Session } from '../../shared/domain';

export type Profile = Session['profile'];

/** The profile a fresh install opens on: the built-in emulator, public cloud, sandbox. */
export const builtInSandbox: Profile = {
  id: 'sandbox',
  name: 'Built-in sandbox',
  cloud: 'public',
  environment: 'built-in-sandbox',
  isSandbox: true,
};

/** Each profile has its own database, so switching never mixes data. */
export function profileDatabasePath(dataDir: string, profile: Profile): string {
  return path.join(dataDir, 'profiles', profile.id, 'mca-desk.db');
}
