import { afterEach, describe, expect, it } from 'vitest';
import { startAppCore } from '../../../src/main/core/app-core';
import { emulatorWebApp } from '../../../src/main/core/auth/app-credential';
import { ProfileRegistry } from '../../../src/main/core/profiles';
import { signInPageOpener, signInPageToOpen } from '../../../src/main/policy';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import type { Core } from '../../helpers/core-call';
import { tempDir } from '../../helpers/temp-dir';

/*
 * The sign-in page the real core asks the Electron shell to open (MSAL against the built-in
 * sandbox's identity provider, over HTTPS on loopback), through the shell's own allow-rule: the
 * core names the profile's authority, and the page MSAL built is on it. The "browser" only
 * records and declines, so the sign-in ends at once.
 */

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

function entraSandboxDir(): string {
  const dataDir = tempDir();
  const registry = new ProfileRegistry(dataDir);
  const profile = registry.create({ name: 'Sandbox via Entra', cloud: 'public', environment: 'built-in-sandbox', signInMode: 'entra' });
  registry.setActive(profile.id);
  return dataDir;
}

describe('the sign-in page, from the core to the shell', () => {
  it("is on the profile's authority (the emulator's identity provider), which the shell's rule lets through", async () => {
    const asked: { url: string; authority: string }[] = [];
    const opened: string[] = [];
    const opener = signInPageOpener(async (url) => {
      opened.push(url);
      throw new Error('declined by the test');
    });
    const core = await startAppCore({
      dataDir: entraSandboxDir(),
      partnerCenter: partnerCenterFor({ emulatorCustomers: 5 }),
      shell: {
        openExternal: (url, signIn) => {
          asked.push({ url, authority: signIn.authority });
          return opener(url, signIn);
        },
      },
    });
    cores.push(core);

    expect(await core.dispatch('signIn', {})).toMatchObject({ ok: false });
    const idp = (await emulatorWebApp(core.internals.partnerCenterUrl!))!.identityProvider.url;
    expect(asked).toHaveLength(1);
    const [{ url, authority }] = asked as [{ url: string; authority: string }];
    expect(new URL(authority).origin).toBe(new URL(idp).origin);
    expect(new URL(url).pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
    expect(signInPageToOpen(url, authority)).toBe(url);
    expect(opened).toEqual([url]);
    // The same page for a profile of the public cloud is refused: the host is the profile's.
    expect(signInPageToOpen(url, 'https://login.microsoftonline.com/contoso.onmicrosoft.com')).toBeNull();
  });
});
