import { startEmulator } from '../emulator/index';
import type { PartnerCenterEndpoint } from '../main/core/app-core-types';
import { builtInEmulatorOptions, PARTNER_CENTER_URLS } from '../main/core/profiles';
import type { Profile } from '../shared/domain';

/**
 * What the three shells (Electron main, browser host, CLI) share: where each profile's Partner
 * Center is. A real profile talks to its cloud's Partner Center; a built-in sandbox profile to the
 * emulator given (`--emulator URL`), else to an emulator started here, in-process, for as long as
 * the profile is open. The core never starts an emulator: it is handed the URL.
 */
export function partnerCenterFor(options: { emulatorUrl?: string | undefined; emulatorCustomers?: number } = {}): (profile: Profile) => Promise<PartnerCenterEndpoint> {
  return async (profile) => {
    if (profile.environment !== 'built-in-sandbox') return endpointAt(PARTNER_CENTER_URLS[profile.cloud]);
    if (options.emulatorUrl) return endpointAt(options.emulatorUrl);
    const emulator = await startEmulator({ port: 0, customers: options.emulatorCustomers ?? 300, ...builtInEmulatorOptions(profile) });
    return { url: emulator.url, close: () => emulator.close() };
  };
}

/** A Partner Center somebody else started and stops (an emulator of a test or a script). */
export function endpointAt(url: string): PartnerCenterEndpoint {
  return { url, close: async () => undefined };
}

/** That one Partner Center for every profile. */
export function partnerCenterAt(url: string): () => Promise<PartnerCenterEndpoint> {
  return async () => endpointAt(url);
}
