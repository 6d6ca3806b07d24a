import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { OFFERS } from '../../../src/emulator/commerce';
import { DEFAULT_WEB_APP_ID, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { pinnedCaNetworkModule } from '../../../src/main/core/auth/network';
import { call } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';
import { assertion, assertionClaims, b64url, clientCertificate, decodeClaims, getJson, postForm, secretGrant, tokenPath, PC_DEFAULT_SCOPE } from './identity';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/partner-center/${name}`, import.meta.url), 'utf8'));
const SGL = WELL_KNOWN[0]!.id;
const MUELLER = WELL_KNOWN[1]!.id; // partner-confirmed: orders allowed
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let emu: Emulator;
let token: string;
emulatorPerFile((e, t) => {
  emu = e;
  token = t;
});

const defaultApp = async () => (await call(emu.url, 'GET', '/_emulator/oidc')).json.webApp as { clientId: string; clientSecret: string };
const appOnlyJwt = async () => {
  const app = await defaultApp();
  const res = await secretGrant(emu, app.clientId, app.clientSecret);
  expect(res.status).toBe(200);
  return res.json.access_token as string;
};

/** The endpoints only an App+User token may call (partner-center-api.md §2.1-§2.3, §2.5, §6). */
const userOnly = (): [string, string, unknown?][] => [
  ['GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreement'],
  ['GET', `/v1/customers/${SGL}/agreements?agreementType=MicrosoftCustomerAgreement`],
  ['GET', `/v1/customers/${SGL}/directSignedMicrosoftCustomerAgreementStatus`],
  ['POST', `/v1/customers/${SGL}/agreements`, fixture('agreement-post-request.json')],
];

function expectForbidden(res: { status: number; json: any }, message: RegExp) {
  expect(res.status).toBe(403);
  expect(res.json).toMatchObject({ code: 900150, errorName: 'Forbidden', isRetryable: false, parameters: {}, errorMessageExtended: 'InternalErrorCode=900150' });
  expect(res.json.message).toMatch(message);
  expect(res.json.description).toBe(res.json.message);
}

describe('POST /_emulator/token {appOnly}', () => {
  it('issues an opaque app-only token of the default web app; with a role it is refused', async () => {
    const res = await call(emu.url, 'POST', '/_emulator/token', { body: { appOnly: true } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ accessToken: expect.stringMatching(/^emu\./), appOnly: true, appId: DEFAULT_WEB_APP_ID, servicePrincipalId: expect.stringMatching(GUID) });
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: res.json.accessToken })).status).toBe(200);
    const both = await call(emu.url, 'POST', '/_emulator/token', { body: { appOnly: true, role: 'AdminAgent' } });
    expect(both.status).toBe(400);
    expect(both.json.error).toMatch(/appOnly or role, not both/);
    expect((await call(emu.url, 'POST', '/_emulator/token', { body: { appOnly: 'yes' } })).status).toBe(400);
    // appOnly false is an ordinary App+User token
    expect((await call(emu.url, 'POST', '/_emulator/token', { body: { appOnly: false, role: 'SalesAgent' } })).json).toMatchObject({ role: 'SalesAgent', userId: expect.any(String) });
  });
});

describe('app-only tokens on /v1', () => {
  it.each(userOnly())('403 900150 on the App+User-only %s %s', async (method, path, body) => {
    const res = await call(emu.url, method, path, { token: emu.issueAppOnlyToken(), ...(body ? { body } : {}) });
    expectForbidden(res, /requires App\+User authentication/);
    // and the App+User token is fine there
    expect((await call(emu.url, method, path, { token, ...(body ? { body } : {}) })).status).toBeLessThan(300);
  });

  it('customers, create customer, orders and subscriptions accept app-only tokens; no role rule applies', async () => {
    await call(emu.url, 'POST', '/_emulator/role', { body: { role: 'HelpdeskAgent' } });
    const app = emu.issueAppOnlyToken();
    expect((await call(emu.url, 'GET', '/v1/customers?size=5', { token: app })).json.totalCount).toBe(5);
    expect((await call(emu.url, 'GET', `/v1/customers/${SGL}`, { token: app })).status).toBe(200);
    const customer = fixture('create-customer-request.json');
    customer.CompanyProfile.Domain = 'apponly1.onmicrosoft.com';
    expect((await call(emu.url, 'POST', '/v1/customers', { token: app, body: customer })).status).toBe(201);
    const order = await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token: app, body: { lineItems: [{ lineItemNumber: 0, offerId: OFFERS[0].id, quantity: 2 }] } });
    expect(order.status).toBe(201);
    const subs = await call(emu.url, 'GET', `/v1/customers/${MUELLER}/subscriptions`, { token: app });
    expect(subs.json.items.map((s: any) => s.orderId)).toContain(order.json.id);
    // the same calls with a HelpdeskAgent's App+User token are refused
    expect((await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token: emu.issueToken(), body: { lineItems: [{ lineItemNumber: 0, offerId: OFFERS[0].id, quantity: 2 }] } })).status).toBe(403);
  });
});

describe('client credentials grant (web apps)', () => {
  it('GET /_emulator/oidc names the default web app; its secret redeems an app-only JWT', async () => {
    const app = await defaultApp();
    expect(app.clientId).toBe(DEFAULT_WEB_APP_ID);
    expect(app.clientSecret).toMatch(/^.{3}8Q~.{34}$/);
    const res = await secretGrant(emu, app.clientId, app.clientSecret);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = decodeClaims(res.json.access_token);
    const sp = (await call(emu.url, 'POST', '/_emulator/token', { body: { appOnly: true } })).json.servicePrincipalId;
    expect(claims).toEqual({
      aud: 'https://api.partnercenter.microsoft.com', iss: `${emu.oidc!.url}/${emu.oidc!.tenantId}/v2.0`,
      iat: expect.any(Number), nbf: expect.any(Number), exp: (claims['iat'] as number) + 3600,
      tid: emu.oidc!.tenantId, oid: sp, sub: sp, appid: DEFAULT_WEB_APP_ID, azp: DEFAULT_WEB_APP_ID, azpacr: '1', idtyp: 'app', ver: '2.0',
    });
    expect((await call(emu.url, 'GET', '/_emulator/oidc')).json.clientCredentialGrants).toBe(1);
  });

  it('the app-only JWT works on /v1 customers, is refused on App+User-only endpoints, and needs no MFA', async () => {
    const jwt = await appOnlyJwt();
    await call(emu.url, 'POST', '/_emulator/oidc/mfa', { body: { on: false } });
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: jwt })).status).toBe(200);
    for (const [method, path, body] of userOnly()) {
      expectForbidden(await call(emu.url, method, path, { token: jwt, ...(body ? { body } : {}) }), /requires App\+User/);
    }
    // tampered: 401
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: `${jwt.slice(0, -4)}AAAA` })).status).toBe(401);
  });

  it('an expired app-only JWT is refused (401)', async () => {
    await call(emu.url, 'POST', '/_emulator/oidc/lifetime', { body: { accessTokenSeconds: 1 } });
    const jwt = await appOnlyJwt();
    const exp = decodeClaims(jwt)['exp'] as number;
    // wait on the token's own expiry (whole seconds), not on a guessed delay
    while (Math.floor(Date.now() / 1000) < exp) await new Promise((r) => setTimeout(r, 50));
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: jwt })).status).toBe(401);
  });

  it('wrong secret → 401 invalid_client AADSTS7000215; unknown client → 400 unauthorized_client AADSTS700016; no credential → 401 AADSTS7000218', async () => {
    const app = await defaultApp();
    const wrong = await secretGrant(emu, app.clientId, `${app.clientSecret}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215], error_description: expect.stringMatching(/^AADSTS7000215: Invalid client secret provided/) });
    expect(Object.keys(wrong.json).sort()).toEqual(['correlation_id', 'error', 'error_codes', 'error_description', 'timestamp', 'trace_id']);
    const unknown = await secretGrant(emu, '0d6b7a52-1c4e-4f3a-9b8d-7e6f5a4b3c2d', app.clientSecret);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: 'unauthorized_client', error_codes: [700016], error_description: expect.stringMatching(/^AADSTS700016: Application with identifier '0d6b7a52-1c4e-4f3a-9b8d-7e6f5a4b3c2d' was not found/) });
    const none = await postForm(emu, tokenPath(emu), { grant_type: 'client_credentials', client_id: app.clientId, scope: PC_DEFAULT_SCOPE });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
    const noClient = await postForm(emu, tokenPath(emu), { grant_type: 'client_credentials', client_secret: app.clientSecret, scope: PC_DEFAULT_SCOPE });
    expect(noClient.json).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });

  it.each([
    ['user_impersonation (a delegated scope)', 'https://api.partnercenter.microsoft.com/user_impersonation', 'invalid_scope', 1002012],
    ['a bare scope', 'openid', 'invalid_scope', 1002012],
    ["Graph's .default", 'https://graph.microsoft.com/.default', 'invalid_resource', 500011],
    ['two resources', `${PC_DEFAULT_SCOPE} https://graph.microsoft.com/.default`, 'invalid_resource', 500011],
    ['no scope', '', 'invalid_request', 90014],
  ])('refuses %s as the scope', async (_label, scope, error, code) => {
    const app = await defaultApp();
    const res = await secretGrant(emu, app.clientId, app.clientSecret, scope);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error, error_codes: [code], error_description: expect.stringMatching(new RegExp(`^AADSTS${code}: `)) });
  });

  it('POST /_emulator/oidc/web-apps registers another web app; reset drops it and keeps the default secret', async () => {
    const before = await defaultApp();
    const res = await call(emu.url, 'POST', '/_emulator/oidc/web-apps', { body: {} });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ clientId: expect.stringMatching(GUID), clientSecret: expect.any(String) });
    const { clientId, clientSecret } = res.json;
    const granted = await secretGrant(emu, clientId, clientSecret);
    expect(decodeClaims(granted.json.access_token)).toMatchObject({ appid: clientId, idtyp: 'app' });
    expect((await secretGrant(emu, clientId, before.clientSecret)).json.error_codes).toEqual([7000215]);
    await call(emu.url, 'POST', '/_emulator/reset');
    expect((await secretGrant(emu, clientId, clientSecret)).json.error_codes).toEqual([700016]);
    expect(await defaultApp()).toEqual(before);
    // the token issued before the reset stays valid, like every issued token
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: granted.json.access_token })).status).toBe(200);
    expect((await call(emu.url, 'POST', '/_emulator/oidc/web-apps', { body: { name: 'x' } })).status).toBe(400);
    expect((await call(emu.url, 'POST', '/_emulator/oidc/web-apps', { body: { certificatePem: 'not a certificate' } })).status).toBe(400);
  });

  it('the discovery document lists the client credentials grant and both client authentication methods', async () => {
    const oidc = emu.oidc!;
    const doc = await getJson(emu, `/${oidc.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(doc.grant_types_supported).toContain('client_credentials');
    expect(doc.token_endpoint_auth_methods_supported).toEqual(['client_secret_post', 'private_key_jwt']);
  });
});

describe('client credentials with a certificate (private_key_jwt)', () => {
  async function registered() {
    const cert = clientCertificate();
    const res = await call(emu.url, 'POST', '/_emulator/oidc/web-apps', { body: { certificatePem: cert.certificatePem } });
    expect(res.status).toBe(200);
    expect(res.json.certificate).toEqual({ thumbprint: expect.stringMatching(/^[0-9A-F]{40}$/), thumbprintSha256: expect.stringMatching(/^[0-9A-F]{64}$/) });
    return { ...cert, clientId: res.json.clientId as string, thumbprint: res.json.certificate.thumbprint as string, thumbprintSha256: res.json.certificate.thumbprintSha256 as string };
  }
  const redeem = (clientId: string, jwt: string) => postForm(emu, tokenPath(emu), {
    grant_type: 'client_credentials', client_id: clientId, scope: PC_DEFAULT_SCOPE,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt,
  });

  it('accepts PS256 with x5t#S256 and RS256 with x5t (what MSAL Node sends for SHA-256 and SHA-1 thumbprints)', async () => {
    const app = await registered();
    const ps = await redeem(app.clientId, assertion(app.privateKey, { alg: 'PS256', 'x5t#S256': b64url(app.thumbprintSha256) }, assertionClaims(emu, app.clientId)));
    expect(ps.status).toBe(200);
    expect(decodeClaims(ps.json.access_token)).toMatchObject({ appid: app.clientId, azpacr: '2', idtyp: 'app' });
    const rs = await redeem(app.clientId, assertion(app.privateKey, { alg: 'RS256', x5t: b64url(app.thumbprint) }, assertionClaims(emu, app.clientId)));
    expect(rs.status).toBe(200);
    expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: rs.json.access_token })).status).toBe(200);
  });

  it('refuses a wrong audience, issuer, subject, an expired assertion, a reused jti, another key and an unregistered certificate', async () => {
    const app = await registered();
    const header = { alg: 'PS256', 'x5t#S256': b64url(app.thumbprintSha256) };
    const good = () => assertionClaims(emu, app.clientId);
    const refused = async (jwt: string, status: number, error: string, code: number) => {
      const res = await redeem(app.clientId, jwt);
      expect(res.status).toBe(status);
      expect(res.json).toMatchObject({ error, error_codes: [code] });
    };
    await refused(assertion(app.privateKey, header, { ...good(), aud: 'https://login.microsoftonline.com/other/oauth2/v2.0/token' }), 401, 'invalid_client', 700023);
    await refused(assertion(app.privateKey, header, { ...good(), iss: DEFAULT_WEB_APP_ID }), 401, 'invalid_client', 700021);
    await refused(assertion(app.privateKey, header, { ...good(), sub: DEFAULT_WEB_APP_ID }), 401, 'invalid_client', 700021);
    await refused(assertion(app.privateKey, header, { ...good(), exp: Math.floor(Date.now() / 1000) - 1 }), 401, 'invalid_client', 700024);
    await refused(assertion(app.privateKey, header, { ...good(), exp: undefined }), 401, 'invalid_client', 700024);
    await refused(assertion(app.privateKey, header, { ...good(), jti: undefined }), 400, 'invalid_request', 50027);
    const other = clientCertificate();
    await refused(assertion(other.privateKey, header, good()), 401, 'invalid_client', 700027);
    const otherThumb = { alg: 'RS256', x5t: b64url('00'.repeat(20)) };
    await refused(assertion(app.privateKey, otherThumb, good()), 401, 'invalid_client', 700027);
    await refused(assertion(app.privateKey, { alg: 'HS256', 'x5t#S256': b64url(app.thumbprintSha256) }, good()), 400, 'invalid_request', 50027);
    await refused('not.a.jwt', 400, 'invalid_request', 50027);
    const once = assertion(app.privateKey, header, good());
    expect((await redeem(app.clientId, once)).status).toBe(200);
    await refused(once, 401, 'invalid_client', 7000274);
    // the default web app has no certificate
    const forDefault = await postForm(emu, tokenPath(emu), {
      grant_type: 'client_credentials', client_id: DEFAULT_WEB_APP_ID, scope: PC_DEFAULT_SCOPE,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion(app.privateKey, header, assertionClaims(emu, DEFAULT_WEB_APP_ID)),
    });
    expect(forDefault.json.error_codes).toEqual([700027]);
    const both = await postForm(emu, tokenPath(emu), { grant_type: 'client_credentials', client_id: app.clientId, scope: PC_DEFAULT_SCOPE, client_secret: 'x', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: once });
    expect(both.json).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });

  it('MSAL Node 7 ConfidentialClientApplication gets app-only tokens with clientCertificate and with clientSecret', async () => {
    const app = await registered();
    const secretApp = await defaultApp();
    const oidc = emu.oidc!;
    const host = new URL(oidc.url).host;
    const auth = {
      authority: `${oidc.url}/${oidc.tenantId}`,
      knownAuthorities: [host],
      cloudDiscoveryMetadata: JSON.stringify({ tenant_discovery_endpoint: `${oidc.url}/${oidc.tenantId}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }] }),
    };
    const system = { networkClient: pinnedCaNetworkModule(oidc.ca), loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } };
    const withCert = new ConfidentialClientApplication({ auth: { ...auth, clientId: app.clientId, clientCertificate: { thumbprintSha256: app.thumbprintSha256, privateKey: app.privateKeyPem } }, system });
    const certResult = await withCert.acquireTokenByClientCredential({ scopes: [PC_DEFAULT_SCOPE] });
    expect(decodeClaims(certResult!.accessToken)).toMatchObject({ appid: app.clientId, azpacr: '2', idtyp: 'app' });
    const withSecret = new ConfidentialClientApplication({ auth: { ...auth, clientId: secretApp.clientId, clientSecret: secretApp.clientSecret }, system });
    const secretResult = await withSecret.acquireTokenByClientCredential({ scopes: [PC_DEFAULT_SCOPE] });
    expect(decodeClaims(secretResult!.accessToken)).toMatchObject({ appid: DEFAULT_WEB_APP_ID, azpacr: '1' });
    for (const result of [certResult!, secretResult!]) {
      expect((await call(emu.url, 'GET', '/v1/customers?size=1', { token: result.accessToken })).status).toBe(200);
      expect((await call(emu.url, 'GET', `/v1/customers/${SGL}/agreements?agreementType=MicrosoftCustomerAgreement`, { token: result.accessToken })).status).toBe(403);
    }
    // a second call is served from MSAL's cache: no second redemption
    const grants = (await call(emu.url, 'GET', '/_emulator/oidc')).json.clientCredentialGrants;
    expect((await withCert.acquireTokenByClientCredential({ scopes: [PC_DEFAULT_SCOPE] }))!.accessToken).toBe(certResult!.accessToken);
    expect((await call(emu.url, 'GET', '/_emulator/oidc')).json.clientCredentialGrants).toBe(grants);
  });
});
