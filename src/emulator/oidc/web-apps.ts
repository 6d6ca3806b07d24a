/**
 * Confidential clients: the "web apps" of Partner Center's App management, which alone may get
 * app-only tokens (client credentials grant). One default web app exists from the start (a fixed
 * client id, a secret made per emulator); tests register more through
 * `POST /_emulator/oidc/web-apps`, optionally with a certificate.
 *
 * A client proves itself with `client_secret`, or with a `client_assertion` (RFC 7523 JWT) signed
 * by a registered certificate's RSA key, as MSAL Node sends it for `clientCertificate`:
 * PS256 + `x5t#S256` with `thumbprintSha256`, RS256 + `x5t` with the older SHA-1 `thumbprint`.
 */
import { constants, createHash, randomBytes, timingSafeEqual, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { hashGuid } from '../prng';

/** The default web app's client id (fixed, so a test or a profile can name it). */
export const DEFAULT_WEB_APP_ID = '5f1c9e42-7a3b-4d6e-8c2f-0b9a1d3e5c71';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Tolerated clock difference for an assertion's `nbf`, as token validators commonly allow. */
const CLOCK_SKEW_SECONDS = 300;

export interface ClientCertificate {
  /** Hex, upper case: MSAL's `clientCertificate.thumbprint` (SHA-1) and `thumbprintSha256`. */
  thumbprint: string;
  thumbprintSha256: string;
  publicKey: KeyObject;
}

export interface WebApp {
  clientId: string;
  clientSecret: string;
  certificates: ClientCertificate[];
}

/** A token-endpoint refusal, shaped by server.ts like Entra's (`AADSTS<code>: <description>`). */
export interface ClientAuthError {
  status: 400 | 401;
  error: string;
  code: number;
  description: string;
}

export interface AuthenticatedClient {
  app: WebApp;
  method: 'secret' | 'certificate';
}

/** The service principal (`oid`/`sub` of its app-only tokens) of an application in the partner tenant. */
export const servicePrincipalIdOf = (clientId: string) => hashGuid(`service-principal:${clientId.toLowerCase()}`);

/** A secret shaped like Entra's (`xxx8Q~…`, 40 characters). */
const newSecret = () => `${randomBytes(3).toString('base64url').slice(0, 3)}8Q~${randomBytes(30).toString('base64url').slice(0, 34)}`;

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** A PEM certificate with an RSA key, or why not. */
export function parseClientCertificate(pem: string): ClientCertificate | string {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return 'certificatePem is not a PEM X.509 certificate.';
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') return 'The certificate must carry an RSA key (client assertions are RS256 or PS256).';
  return {
    thumbprint: createHash('sha1').update(cert.raw).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(cert.raw).digest('hex').toUpperCase(),
    publicKey: cert.publicKey,
  };
}

const fail = (status: 400 | 401, error: string, code: number, description: string): ClientAuthError => ({ status, error, code, description });
const hexToB64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export class WebApps {
  private readonly apps = new Map<string, WebApp>();
  /** Assertion ids already redeemed, with their expiry (ms); kept until then. */
  private readonly usedAssertionIds = new Map<string, number>();
  readonly defaultApp: WebApp = { clientId: DEFAULT_WEB_APP_ID, clientSecret: newSecret(), certificates: [] };

  constructor() {
    this.apps.set(DEFAULT_WEB_APP_ID, this.defaultApp);
  }

  /** A new web app with a new secret, and the certificate when one is given. */
  register(certificatePem?: string): WebApp | string {
    const certificates: ClientCertificate[] = [];
    if (certificatePem !== undefined) {
      const cert = parseClientCertificate(certificatePem);
      if (typeof cert === 'string') return cert;
      certificates.push(cert);
    }
    const app: WebApp = { clientId: hashGuid(`web-app:${randomBytes(16).toString('hex')}`), clientSecret: newSecret(), certificates };
    this.apps.set(app.clientId, app);
    return app;
  }

  /** Back to the default web app alone (its secret unchanged). */
  reset(): void {
    this.apps.clear();
    this.apps.set(DEFAULT_WEB_APP_ID, this.defaultApp);
  }

  /**
   * Checks the client authentication of a token request (form fields as sent). `audiences` are
   * the token endpoint URLs an assertion may name in `aud`; `nowMs` is the provider's clock.
   */
  authenticate(form: URLSearchParams, tenantId: string, audiences: string[], nowMs: number): AuthenticatedClient | ClientAuthError {
    const clientId = form.get('client_id') ?? '';
    if (!clientId) return fail(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
    const app = this.apps.get(clientId.toLowerCase());
    if (!app) {
      return fail(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    const assertionType = form.get('client_assertion_type');
    if (secret !== null && (assertion !== null || assertionType !== null)) {
      return fail(400, 'invalid_request', 900144, "Send either 'client_secret' or 'client_assertion', not both.");
    }
    if (secret !== null) {
      if (!sameSecret(secret, app.clientSecret)) {
        return fail(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`);
      }
      return { app, method: 'secret' };
    }
    if (assertion === null && assertionType === null) {
      return fail(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    if (assertionType !== JWT_BEARER) return fail(400, 'invalid_request', 50027, `client_assertion_type must be '${JWT_BEARER}'.`);
    return this.checkAssertion(app, assertion ?? '', audiences, nowMs);
  }

  private checkAssertion(app: WebApp, assertion: string, audiences: string[], nowMs: number): AuthenticatedClient | ClientAuthError {
    const malformed = fail(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
    const parts = assertion.split('.');
    if (parts.length !== 3) return malformed;
    const [h, p, s] = parts as [string, string, string];
    const header = decodeJson(h);
    const claims = decodeJson(p);
    if (!header || !claims) return malformed;
    const alg = header['alg'];
    if (alg !== 'RS256' && alg !== 'PS256') return malformed;

    // The certificate named by the header's thumbprint (SHA-256 or SHA-1), among the app's.
    const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : null;
    const x5t = typeof header['x5t'] === 'string' ? header['x5t'] : null;
    const cert = app.certificates.find((c) => (x5tS256 !== null && hexToB64url(c.thumbprintSha256) === x5tS256) || (x5t !== null && hexToB64url(c.thumbprint) === x5t));
    if (!cert) {
      return fail(401, 'invalid_client', 700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${x5tS256 ?? x5t ?? '(none)'}']`);
    }
    const key = alg === 'PS256'
      ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : cert.publicKey;
    if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) {
      return fail(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
    }

    if (claims['iss'] !== app.clientId || claims['sub'] !== app.clientId) {
      return fail(401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
    const aud = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
    if (!aud.some((a) => typeof a === 'string' && audiences.includes(a))) {
      return fail(401, 'invalid_client', 700023, `Client assertion audience claim does not match the token endpoint (${audiences[0]}).`);
    }
    const now = Math.floor(nowMs / 1000);
    const exp = claims['exp'];
    const nbf = claims['nbf'];
    if (typeof exp !== 'number' || exp <= now || (typeof nbf === 'number' && nbf > now + CLOCK_SKEW_SECONDS)) {
      return fail(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    }
    const jti = claims['jti'];
    if (typeof jti !== 'string' || jti === '') return fail(400, 'invalid_request', 50027, "JWT token is invalid or malformed: the 'jti' claim is required.");
    for (const [id, until] of this.usedAssertionIds) if (until <= nowMs) this.usedAssertionIds.delete(id);
    const used = `${app.clientId}:${jti}`;
    if (this.usedAssertionIds.has(used)) {
      return fail(401, 'invalid_client', 7000274, `The client assertion with jti '${jti}' was already used. Sign a new assertion for every token request.`);
    }
    this.usedAssertionIds.set(used, exp * 1000);
    return { app, method: 'certificate' };
  }
}
