/**
 * The emulator as a Microsoft Entra ID look-alike identity provider, over HTTPS with a locally
 * made certificate, so the app's real MSAL code path runs against it:
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   discovery document
 *   GET  /{tenant}/oauth2/v2.0/authorize                  sign-in page: pick a sandbox user
 *   POST /{tenant}/oauth2/v2.0/authorize                  the choice → form_post back to the app
 *   POST /{tenant}/oauth2/v2.0/token                      authorization_code (+PKCE S256), refresh_token,
 *                                                         client_credentials (web apps: secret or certificate)
 *   GET  /discovery/v2.0/keys                             JWKS
 *   GET  /v1.0/me/memberOf                                Microsoft Graph: the user's groups
 *
 * Tokens are RS256 JWTs. The Partner Center role travels in the `roles` claim (emulator only:
 * real Partner Center tokens do not carry it; POST /_emulator/oidc/roles-claim turns it off) and
 * as membership of the AdminAgents/SalesAgents/HelpdeskAgents groups, which Graph lists like a
 * real partner tenant. See ../README.md, "Identity provider".
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { hashGuid } from '../prng';
import { PARTNER_USERS } from '../seed';
import type { EmulatorRole, EmulatorState, TokenInfo } from '../state';
import { tlsMaterial } from './certificate';
import { jwks, signingKey, signJwt, verifyJwt, type Claims, type SigningKey } from './jwt';
import { CODE_TTL_MS, opaque, REFRESH_TTL_MS, type AuthorizeRequest, type Grant } from './oidc-state';
import { signInPage, formPostPage, errorPage } from './pages';
import { servicePrincipalIdOf } from './web-apps';

/** The audience of Partner Center access tokens, and its one delegated scope. */
export const PARTNER_CENTER_RESOURCE = 'https://api.partnercenter.microsoft.com';
/** Microsoft Graph's audience (the emulator answers Graph on its own listener). */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_READ_SCOPES = new Set(['groupmember.read.all', 'group.read.all', 'directory.read.all']);
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
/** Directory role template ids (`wids`) of the admin roles. */
const WIDS: Partial<Record<EmulatorRole, string>> = {
  GlobalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  BillingAdmin: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
};
/** The Partner Center agent group of a role (Global and Billing admins are directory roles). */
const AGENT_GROUP: Partial<Record<EmulatorRole, string>> = { AdminAgent: 'AdminAgents', SalesAgent: 'SalesAgents', HelpdeskAgent: 'HelpdeskAgents' };
/** Graph pages are small here (Graph's are 100) so clients must follow `@odata.nextLink`. */
const GRAPH_PAGE_SIZE = 2;

/** The groups of a sandbox user: two ordinary ones, then its agent group. */
export function sandboxGroups(role: EmulatorRole): { id: string; displayName: string }[] {
  const names = ['All Company', 'Sandbox partner staff', ...(AGENT_GROUP[role] ? [AGENT_GROUP[role]] : [])];
  return names.map((displayName) => ({ id: hashGuid(`group:${displayName}`), displayName }));
}

/** The resource a token request is for: the prefix of its first resource scope (bare scopes are Graph's, as in Entra). */
function resourceOf(scopes: string[]): string {
  const first = scopes[0];
  if (!first) return PARTNER_CENTER_RESOURCE;
  const slash = first.lastIndexOf('/');
  return slash > 0 ? first.slice(0, slash) : GRAPH_RESOURCE;
}
const PENDING_TTL_MS = 15 * 60_000;
/** Entra ID's keys route (one for all tenants), named by the discovery document's `jwks_uri`. */
const JWKS_PATH = '/discovery/v2.0/keys';
const CLOUD_INSTANCE_NAME = 'emulator.local';

export interface IdentityProvider {
  /** `https://127.0.0.1:PORT`; the authority is this plus `/{tenant}`. */
  url: string;
  /** The PEM certificate to trust (the only one) when talking to `url`. */
  ca: string;
  /** The partner tenant id (`tid`) of the sandbox users. */
  tenantId: string;
  /** For /v1: who the token speaks for (a user's role, or an app) when it is a valid access token of this provider, else why not. */
  verifyAccessToken(token: string): { info: TokenInfo } | { refused: string } | null;
  close(): Promise<void>;
}

/** Users one can sign in as (the seed's former employee cannot). */
export const SIGN_IN_USERS = PARTNER_USERS.filter((u) => u.displayName !== 'Former Employee');

export function partnerTenantId(seed: number): string {
  return hashGuid(`partner-tenant:${seed}`, 'a');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action http://localhost:* http://127.0.0.1:* 'self'",
    'Content-Length': Buffer.byteLength(html),
  });
  res.end(html);
}

/** Entra-shaped token endpoint error (`AADSTS…` in the description); 400 unless said (401 for invalid_client). */
const tokenError = (res: ServerResponse, error: string, code: number, description: string, suberror?: string, status = 400) =>
  sendJson(res, status, { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID(), ...(suberror ? { suberror } : {}) });

/** The one scope the client credentials grant accepts: Partner Center's `.default`. */
const APP_ONLY_SCOPE = `${PARTNER_CENTER_RESOURCE}/.default`;

export async function startIdentityProvider(state: EmulatorState): Promise<IdentityProvider> {
  const tls = await tlsMaterial();
  // The RSA key is made on the first identity-provider request (most emulators never get one).
  let key: SigningKey | null = null;
  const tenantId = partnerTenantId(state.seed);
  const sockets = new Set<Socket>();
  let base = '';
  const oidc = state.oidc;
  const issuer = () => `${base}/${tenantId}/v2.0`;
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  function tokens(grant: Grant, key: SigningKey) {
    const user = SIGN_IN_USERS.find((u) => u.userId === grant.userId)!;
    const iat = nowSeconds();
    const exp = iat + oidc.controls.accessTokenSeconds;
    const upn = `${user.displayName.toLowerCase().replace(/\s+/g, '.')}@sandbox-partner.onmicrosoft.com`;
    const amr = oidc.controls.mfa ? ['pwd', 'mfa'] : ['pwd'];
    const wids = WIDS[grant.role];
    const common: Claims = { iss: issuer(), iat, nbf: iat, exp, tid: tenantId, oid: user.userId, sub: user.userId, name: user.displayName, preferred_username: upn, ...(oidc.controls.rolesClaim ? { roles: [grant.role] } : {}), ...(wids ? { wids: [wids] } : {}), ver: '2.0' };
    const resourceScopes = grant.scope.split(/\s+/).filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
    const resource = resourceOf(resourceScopes);
    const mixed = resourceScopes.find((s) => resourceOf([s]) !== resource);
    if (mixed) return null;
    const accessToken = signJwt({ ...common, ...(resource === GRAPH_RESOURCE ? { roles: undefined } : {}), aud: resource, azp: grant.clientId, appid: grant.clientId, scp: resourceScopes.map((s) => s.replace(/^.*\//, '')).join(' '), upn, amr }, key);
    const idToken = signJwt({ ...common, aud: grant.clientId, amr, ...(grant.nonce ? { nonce: grant.nonce } : {}) }, key);
    const refreshToken = opaque();
    oidc.refreshTokens.set(refreshToken, { ...grant, nonce: null, expiresAt: Date.now() + REFRESH_TTL_MS });
    return {
      token_type: 'Bearer',
      scope: resourceScopes.join(' '),
      expires_in: oidc.controls.accessTokenSeconds,
      ext_expires_in: oidc.controls.accessTokenSeconds,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: Buffer.from(JSON.stringify({ uid: user.userId, utid: tenantId })).toString('base64url'),
    };
  }

  function discovery(tenant: string) {
    const at = `${base}/${tenant}`;
    return {
      issuer: GUID.test(tenant) || tenant === tenantId ? issuer() : `${base}/{tenantid}/v2.0`,
      authorization_endpoint: `${at}/oauth2/v2.0/authorize`,
      token_endpoint: `${at}/oauth2/v2.0/token`,
      jwks_uri: `${base}${JWKS_PATH}`,
      response_types_supported: ['code'],
      response_modes_supported: ['form_post', 'query'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'PS256'],
      msgraph_host: new URL(base).host,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'name', 'preferred_username', 'oid', 'tid', 'amr', 'roles', 'nonce'],
      tenant_region_scope: 'EU',
      cloud_instance_name: CLOUD_INSTANCE_NAME,
    };
  }

  function authorizeGet(tenant: string, q: URLSearchParams, res: ServerResponse): void {
    const redirectUri = q.get('redirect_uri') ?? '';
    const clientId = q.get('client_id') ?? '';
    // Where to send an error is only trusted for a loopback redirect (a native app's).
    if (!clientId || !isLoopbackRedirect(redirectUri)) return sendHtml(res, 400, errorPage('The request needs a client_id and a loopback redirect_uri (http://localhost).'));
    const state = q.get('state');
    const fail = (error: string, description: string) => sendHtml(res, 200, formPostPage(redirectUri, { error, error_description: description, ...(state ? { state } : {}) }));
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
    if (!q.get('code_challenge') || q.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'AADSTS9002325: Proof Key for Code Exchange (S256) is required for public clients.');
    const id = opaque(16);
    const now = Date.now();
    for (const [k, p] of oidc.pending) if (now - p.createdAt > PENDING_TTL_MS) oidc.pending.delete(k);
    const request: AuthorizeRequest = { tenant, clientId, redirectUri, scope: q.get('scope') ?? '', state, nonce: q.get('nonce'), codeChallenge: q.get('code_challenge')!, createdAt: now };
    oidc.pending.set(id, request);
    sendHtml(res, 200, signInPage({ action: `/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`, pendingId: id, users: SIGN_IN_USERS, clientId, mfa: oidc.controls.mfa, hint: q.get('login_hint') }));
  }

  async function authorizePost(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const request = oidc.pending.get(form.get('pending') ?? '');
    if (!request) return sendHtml(res, 400, errorPage('This sign-in page has expired. Start signing in again from MCA Desk.'));
    oidc.pending.delete(form.get('pending')!);
    const stateField: Record<string, string> = request.state ? { state: request.state } : {};
    const user = SIGN_IN_USERS.find((u) => u.userId === form.get('user'));
    if (!user) return sendHtml(res, 200, formPostPage(request.redirectUri, { error: 'access_denied', error_description: 'AADSTS65004: The user declined to sign in.', ...stateField }));
    const code = opaque();
    oidc.codes.set(code, { tenant: request.tenant, clientId: request.clientId, scope: request.scope, userId: user.userId, role: user.role as EmulatorRole, nonce: request.nonce, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge, expiresAt: Date.now() + CODE_TTL_MS });
    const clientInfo = Buffer.from(JSON.stringify({ uid: user.userId, utid: tenantId })).toString('base64url');
    sendHtml(res, 200, formPostPage(request.redirectUri, { code, client_info: clientInfo, ...stateField, session_state: randomUUID() }));
  }

  /**
   * App-only tokens for a web app (client credentials grant, as MSAL's ConfidentialClientApplication
   * sends it). Claims like Entra's app tokens: `idtyp: "app"`, the service principal as `oid`/`sub`,
   * no `scp`, no `amr`, no `roles`.
   */
  function clientCredentials(tenant: string, form: URLSearchParams, res: ServerResponse, key: SigningKey): void {
    oidc.clientCredentialGrants += 1;
    const at = (t: string) => `${base}/${t}/oauth2/v2.0/token`;
    const client = oidc.webApps.authenticate(form, tenantId, [...new Set([at(encodeURIComponent(tenant)), at(tenant), at(tenantId)])], Date.now());
    if ('error' in client) return tokenError(res, client.error, client.code, client.description, undefined, client.status);
    const scope = (form.get('scope') ?? '').trim();
    if (!scope) return tokenError(res, 'invalid_request', 90014, "The required field 'scope' is missing from the credential. Ensure that you have all the necessary parameters for the login request.");
    const scopes = scope.split(/\s+/);
    const notDefault = scopes.find((s) => !s.endsWith('/.default'));
    if (notDefault) {
      return tokenError(res, 'invalid_scope', 1002012, `The provided value for scope ${notDefault} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    if (scopes.length !== 1 || scopes[0] !== APP_ONLY_SCOPE) {
      const resource = scopes.find((s) => s !== APP_ONLY_SCOPE) ?? scopes[0]!;
      return tokenError(res, 'invalid_resource', 500011, `The resource principal named ${resource.replace(/\/\.default$/, '')} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. The emulator issues app-only tokens for ${APP_ONLY_SCOPE} alone.`);
    }
    const iat = nowSeconds();
    const sp = servicePrincipalIdOf(client.app.clientId);
    const accessToken = signJwt({
      aud: PARTNER_CENTER_RESOURCE, iss: issuer(), iat, nbf: iat, exp: iat + oidc.controls.accessTokenSeconds,
      tid: tenantId, oid: sp, sub: sp, appid: client.app.clientId, azp: client.app.clientId,
      azpacr: client.method === 'secret' ? '1' : '2', idtyp: 'app', ver: '2.0',
    }, key);
    sendJson(res, 200, { token_type: 'Bearer', expires_in: oidc.controls.accessTokenSeconds, ext_expires_in: oidc.controls.accessTokenSeconds, access_token: accessToken });
  }

  async function token(tenant: string, req: IncomingMessage, res: ServerResponse, key: SigningKey): Promise<void> {
    const form = await readForm(req);
    const clientId = form.get('client_id') ?? '';
    const grantType = form.get('grant_type');
    if (grantType === 'client_credentials') return clientCredentials(tenant, form, res, key);
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const grant = oidc.codes.get(code);
      oidc.codes.delete(code); // one use, whatever happens
      if (!grant || grant.expiresAt < Date.now()) return tokenError(res, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired or was already used.');
      if (grant.clientId !== clientId) return tokenError(res, 'invalid_grant', 700005, 'The authorization code was issued to another application.');
      if (grant.redirectUri !== form.get('redirect_uri')) return tokenError(res, 'invalid_grant', 50011, 'The redirect URI does not match the one of the authorization request.');
      const verifier = form.get('code_verifier') ?? '';
      const expected = Buffer.from(grant.codeChallenge ?? '');
      const actual = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
      if (!verifier || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        return tokenError(res, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
      }
      return sendTokens(res, tokens({ ...grant, scope: form.get('scope') ?? grant.scope }, key));
    }
    if (grantType === 'refresh_token') {
      oidc.refreshes += 1;
      const grant = oidc.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!grant || grant.expiresAt < Date.now()) {
        return tokenError(res, 'invalid_grant', 50173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.', 'bad_token');
      }
      if (grant.clientId !== clientId) return tokenError(res, 'invalid_grant', 700005, 'The refresh token was issued to another application.');
      return sendTokens(res, tokens({ ...grant, scope: form.get('scope') ?? grant.scope, nonce: null }, key));
    }
    return tokenError(res, 'unsupported_grant_type', 70003, `The grant type ${grantType ?? '(none)'} is not supported.`);
  }

  function sendTokens(res: ServerResponse, body: ReturnType<typeof tokens>): void {
    if (!body) return tokenError(res, 'invalid_scope', 28000, 'Provided value for the input parameter scope is not valid because it contains more than one resource.');
    sendJson(res, 200, body);
  }

  /** Graph `GET /v1.0/me/memberOf` for a valid Graph token: the sandbox user's groups, paged. */
  function memberOf(req: IncomingMessage, url: URL, res: ServerResponse, key: SigningKey): void {
    const graphError = (status: number, code: string, message: string) => sendJson(res, status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } });
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const claims = auth ? verifyJwt(auth[1]!, key, nowSeconds()) : null;
    if (!claims || claims['iss'] !== issuer() || claims['aud'] !== GRAPH_RESOURCE) {
      return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    }
    oidc.graphCalls += 1;
    const scopes = typeof claims['scp'] === 'string' ? claims['scp'].toLowerCase().split(' ') : [];
    if (!oidc.controls.graph || !scopes.some((s) => GRAPH_READ_SCOPES.has(s))) {
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    }
    const user = SIGN_IN_USERS.find((u) => u.userId === claims['oid']);
    if (!user) return graphError(404, 'Request_ResourceNotFound', 'The user does not exist.');
    const all = sandboxGroups(user.role as EmulatorRole);
    const skip = Math.max(0, Number.parseInt(url.searchParams.get('$skiptoken') ?? '0', 10) || 0);
    const top = Math.min(GRAPH_PAGE_SIZE, Math.max(1, Number.parseInt(url.searchParams.get('$top') ?? String(GRAPH_PAGE_SIZE), 10) || GRAPH_PAGE_SIZE));
    const page = all.slice(skip, skip + top);
    const next = new URL('/v1.0/me/memberOf', base);
    for (const [k, v] of url.searchParams) if (k !== '$skiptoken') next.searchParams.set(k, v);
    next.searchParams.set('$skiptoken', String(skip + top));
    sendJson(res, 200, {
      '@odata.context': `${base}/v1.0/$metadata#directoryObjects(displayName)`,
      value: page.map((g) => ({ '@odata.type': '#microsoft.graph.group', ...g })),
      ...(skip + top < all.length ? { '@odata.nextLink': next.toString() } : {}),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const method = (req.method ?? 'GET').toUpperCase();
    key ??= await signingKey();
    if (url.pathname === JWKS_PATH && method === 'GET') return sendJson(res, 200, jwks(key, { issuer: `${base}/{tenantid}/v2.0`, cloud_instance_name: CLOUD_INSTANCE_NAME }));
    if (url.pathname === '/v1.0/me/memberOf' && method === 'GET') return memberOf(req, url, res, key);
    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { error: 'not_found', error_description: `No identity provider endpoint at ${url.pathname}.` });
    const tenant = decodeURIComponent(m[1]!);
    const endpoint = m[2]!;
    if (endpoint.endsWith('openid-configuration') && method === 'GET') return sendJson(res, 200, discovery(tenant));
    if (endpoint.endsWith('authorize') && method === 'GET') return authorizeGet(tenant, url.searchParams, res);
    if (endpoint.endsWith('authorize') && method === 'POST') return authorizePost(req, res);
    if (endpoint.endsWith('token') && method === 'POST') return token(tenant, req, res, key);
    res.writeHead(405);
    res.end();
  }

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: String(error) });
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  oidc.endpoint = { url: base, ca: tls.cert, tenantId };

  return {
    url: base,
    ca: tls.cert,
    tenantId,
    verifyAccessToken(token) {
      if (token.split('.').length !== 3) return null;
      const claims = key ? verifyJwt(token, key, nowSeconds()) : null;
      if (!claims || claims['iss'] !== issuer() || claims['aud'] !== PARTNER_CENTER_RESOURCE) return { refused: 'The access token is invalid or has expired.' };
      // App-only (client credentials): no user, so no MFA rule and no role.
      if (claims['idtyp'] === 'app' && claims['scp'] === undefined && typeof claims['appid'] === 'string') return { info: { appOnly: true, appId: claims['appid'] } };
      const amr = Array.isArray(claims['amr']) ? claims['amr'] : [];
      if (!amr.includes('mfa')) return { refused: 'MFA must be enforced in order to access Partner Center APIs as a user: the access token shows no multi-factor authentication.' };
      // Without the roles claim, Partner Center knows the user's role as a real one does.
      const role = Array.isArray(claims['roles']) ? (claims['roles'][0] as EmulatorRole | undefined) : (SIGN_IN_USERS.find((u) => u.userId === claims['oid'])?.role as EmulatorRole | undefined);
      return { info: { role: role ?? null } };
    },
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
