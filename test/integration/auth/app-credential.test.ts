/**
 * App credentials against the real emulator: its opaque app-only token, and MSAL's
 * ConfidentialClientApplication against its identity provider (HTTPS, pinned certificate) with a
 * secret and with a certificate; the refusals in plain words; keys kept out of SQLite and errors.
 */
import fs from 'node:fs';
import { credentialFailure, visibleText } from '../../helpers/errors';
import { partnerCenterAt } from '../../../src/shells/partner-center';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WEB_APP_ID, startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { startAppCore } from '../../../src/main/core/app-core';
import { decodeJwtClaims } from '../../../src/main/core/auth/claims';
import {
  AppCredentialError,
  AppKeyStore,
  appTokenForPartnerCenter,
  authorityFor,
  EmulatorAppCredential,
  emulatorWebApp,
  MemorySecretStore,
  MsalAppCredential,
  msalAppCredentialFromKey,
  type AppCredential,
  type EmulatorWebApp,
} from '../../../src/main/core/auth/index';
import { createAttestationClient, PartnerCenterError, type CreateAttestationInput } from '../../../src/main/core/partner-center/index';
import { profileDatabasePath } from '../../../src/main/core/profiles';
import type { Session } from '../../../src/shared/domain';
import { localToday } from '../../../src/shared/validation';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';
import { clientCertificate } from '../emulator/identity';

let emu: Emulator;
let idp: EmulatorWebApp;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, customers: 20 });
});
afterAll(() => emu?.close());
beforeEach(async () => {
  await emulatorAdmin(emu.url, 'reset', {});
  idp = (await emulatorWebApp(emu.url))!;
});

const grants = async () => ((await emulatorAdmin(emu.url, 'oidc')) as { clientCredentialGrants: number }).clientCredentialGrants;

const attestationInput: CreateAttestationInput = {
  customerId: WELL_KNOWN[0]!.id,
  country: 'FR',
  language: 'fr-FR',
  companyName: WELL_KNOWN[0]!.companyName,
  signatory: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com' },
};

/** The credential's token creates an attestation (app-only) and is refused on an App+User-only read. */
async function expectAppOnlyToken(credential: AppCredential): Promise<void> {
  const client = createAttestationClient({ baseUrl: emu.url, getAppToken: appTokenForPartnerCenter(credential) });
  expect((await client.createAttestation(attestationInput)).status).toBe('pending');
  const token = await credential.getAppToken();
  const userOnly = await fetch(`${emu.url}/v1/agreements?agreementType=MicrosoftCustomerAgreement`, { headers: { authorization: `Bearer ${token}` } });
  expect(userOnly.status).toBe(403);
}

async function registerWebApp(certificatePem?: string) {
  return (await emulatorAdmin(emu.url, 'oidc/web-apps', certificatePem ? { certificatePem } : {})) as {
    clientId: string;
    clientSecret: string;
    certificate?: { thumbprintSha256: string };
  };
}

describe('EmulatorAppCredential', () => {
  it('gets the default web app’s opaque app-only token once and keeps it; invalidate() gets a new one', async () => {
    let tokenCalls = 0;
    const counting: typeof globalThis.fetch = (url, init) => {
      if (String(url).endsWith('/_emulator/token')) tokenCalls += 1;
      return fetch(url, init);
    };
    const credential = new EmulatorAppCredential(emu.url, counting);
    await expectAppOnlyToken(credential);
    const first = await credential.getAppToken();
    expect(first).toMatch(/^emu\./);
    expect(tokenCalls).toBe(1);
    credential.invalidate();
    const second = await credential.getAppToken();
    expect(tokenCalls).toBe(2);
    expect(second).not.toBe(first);
    // the old one is still good: the emulator's opaque tokens do not expire
    expect((await fetch(`${emu.url}/v1/customers?size=1`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(200);
  });
});

describe('emulatorWebApp', () => {
  it('tells the identity provider, its certificate, the sandbox tenant and the default web app', () => {
    expect(idp).toMatchObject({
      identityProvider: { url: emu.oidc!.url, ca: emu.oidc!.ca },
      tenantId: emu.oidc!.tenantId,
      webApp: { clientId: DEFAULT_WEB_APP_ID, clientSecret: expect.stringMatching(/8Q~/) },
      authority: { authority: `${emu.oidc!.url}/${emu.oidc!.tenantId}` },
    });
  });

  it('is null for an emulator without identity provider; unreachable when nothing listens', async () => {
    const bare = await startEmulator({ port: 0, customers: 1, oidc: false });
    try {
      expect(await emulatorWebApp(bare.url)).toBeNull();
    } finally {
      await bare.close();
    }
    expect(await credentialFailure(emulatorWebApp(`http://127.0.0.1:${await closedPort()}`))).toMatchObject({ problem: 'unreachable' });
  });
});

/** A loopback port nothing listens on (a server opened and closed again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('MsalAppCredential against the emulator’s identity provider', () => {
  it('secret: an app-only JWT, served from MSAL’s memory cache until invalidate()', async () => {
    const credential = new MsalAppCredential({ authority: idp.authority, clientId: idp.webApp.clientId, credential: { secret: idp.webApp.clientSecret }, ca: idp.identityProvider.ca });
    const before = await grants();
    // callers asking together share one redemption
    const [token, same] = await Promise.all([credential.getAppToken(), credential.getAppToken()]);
    expect(same).toBe(token);
    expect(decodeJwtClaims(token)).toMatchObject({ aud: 'https://api.partnercenter.microsoft.com', appid: DEFAULT_WEB_APP_ID, idtyp: 'app', azpacr: '1', tid: emu.oidc!.tenantId });
    expect(await grants()).toBe(before + 1);
    await expectAppOnlyToken(credential);
    expect(await grants()).toBe(before + 1);
    credential.invalidate();
    await credential.getAppToken();
    expect(await grants()).toBe(before + 2);
  });

  it('certificate: two token fetches in a row both work when tokens are short-lived (a new assertion each time)', async () => {
    const cert = clientCertificate();
    const app = await registerWebApp(cert.certificatePem);
    await emulatorAdmin(emu.url, 'oidc/lifetime', { accessTokenSeconds: 60 });
    const credential = new MsalAppCredential({
      authority: idp.authority,
      clientId: app.clientId,
      credential: { certificate: { privateKeyPem: cert.privateKeyPem, thumbprintSha256: app.certificate!.thumbprintSha256 } },
      ca: idp.identityProvider.ca,
    });
    const before = await grants();
    const first = await credential.getAppToken();
    const second = await credential.getAppToken();
    // MSAL renews a token 5 minutes before it expires: each call redeemed, and the emulator (which
    // refuses a reused assertion jti, AADSTS7000274) accepted both
    expect(await grants()).toBe(before + 2);
    for (const token of [first, second]) {
      expect(decodeJwtClaims(token)).toMatchObject({ appid: app.clientId, azpacr: '2', idtyp: 'app' });
      expect((await fetch(`${emu.url}/v1/customers?size=1`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    await expectAppOnlyToken(credential);
  });

  it('certificate with its chain as x5c works too', async () => {
    const cert = clientCertificate();
    const app = await registerWebApp(cert.certificatePem);
    const credential = new MsalAppCredential({
      authority: idp.authority,
      clientId: app.clientId,
      credential: { certificate: { privateKeyPem: cert.privateKeyPem, thumbprintSha256: app.certificate!.thumbprintSha256, x5c: cert.certificatePem } },
      ca: idp.identityProvider.ca,
    });
    expect(decodeJwtClaims(await credential.getAppToken())).toMatchObject({ appid: app.clientId, azpacr: '2' });
  });

  it('a wrong secret, an unknown app, an unregistered certificate: invalid, in plain words, the key never shown', async () => {
    const wrongSecret = `${idp.webApp.clientSecret}x`;
    const wrong = await credentialFailure(new MsalAppCredential({ authority: idp.authority, clientId: idp.webApp.clientId, credential: { secret: wrongSecret }, ca: idp.identityProvider.ca }).getAppToken());
    expect(wrong).toMatchObject({ problem: 'invalid', message: 'error.appCredential.wrongSecret', code: 'forbidden' });
    expect(visibleText(wrong)).toMatch(/AADSTS7000215/);
    expect(visibleText(wrong)).not.toContain(wrongSecret);
    expect(visibleText(wrong)).not.toContain(idp.webApp.clientSecret);

    const unknownId = '0f0f0f0f-1111-4222-8333-444444444444';
    const unknown = await credentialFailure(new MsalAppCredential({ authority: idp.authority, clientId: unknownId, credential: { secret: idp.webApp.clientSecret }, ca: idp.identityProvider.ca }).getAppToken());
    expect(unknown).toMatchObject({ problem: 'invalid', message: 'error.appCredential.unknownApp', params: { clientId: unknownId } });
    expect(visibleText(unknown)).not.toContain(idp.webApp.clientSecret);

    const registered = clientCertificate();
    const app = await registerWebApp(registered.certificatePem);
    const other = clientCertificate();
    const unregistered = await credentialFailure(
      new MsalAppCredential({
        authority: idp.authority,
        clientId: app.clientId,
        credential: { certificate: { privateKeyPem: other.privateKeyPem, thumbprintSha256: app.certificate!.thumbprintSha256 } },
        ca: idp.identityProvider.ca,
      }).getAppToken(),
    );
    expect(unregistered).toMatchObject({ problem: 'invalid', message: 'error.appCredential.wrongCertificate' });
    expect(visibleText(unregistered)).not.toContain(other.privateKeyPem.split('\n')[1]);
  });

  it('an identity provider that does not answer is unreachable; the attestation client sees a retryable network error', async () => {
    const authority = authorityFor({ cloud: 'public', partnerTenant: emu.oidc!.tenantId }, `https://127.0.0.1:${await closedPort()}`);
    const credential = new MsalAppCredential({ authority, clientId: idp.webApp.clientId, credential: { secret: idp.webApp.clientSecret }, ca: idp.identityProvider.ca });
    expect(await credentialFailure(credential.getAppToken())).toMatchObject({ problem: 'unreachable', message: 'error.appCredential.unreachable', code: 'offline' });
    const client = createAttestationClient({ baseUrl: emu.url, getAppToken: appTokenForPartnerCenter(credential) });
    const error = await client.createAttestation(attestationInput).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ kind: 'network', retryable: true, signInNeeded: false });
  });
});

describe('the web app key in a profile', () => {
  const cores: Awaited<ReturnType<typeof startAppCore>>[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  it('lives in the SecretStore only: never in the profile’s folder or SQLite files, nor in error messages', async () => {
    const dataDir = tempDir();
    const core = await startAppCore({ dataDir, partnerCenter: partnerCenterAt(emu.url), probeIntervalMs: 100, sync: { backoffBaseMs: 20, backoffCapMs: 200 } });
    cores.push(core);
    await vi.waitFor(async () => {
      const session = await core.dispatch('getSession', {});
      expect(session.ok && (session.value as Session).cachedCustomers).toBe(20);
    }, { timeout: 10_000 });

    const secretApp = await registerWebApp();
    const cert = clientCertificate();
    const certApp = await registerWebApp(cert.certificatePem);
    const secrets: string[] = [secretApp.clientSecret, ...cert.privateKeyPem.split('\n').filter((line) => line.length > 40).slice(0, 3)];

    const keys = new AppKeyStore(new MemorySecretStore('os'));
    expect(keys.persisted).toBe(true);
    const seenErrors: unknown[] = [];
    for (const key of [
      { clientId: secretApp.clientId, secret: secretApp.clientSecret },
      { clientId: certApp.clientId, certificate: { privateKeyPem: cert.privateKeyPem, thumbprintSha256: certApp.certificate!.thumbprintSha256 } },
    ]) {
      await keys.save(key);
      const loaded = (await keys.load())!;
      const credential = msalAppCredentialFromKey(loaded, { authority: idp.authority, ca: idp.identityProvider.ca });
      await expectAppOnlyToken(credential);
      secrets.push(await credential.getAppToken());
      // the same key with the wrong app id: refused, and the refusal does not carry the key
      const misfiled = msalAppCredentialFromKey({ ...loaded, clientId: loaded.clientId === secretApp.clientId ? certApp.clientId : secretApp.clientId }, { authority: idp.authority, ca: idp.identityProvider.ca });
      seenErrors.push(await credentialFailure(misfiled.getAppToken()));
      seenErrors.push(await credentialFailure(keys.save({ ...loaded, clientId: '' })));
    }
    // the core writes its own things meanwhile (an acceptance confirmed, sent, logged)
    const confirmed = await core.dispatch('confirmAcceptance', {
      customerId: WELL_KNOWN[0]!.id,
      acceptance: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '', dateAgreed: localToday() },
    });
    expect(confirmed.ok).toBe(true);

    for (const error of seenErrors) for (const secret of secrets) expect(visibleText(error).includes(secret)).toBe(false);

    core.internals.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbPath = profileDatabasePath(dataDir, core.internals.profile);
    expect(fs.existsSync(dbPath)).toBe(true);
    const files = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dataDir, f)).filter((f) => fs.statSync(f).isFile());
    expect(files).toContain(dbPath);
    const everything = files.map((f) => fs.readFileSync(f).toString('latin1')).join('\n');
    for (const secret of secrets) {
      expect(everything.includes(secret)).toBe(false);
      expect(everything.includes(secret.slice(0, 24))).toBe(false);
    }
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
  });
});
