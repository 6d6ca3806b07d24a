/**
 * The identity provider's keys, as a relying party uses them: the discovery document's `jwks_uri`,
 * the JWKS it serves, and the tokens the emulator signs, verified with a standard JOSE library.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { createRemoteJWKSet, customFetch, errors, importX509, jwtVerify, type FetchImplementation, type JWTVerifyGetKey } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index';
import { EMULATOR_CLIENT_ID } from '../../../src/main/core/auth';
import { call } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';
import { get, getJson, PC_DEFAULT_SCOPE, secretGrant, signInByForm } from './identity';

let emu: Emulator;
emulatorPerFile((e) => {
  emu = e;
});

const PARTNER_CENTER = 'https://api.partnercenter.microsoft.com';
const issuer = () => `${emu.oidc!.url}/${emu.oidc!.tenantId}/v2.0`;
const discovery = () => getJson(emu, `/${emu.oidc!.tenantId}/v2.0/.well-known/openid-configuration`);

/** jose's fetch of the JWKS, over the emulator's HTTPS with its certificate as the only trusted one. */
const pinnedFetch: FetchImplementation = async (url) => {
  const u = new URL(url);
  expect(u.origin).toBe(emu.oidc!.url);
  const answer = await get(emu, `${u.pathname}${u.search}`);
  return new Response(answer.text, { status: answer.status, headers: { 'content-type': 'application/json' } });
};

/** The key set a relying party builds from the discovery document's `jwks_uri`. */
async function remoteKeys(): Promise<JWTVerifyGetKey> {
  return createRemoteJWKSet(new URL((await discovery()).jwks_uri), { [customFetch]: pinnedFetch });
}

async function userTokens(role = 'AdminAgent') {
  const answer = await signInByForm(emu, { clientId: EMULATOR_CLIENT_ID, role, scope: `openid profile offline_access ${PARTNER_CENTER}/user_impersonation`, nonce: 'n-0d1e' });
  expect(answer.status).toBe(200);
  return answer.json as { id_token: string; access_token: string };
}

describe('GET /discovery/v2.0/keys (the JWKS)', () => {
  it('is the jwks_uri of the discovery document, for the partner tenant and for common', async () => {
    expect((await discovery()).jwks_uri).toBe(`${emu.oidc!.url}/discovery/v2.0/keys`);
    expect((await getJson(emu, '/common/v2.0/.well-known/openid-configuration')).jwks_uri).toBe(`${emu.oidc!.url}/discovery/v2.0/keys`);
  });

  it('serves the RS256 signing key as Entra ID does: kid = x5t, n, e, use sig, and its certificate in x5c', async () => {
    const res = await get(emu, '/discovery/v2.0/keys');
    expect(res.status).toBe(200);
    expect(res.json.keys).toHaveLength(1);
    const [jwk] = res.json.keys;
    expect(jwk).toEqual({
      kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.stringMatching(/^[\w-]{27}$/), x5t: jwk.kid, n: expect.stringMatching(/^[\w-]{342}$/), e: 'AQAB',
      x5c: [expect.any(String)], issuer: `${emu.oidc!.url}/{tenantid}/v2.0`, cloud_instance_name: 'emulator.local',
    });
    // x5c: a self-signed certificate of that very key; x5t its SHA-1 thumbprint.
    const der = Buffer.from(jwk.x5c[0], 'base64');
    const cert = new X509Certificate(der);
    expect(cert.publicKey.export({ format: 'jwk' })).toEqual({ kty: 'RSA', n: jwk.n, e: jwk.e });
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(createHash('sha1').update(der).digest('base64url')).toBe(jwk.x5t);
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now());
  });
});

describe('tokens verify against the JWKS with jose', () => {
  it('the ID token and the access token of a user sign-in: signature, kid, issuer, audience, nonce', async () => {
    const { id_token, access_token } = await userTokens();
    const keys = await remoteKeys();
    const kid = (await getJson(emu, '/discovery/v2.0/keys')).keys[0].kid;

    const id = await jwtVerify(id_token, keys, { algorithms: ['RS256'], issuer: issuer(), audience: EMULATOR_CLIENT_ID });
    expect(id.protectedHeader).toEqual({ typ: 'JWT', alg: 'RS256', kid });
    expect(id.payload).toMatchObject({ tid: emu.oidc!.tenantId, nonce: 'n-0d1e', name: 'Ana Admin', ver: '2.0' });

    const access = await jwtVerify(access_token, keys, { algorithms: ['RS256'], issuer: issuer(), audience: PARTNER_CENTER });
    expect(access.protectedHeader.kid).toBe(kid);
    expect(access.payload).toMatchObject({ scp: 'user_impersonation', appid: EMULATOR_CLIENT_ID, amr: ['pwd', 'mfa'] });
  });

  it('an app-only access token (client credentials) verifies, and so it does with the key of the x5c certificate', async () => {
    const app = (await call(emu.url, 'GET', '/_emulator/oidc')).json.webApp as { clientId: string; clientSecret: string };
    const granted = await secretGrant(emu, app.clientId, app.clientSecret, PC_DEFAULT_SCOPE);
    expect(granted.status).toBe(200);
    const { payload } = await jwtVerify(granted.json.access_token, await remoteKeys(), { algorithms: ['RS256'], issuer: issuer(), audience: PARTNER_CENTER });
    expect(payload).toMatchObject({ idtyp: 'app', appid: app.clientId });
    const [jwk] = (await getJson(emu, '/discovery/v2.0/keys')).keys;
    const pem = `-----BEGIN CERTIFICATE-----\n${jwk.x5c[0]}\n-----END CERTIFICATE-----`;
    await expect(jwtVerify(granted.json.access_token, await importX509(pem, 'RS256'), { issuer: issuer() })).resolves.toMatchObject({ payload: { idtyp: 'app' } });
  });

  it('a token changed after signing is refused by the same key set', async () => {
    const { access_token } = await userTokens('SalesAgent');
    const [header, payload, signature] = access_token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['AdminAgent'] })).toString('base64url')}.${signature}`;
    await expect(jwtVerify(forged, await remoteKeys(), { algorithms: ['RS256'] })).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });
});
