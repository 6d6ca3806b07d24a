/**
 * The app credential (src/main/core/auth/app-credential.ts) without a server: error meanings,
 * the client assertion, the emulator token's cache, configuration problems found before any
 * request, and the key store.
 */
import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { credentialFailure, visibleText } from '../../helpers/errors';
import { describeFailure } from '../../../src/main/core/app-failure';
import { ClientAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import {
  appCredentialFailure,
  AppCredentialError,
  AppKeyStore,
  appTokenForPartnerCenter,
  authorityFor,
  EmulatorAppCredential,
  emulatorWebApp,
  MemorySecretStore,
  MsalAppCredential,
  msalAppCredentialFromKey,
  signClientAssertion,
  type AppCredential,
  type AppKey,
  type SecretStore,
} from '../../../src/main/core/auth/index';
import { NetworkFailure } from '../../../src/main/core/auth/network';
import { PartnerCenterError } from '../../../src/main/core/partner-center/index';
import { isMessageKey, translate } from '../../../src/shared/i18n';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const SECRET = 'abc8Q~Very-Secret-Value-That-Must-Not-Leak';
const THUMBPRINT = 'A'.repeat(64);
const authority = authorityFor({ cloud: 'public', partnerTenant: 'contoso.onmicrosoft.com' });

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('AppCredentialError', () => {
  it('every message key exists in English and in French, with French words', () => {
    const keys = ['notConfigured', 'noTenant', 'wrongSecret', 'unknownApp', 'wrongCertificate', 'invalid', 'badKey', 'malformed', 'unreachable', 'failed'].map((k) => `error.appCredential.${k}`);
    for (const key of keys) {
      expect(isMessageKey(key), key).toBe(true);
      expect(translate('fr-FR', key), key).not.toBe(translate('en-US', key));
    }
    expect(translate('fr-FR', 'error.appCredential.wrongSecret')).toMatch(/Espace partenaires/);
  });

  it('is the typed failure the UI shows: offline when unreachable, forbidden otherwise', () => {
    const unreachable = new AppCredentialError('unreachable', 'error.appCredential.unreachable');
    expect(describeFailure(unreachable, 'en')).toEqual({ code: 'offline', message: translate('en', 'error.appCredential.unreachable') });
    expect(new AppCredentialError('invalid', 'error.appCredential.wrongSecret').code).toBe('forbidden');
    expect(new AppCredentialError('not-configured', 'error.appCredential.notConfigured').code).toBe('forbidden');
    const cause = new Error('x');
    expect(new AppCredentialError('failed', 'error.appCredential.failed', { message: 'm' }, cause)).toMatchObject({ name: 'AppCredentialError', problem: 'failed', params: { message: 'm' }, cause });
  });
});

describe('what an MSAL failure means', () => {
  const server = (code: string, aadsts: string) => new ServerError(code, 'corr', `Error(s): ${aadsts.replace(/^AADSTS/, '').split(':')[0]} - Description: ${aadsts}`);

  it('a wrong secret, an unknown app, a certificate not registered: invalid, each in its own words', () => {
    expect(appCredentialFailure(server('invalid_client', 'AADSTS7000215: Invalid client secret provided.'), CLIENT_ID)).toMatchObject({ problem: 'invalid', message: 'error.appCredential.wrongSecret' });
    expect(appCredentialFailure(server('unauthorized_client', `AADSTS700016: Application with identifier '${CLIENT_ID}' was not found`), CLIENT_ID)).toMatchObject({
      problem: 'invalid',
      message: 'error.appCredential.unknownApp',
      params: { clientId: CLIENT_ID },
    });
    expect(appCredentialFailure(server('invalid_client', 'AADSTS700027: Client assertion failed signature validation.'), CLIENT_ID)).toMatchObject({ problem: 'invalid', message: 'error.appCredential.wrongCertificate' });
  });

  it('any other invalid_client / unauthorized_client is invalid too, naming its AADSTS code', () => {
    expect(appCredentialFailure(server('invalid_client', 'AADSTS7000222: The provided client secret keys are expired.'), CLIENT_ID)).toMatchObject({
      problem: 'invalid',
      message: 'error.appCredential.invalid',
      params: { reason: 'AADSTS7000222' },
    });
    expect(appCredentialFailure(new ServerError('unauthorized_client', 'corr', 'no code here'), CLIENT_ID)).toMatchObject({ problem: 'invalid', params: { reason: 'unauthorized_client' } });
  });

  it('no answer is unreachable; anything else failed, with MSAL’s message', () => {
    for (const code of ['network_error', 'endpoints_resolution_error', 'openid_config_error', 'no_network_connectivity']) {
      expect(appCredentialFailure(new ClientAuthError(code, 'corr'), CLIENT_ID).problem, code).toBe('unreachable');
    }
    expect(appCredentialFailure(new NetworkFailure('Request timeout'), CLIENT_ID).problem).toBe('unreachable');
    const other = appCredentialFailure(server('invalid_scope', 'AADSTS1002012: The provided value for scope x is not valid.'), CLIENT_ID);
    expect(other).toMatchObject({ problem: 'failed', message: 'error.appCredential.failed', params: { message: expect.stringMatching(/AADSTS1002012/) } });
    const same = new AppCredentialError('invalid', 'error.appCredential.badKey');
    expect(appCredentialFailure(same, CLIENT_ID)).toBe(same);
  });
});

describe('signClientAssertion', () => {
  it('signs PS256 with x5t#S256, claims for the token endpoint, a new jti each time', () => {
    const input = { clientId: CLIENT_ID, privateKey, thumbprintSha256: THUMBPRINT, audience: 'https://login.example/t/oauth2/v2.0/token', now: 1_800_000_000 };
    const first = signClientAssertion(input);
    const second = signClientAssertion(input);
    const [h, p, s] = first.split('.') as [string, string, string];
    const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    expect(decode(h)).toEqual({ alg: 'PS256', typ: 'JWT', 'x5t#S256': Buffer.from(THUMBPRINT, 'hex').toString('base64url') });
    expect(decode(p)).toEqual({ aud: input.audience, iss: CLIENT_ID, sub: CLIENT_ID, jti: expect.stringMatching(/^[0-9a-f-]{36}$/), iat: input.now, nbf: input.now, exp: input.now + 600 });
    const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, Buffer.from(s, 'base64url'));
    expect(ok).toBe(true);
    expect((decode(second.split('.')[1]!) as { jti: string }).jti).not.toBe((decode(p) as { jti: string }).jti);
    const withChain = signClientAssertion({ ...input, x5c: ['MIIB', 'MIIC'] });
    expect(decode(withChain.split('.')[0]!)).toMatchObject({ x5c: ['MIIB', 'MIIC'] });
  });
});

describe('MsalAppCredential configuration problems (no request sent)', () => {
  it('needs one tenant: organizations or common cannot get app-only tokens', async () => {
    for (const tenant of [null, 'organizations', 'Common']) {
      const c = new MsalAppCredential({ authority: authorityFor({ cloud: 'public', partnerTenant: tenant }), clientId: CLIENT_ID, credential: { secret: SECRET } });
      expect(await credentialFailure(c.getAppToken()), String(tenant)).toMatchObject({ problem: 'not-configured', message: 'error.appCredential.noTenant' });
    }
  });

  it('needs an app id and a key', async () => {
    expect(await credentialFailure(new MsalAppCredential({ authority, clientId: ' ', credential: { secret: SECRET } }).getAppToken())).toMatchObject({ problem: 'not-configured' });
    expect(await credentialFailure(new MsalAppCredential({ authority, clientId: CLIENT_ID, credential: { secret: '' } }).getAppToken())).toMatchObject({ problem: 'not-configured' });
  });

  it('a certificate key that is not an RSA PEM, or a thumbprint that is not SHA-256 hex, is invalid; the key is never shown', async () => {
    const garbage = '-----BEGIN PRIVATE KEY-----\nTm90QUtleUF0QWxsU2VjcmV0Qnl0ZXM=\n-----END PRIVATE KEY-----';
    const bad = await credentialFailure(new MsalAppCredential({ authority, clientId: CLIENT_ID, credential: { certificate: { privateKeyPem: garbage, thumbprintSha256: THUMBPRINT } } }).getAppToken());
    expect(bad).toMatchObject({ problem: 'invalid', message: 'error.appCredential.badKey' });
    expect(visibleText(bad)).not.toContain('Tm90QUtleUF0QWxsU2VjcmV0Qnl0ZXM');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(await credentialFailure(new MsalAppCredential({ authority, clientId: CLIENT_ID, credential: { certificate: { privateKeyPem: ec, thumbprintSha256: THUMBPRINT } } }).getAppToken())).toMatchObject({ message: 'error.appCredential.badKey' });
    const sha1 = await credentialFailure(new MsalAppCredential({ authority, clientId: CLIENT_ID, credential: { certificate: { privateKeyPem: PRIVATE_KEY_PEM, thumbprintSha256: 'AB'.repeat(20) } } }).getAppToken());
    expect(sha1).toMatchObject({ problem: 'invalid', message: 'error.appCredential.malformed', params: { fields: 'certificate.thumbprintSha256' } });
    expect(visibleText(sha1)).not.toContain(PRIVATE_KEY_PEM.split('\n')[1]);
  });

  it('tells its kind', () => {
    expect(new MsalAppCredential({ authority, clientId: CLIENT_ID, credential: { secret: SECRET } }).kind).toBe('secret');
    expect(new MsalAppCredential({ authority, clientId: CLIENT_ID, credential: { certificate: { privateKeyPem: PRIVATE_KEY_PEM, thumbprintSha256: THUMBPRINT } } }).kind).toBe('certificate');
    expect(msalAppCredentialFromKey({ clientId: CLIENT_ID, certificate: { privateKeyPem: PRIVATE_KEY_PEM, thumbprintSha256: THUMBPRINT } }, { authority }).kind).toBe('certificate');
    expect(msalAppCredentialFromKey({ clientId: CLIENT_ID, secret: SECRET }, { authority }).kind).toBe('secret');
  });
});

describe('EmulatorAppCredential', () => {
  /** The emulator's token endpoint, answering `answer` (a new token each time by default). */
  function emulator(answer?: () => Response | Promise<Response>) {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async (url, init) => {
      calls += 1;
      expect(String(url)).toBe('http://127.0.0.1:9/_emulator/token');
      expect(init?.method).toBe('POST');
      expect(JSON.parse(String(init?.body))).toEqual({ appOnly: true });
      return answer ? answer() : Response.json({ accessToken: `emu.app.${calls}`, appOnly: true, appId: 'app', servicePrincipalId: 'sp' });
    };
    return { fetch, calls: () => calls };
  }

  it('fetches once, for callers together too, and again after invalidate()', async () => {
    const e = emulator();
    const credential = new EmulatorAppCredential('http://127.0.0.1:9', e.fetch);
    expect(credential.kind).toBe('emulator');
    expect(await Promise.all([credential.getAppToken(), credential.getAppToken()])).toEqual(['emu.app.1', 'emu.app.1']);
    expect(await credential.getAppToken()).toBe('emu.app.1');
    expect(e.calls()).toBe(1);
    credential.invalidate();
    expect(await credential.getAppToken()).toBe('emu.app.2');
    expect(e.calls()).toBe(2);
  });

  it('a token fetched across invalidate() is not kept', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let n = 0;
    const credential = new EmulatorAppCredential('http://127.0.0.1:9', async () => {
      n += 1;
      if (n === 1) await gate;
      return Response.json({ accessToken: `t${n}`, appOnly: true, appId: 'a', servicePrincipalId: 's' });
    });
    const first = credential.getAppToken();
    credential.invalidate();
    release();
    expect(await first).toBe('t1');
    expect(await credential.getAppToken()).toBe('t2');
  });

  it('an HTTP error or a body that is not an app-only token is failed; no answer is unreachable', async () => {
    expect(await credentialFailure(new EmulatorAppCredential('http://127.0.0.1:9', emulator(() => new Response('no', { status: 500 })).fetch).getAppToken())).toMatchObject({ problem: 'failed', params: { message: expect.stringMatching(/HTTP 500/) } });
    expect(await credentialFailure(new EmulatorAppCredential('http://127.0.0.1:9', emulator(() => Response.json({ accessToken: 'x', role: 'AdminAgent' })).fetch).getAppToken())).toMatchObject({ problem: 'failed' });
    expect(await credentialFailure(new EmulatorAppCredential('http://127.0.0.1:9', emulator(() => new Response('{not json')).fetch).getAppToken())).toMatchObject({ problem: 'failed' });
    const down = await credentialFailure(new EmulatorAppCredential('http://127.0.0.1:9', () => Promise.reject(new TypeError('fetch failed'))).getAppToken());
    expect(down).toMatchObject({ problem: 'unreachable', message: 'error.appCredential.unreachable' });
  });
});

describe('appTokenForPartnerCenter', () => {
  const failing = (error: AppCredentialError): AppCredential => ({ kind: 'secret', getAppToken: () => Promise.reject(error), invalidate: () => undefined });

  it('an unreachable sign-in service is a network PartnerCenterError (retried); other failures pass as they are', async () => {
    const unreachable = new AppCredentialError('unreachable', 'error.appCredential.unreachable');
    const error = await appTokenForPartnerCenter(failing(unreachable))().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ kind: 'network', retryable: true, cause: unreachable });
    const invalid = new AppCredentialError('invalid', 'error.appCredential.wrongSecret');
    expect(await appTokenForPartnerCenter(failing(invalid))().catch((e: unknown) => e)).toBe(invalid);
    expect(await appTokenForPartnerCenter({ kind: 'emulator', getAppToken: async () => 'tok', invalidate: () => undefined })()).toBe('tok');
  });
});

describe('emulatorWebApp', () => {
  it('null when the emulator has no identity provider; unreachable or failed otherwise', async () => {
    expect(await emulatorWebApp('http://127.0.0.1:9', async () => new Response('', { status: 404 }))).toBeNull();
    expect(await credentialFailure(emulatorWebApp('http://127.0.0.1:9', () => Promise.reject(new TypeError('fetch failed'))))).toMatchObject({ problem: 'unreachable' });
    expect(await credentialFailure(emulatorWebApp('http://127.0.0.1:9', async () => Response.json({ url: 'https://x' })))).toMatchObject({ problem: 'failed' });
  });

  it('the web app, the identity provider, and the sandbox tenant’s authority', async () => {
    const answer = { url: 'https://127.0.0.1:4443', ca: 'PEM', tenantId: 'tid', accessTokenSeconds: 3600, webApp: { clientId: CLIENT_ID, clientSecret: SECRET } };
    const found = await emulatorWebApp('http://127.0.0.1:9', async (url) => {
      expect(String(url)).toBe('http://127.0.0.1:9/_emulator/oidc');
      return Response.json(answer);
    });
    expect(found).toMatchObject({ identityProvider: { url: answer.url, ca: 'PEM' }, tenantId: 'tid', webApp: answer.webApp, authority: { authority: 'https://127.0.0.1:4443/tid', knownAuthorities: ['127.0.0.1:4443'] } });
  });
});

describe('AppKeyStore', () => {
  const secretKey: AppKey = { clientId: CLIENT_ID, secret: SECRET };
  const certificateKey: AppKey = { clientId: CLIENT_ID, certificate: { privateKeyPem: PRIVATE_KEY_PEM, thumbprintSha256: THUMBPRINT, x5c: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' } };

  it('keeps the key in its SecretStore as JSON, and tells whether it is persisted', async () => {
    const secretStore = new MemorySecretStore('os');
    const store = new AppKeyStore(secretStore);
    expect(store.persisted).toBe(true);
    expect(new AppKeyStore(new MemorySecretStore('none')).persisted).toBe(false);
    expect(await store.load()).toBeNull();
    await store.save(secretKey);
    expect(JSON.parse((await secretStore.read())!.toString('utf8'))).toEqual(secretKey);
    expect(await store.load()).toEqual(secretKey);
    await store.save(certificateKey);
    expect(await store.load()).toEqual(certificateKey);
    await store.clear();
    expect(await store.load()).toBeNull();
    expect(await secretStore.read()).toBeNull();
  });

  it('refuses a key without exactly one secret or certificate, naming fields and never values', async () => {
    const store = new AppKeyStore(new MemorySecretStore());
    const both = await credentialFailure(store.save({ ...secretKey, certificate: certificateKey.certificate }));
    expect(both).toMatchObject({ problem: 'invalid', message: 'error.appCredential.malformed', params: { fields: 'secret' } });
    expect(await credentialFailure(store.save({ clientId: CLIENT_ID }))).toMatchObject({ params: { fields: 'secret' } });
    const badThumbprint = await credentialFailure(store.save({ clientId: ' ', certificate: { privateKeyPem: PRIVATE_KEY_PEM, thumbprintSha256: SECRET } }));
    expect(badThumbprint.params['fields']).toBe('clientId, certificate.thumbprintSha256');
    for (const error of [both, badThumbprint]) {
      expect(visibleText(error)).not.toContain(SECRET);
      expect(visibleText(error)).not.toContain(PRIVATE_KEY_PEM.split('\n')[1]);
    }
    expect(await store.load()).toBeNull();
  });

  it('a store that cannot be read or holds something else is “no key” (asked again), not an error', async () => {
    const broken: SecretStore = { protection: 'os', read: () => Promise.reject(new Error('decrypt failed')), write: async () => undefined, clear: async () => undefined };
    expect(await new AppKeyStore(broken).load()).toBeNull();
    for (const content of ['{not json', '[]', JSON.stringify({ clientId: CLIENT_ID }), '']) {
      const s = new MemorySecretStore('os');
      await s.write(Buffer.from(content, 'utf8'));
      expect(await new AppKeyStore(s).load(), content).toBeNull();
    }
  });
});
