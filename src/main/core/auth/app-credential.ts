/**
 * App-only tokens for Partner Center: what the enhanced attestation API needs (partner-center-api.md
 * §3, §6: "This scenario only supports AppOnly authentication"). Native apps get App+User tokens
 * only, so the partner's *web app* (App management in Partner Center) signs in as itself with its
 * key (client secret) or a certificate: MSAL's ConfidentialClientApplication, client-credentials
 * grant for `https://api.partnercenter.microsoft.com/.default` on the partner tenant.
 *
 * - `MsalAppCredential`: Entra ID, or the emulator's identity provider (pinned certificate).
 * - `EmulatorAppCredential`: the emulator's opaque app-only token, no identity provider involved.
 * - `AppKeyStore`: where a profile's web app key is kept (a SecretStore: OS-protected or memory).
 * - `emulatorWebApp`: the emulator's default web app, so a sandbox profile needs no key typed in.
 *
 * App tokens live in memory only (MSAL's in-memory cache); keys only in a SecretStore. Neither is
 * ever logged, written to SQLite or put in an error message.
 */
import { constants, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { ConfidentialClientApplication, LogLevel, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import { z } from 'zod';
import type { ErrorCode } from '../../../shared/result';
import { AppFailure } from '../app-failure';
import { PartnerCenterError } from '../partner-center';
import { authorityFor, PARTNER_CENTER_RESOURCES, type MsalAuthority } from './authority';
import { pinnedCaNetworkModule } from './network';
import type { SecretStore } from './secret-store';

/** The one scope of the client-credentials grant: all the app's Partner Center permissions. */
export const PARTNER_CENTER_APP_SCOPE = `${PARTNER_CENTER_RESOURCES.public}/.default`;

// ---------------------------------------------------------------------------------------------
// The credential and its failure

export interface AppCredential {
  /** An app-only bearer token; rejects with an `AppCredentialError`. */
  getAppToken(): Promise<string>;
  /**
   * Forget the cached token: the next `getAppToken` gets a new one. For a 401 answered to a token
   * the credential still thought good (the engine decides when).
   */
  invalidate(): void;
  readonly kind: 'emulator' | 'secret' | 'certificate';
}

/**
 * - `not-configured`: no web app, or no partner tenant to ask for its token;
 * - `invalid`: the sign-in service refused the app id, key or certificate (the operator must fix it);
 * - `unreachable`: no answer from the sign-in service (try again later);
 * - `failed`: anything else.
 */
export type AppCredentialProblem = 'not-configured' | 'invalid' | 'unreachable' | 'failed';

const ERROR_CODES: Record<AppCredentialProblem, ErrorCode> = {
  'not-configured': 'forbidden',
  invalid: 'forbidden',
  unreachable: 'offline',
  failed: 'forbidden',
};

/** Why no app token could be had, in plain words: `message` is a translation key, `params` fill it. */
export class AppCredentialError extends AppFailure {
  constructor(
    readonly problem: AppCredentialProblem,
    message: string,
    params: Record<string, string> = {},
    cause?: unknown,
  ) {
    super(ERROR_CODES[problem], message, undefined, params);
    this.name = 'AppCredentialError';
    if (cause !== undefined) this.cause = cause;
  }
}

/**
 * `getAppToken` for createAttestationClient: an unreachable sign-in service becomes a `network`
 * PartnerCenterError, so the call is retried like an unreachable Partner Center (as MsalSignIn
 * does for user tokens). Other failures pass as they are: the transport reports them as
 * `unauthorized`, with the AppCredentialError as `cause`.
 */
export function appTokenForPartnerCenter(credential: AppCredential): () => Promise<string> {
  return async () => {
    try {
      return await credential.getAppToken();
    } catch (error) {
      if (error instanceof AppCredentialError && error.problem === 'unreachable') {
        throw new PartnerCenterError({ kind: 'network', message: error.message, cause: error });
      }
      throw error;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// MSAL errors → AppCredentialError

/*
 * MSAL's codes for "no answer" (its own HTTP client, or ours failing with NetworkFailure, which
 * MSAL wraps as network_error). Same list as MsalSignIn's, which keeps its copy private.
 */
const NETWORK_CODES = new Set(['network_error', 'no_network_connectivity', 'endpoints_resolution_error', 'openid_config_error']);

const msalCode = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null && 'errorCode' in error ? error.errorCode : undefined;
  return typeof code === 'string' ? code : '';
};

/**
 * What an MSAL failure means for the operator. AADSTS7000215 (wrong secret), 700016 (unknown app)
 * and 700027 (certificate not registered, or signature wrong) get their own words; any other
 * `invalid_client` / `unauthorized_client` is a refused id or key as well.
 */
export function appCredentialFailure(error: unknown, clientId: string): AppCredentialError {
  if (error instanceof AppCredentialError) return error;
  const code = msalCode(error);
  if (NETWORK_CODES.has(code) || (error instanceof Error && error.name === 'NetworkFailure')) {
    return new AppCredentialError('unreachable', 'error.appCredential.unreachable', {}, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  const aadsts = (n: string) => new RegExp(`AADSTS${n}\\b`).test(message);
  if (aadsts('7000215')) return new AppCredentialError('invalid', 'error.appCredential.wrongSecret', {}, error);
  if (aadsts('700016')) return new AppCredentialError('invalid', 'error.appCredential.unknownApp', { clientId }, error);
  if (aadsts('700027')) return new AppCredentialError('invalid', 'error.appCredential.wrongCertificate', {}, error);
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    const reason = /AADSTS\d+/.exec(message)?.[0] ?? code;
    return new AppCredentialError('invalid', 'error.appCredential.invalid', { reason }, error);
  }
  return new AppCredentialError('failed', 'error.appCredential.failed', { message: message.slice(0, 300) }, error);
}

// ---------------------------------------------------------------------------------------------
// Client assertions (certificates)

export interface CertificateKey {
  /** PKCS#8 or PKCS#1 PEM of the certificate's RSA private key. */
  privateKeyPem: string;
  /** SHA-256 thumbprint of the certificate, hex (as MSAL's `clientCertificate.thumbprintSha256`). */
  thumbprintSha256: string;
  /** The public certificate chain, PEM (sent as `x5c`, for subject-name/issuer authentication). */
  x5c?: string;
}

const THUMBPRINT_SHA256_RE = /^[0-9a-f]{64}$/i;

/** The base64 DER of each certificate of a PEM chain, as the JWT header's `x5c` carries them. */
function x5cOf(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ''));
}

export interface AssertionInput {
  clientId: string;
  privateKey: KeyObject;
  thumbprintSha256: string;
  /** The token endpoint: the assertion's audience. */
  audience: string;
  x5c?: string[];
  /** Seconds since the epoch; default now. */
  now?: number;
}

/** How long an assertion is valid: MSAL's own choice (10 minutes). */
const ASSERTION_LIFETIME_SECONDS = 600;

/**
 * A client assertion (RFC 7523) signed PS256 with header `x5t#S256`, what MSAL Node 7 sends for a
 * SHA-256 thumbprint, but with a new `jti` each time: MSAL reuses its own signed assertion for up
 * to 10 minutes, and a token service may refuse a `jti` it has seen (the emulator does,
 * AADSTS7000274) when tokens are short-lived enough to be redeemed again within that time.
 */
export function signClientAssertion(input: AssertionInput): string {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const header = {
    alg: 'PS256',
    typ: 'JWT',
    'x5t#S256': Buffer.from(input.thumbprintSha256, 'hex').toString('base64url'),
    ...(input.x5c && input.x5c.length > 0 ? { x5c: input.x5c } : {}),
  };
  const claims = {
    aud: input.audience,
    iss: input.clientId,
    sub: input.clientId,
    jti: randomUUID(),
    iat: now,
    nbf: now,
    exp: now + ASSERTION_LIFETIME_SECONDS,
  };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  const signingInput = `${b64(header)}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: input.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The RSA private key of a PEM, or the operator-facing reason it cannot be used (never its text). */
function readPrivateKey(pem: string): KeyObject | AppCredentialError {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType === 'rsa') return key;
  } catch {
    // The crypto error says nothing the operator can act on; the key itself must not be shown.
  }
  return new AppCredentialError('invalid', 'error.appCredential.badKey');
}

// ---------------------------------------------------------------------------------------------
// MSAL

export type AppKeyCredential = { secret: string } | { certificate: CertificateKey };

export interface MsalAppCredentialOptions {
  /** The partner tenant's authority (authorityFor with the profile's partner tenant). */
  authority: MsalAuthority;
  /** The web app's application (client) id. */
  clientId: string;
  credential: AppKeyCredential;
  /** Trust exactly this certificate for the identity provider (the emulator's self-signed one). */
  ca?: string;
}

/** Tenants that are not one tenant: the client-credentials grant needs the partner's own. */
const NOT_A_TENANT = new Set(['organizations', 'common', 'consumers']);

function tenantProblem(authority: string): AppCredentialError | null {
  const tenant = decodeURIComponent(new URL(authority).pathname.split('/').filter(Boolean)[0] ?? '').toLowerCase();
  return !tenant || NOT_A_TENANT.has(tenant) ? new AppCredentialError('not-configured', 'error.appCredential.noTenant') : null;
}

export class MsalAppCredential implements AppCredential {
  readonly kind: 'secret' | 'certificate';
  private readonly cca: ConfidentialClientApplication | null;
  /** A configuration problem found at construction, reported by every `getAppToken`. */
  private readonly problem: AppCredentialError | null;
  private skipCache = false;
  private inFlight: Promise<string> | null = null;

  constructor(private readonly options: MsalAppCredentialOptions) {
    this.kind = 'secret' in options.credential ? 'secret' : 'certificate';
    let problem = tenantProblem(options.authority.authority);
    let secretOrAssertion: Pick<Configuration['auth'], 'clientSecret' | 'clientAssertion'> = {};
    if (!options.clientId.trim()) problem ??= new AppCredentialError('not-configured', 'error.appCredential.notConfigured');
    if ('secret' in options.credential) {
      if (!options.credential.secret) problem ??= new AppCredentialError('not-configured', 'error.appCredential.notConfigured');
      secretOrAssertion = { clientSecret: options.credential.secret };
    } else {
      const { certificate } = options.credential;
      const key = readPrivateKey(certificate.privateKeyPem);
      if (key instanceof AppCredentialError) problem ??= key;
      else if (!THUMBPRINT_SHA256_RE.test(certificate.thumbprintSha256)) {
        problem ??= new AppCredentialError('invalid', 'error.appCredential.malformed', { fields: 'certificate.thumbprintSha256' });
      } else {
        const x5c = certificate.x5c ? x5cOf(certificate.x5c) : undefined;
        // A callback, not `clientCertificate`: a freshly signed assertion for every redemption.
        secretOrAssertion = {
          clientAssertion: (config) =>
            Promise.resolve(
              signClientAssertion({
                clientId: config.clientId,
                privateKey: key,
                thumbprintSha256: certificate.thumbprintSha256,
                audience: config.tokenEndpoint ?? `${options.authority.authority.replace(/\/+$/, '')}/oauth2/v2.0/token`,
                ...(x5c ? { x5c } : {}),
              }),
            ),
        };
      }
    }
    this.problem = problem;
    this.cca = problem
      ? null
      : new ConfidentialClientApplication({
          auth: {
            clientId: options.clientId,
            authority: options.authority.authority,
            knownAuthorities: options.authority.knownAuthorities,
            ...(options.authority.cloudDiscoveryMetadata ? { cloudDiscoveryMetadata: options.authority.cloudDiscoveryMetadata } : {}),
            ...secretOrAssertion,
          },
          // No cachePlugin: MSAL's cache stays in this process's memory (app tokens are short-lived).
          system: {
            ...(options.ca ? { networkClient: pinnedCaNetworkModule(options.ca) } : {}),
            // MSAL's own log stays quiet and never carries personal data, keys or tokens.
            loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
          },
        });
  }

  getAppToken(): Promise<string> {
    if (this.problem) return Promise.reject(this.problem);
    // Callers asking together share one redemption.
    this.inFlight ??= this.acquire().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  invalidate(): void {
    this.skipCache = true;
  }

  private async acquire(): Promise<string> {
    const skipCache = this.skipCache;
    this.skipCache = false;
    let result: AuthenticationResult | null;
    try {
      result = await this.cca!.acquireTokenByClientCredential({ scopes: [PARTNER_CENTER_APP_SCOPE], ...(skipCache ? { skipCache } : {}) });
    } catch (error) {
      if (skipCache) this.skipCache = true;
      throw appCredentialFailure(error, this.options.clientId);
    }
    if (!result?.accessToken) throw new AppCredentialError('failed', 'error.appCredential.failed', { message: 'no access token in the answer' });
    return result.accessToken;
  }
}

// ---------------------------------------------------------------------------------------------
// The emulator's opaque app-only token

const emulatorTokenSchema = z.object({
  accessToken: z.string().min(1),
  appOnly: z.literal(true),
  appId: z.string().min(1),
  servicePrincipalId: z.string().min(1),
});

const EMULATOR_TIMEOUT_MS = 10_000;

/** What a fetch failure means: no answer is `unreachable`. */
function fetchFailure(error: unknown): AppCredentialError {
  return new AppCredentialError('unreachable', 'error.appCredential.unreachable', {}, error);
}

/**
 * The built-in sandbox's app-only token: `POST /_emulator/token {"appOnly": true}` (the default web
 * app). The emulator's opaque tokens carry no expiry and do not expire, so the token is kept until
 * `invalidate()` (a 401 from the emulator's /v1 would mean it restarted: the engine invalidates).
 */
export class EmulatorAppCredential implements AppCredential {
  readonly kind = 'emulator' as const;
  private token: string | null = null;
  private inFlight: Promise<string> | null = null;
  /** Bumped by invalidate(), so a fetch started before it does not store its (stale) token. */
  private generation = 0;

  constructor(
    private readonly partnerCenterUrl: string,
    private readonly fetchImpl: typeof globalThis.fetch = globalThis.fetch,
  ) {}

  getAppToken(): Promise<string> {
    if (this.token) return Promise.resolve(this.token);
    this.inFlight ??= this.fetchToken().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  invalidate(): void {
    this.token = null;
    this.inFlight = null;
    this.generation += 1;
  }

  private async fetchToken(): Promise<string> {
    const generation = this.generation;
    let response: Response;
    let json: unknown;
    try {
      response = await this.fetchImpl(new URL('/_emulator/token', this.partnerCenterUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ appOnly: true }),
        signal: AbortSignal.timeout(EMULATOR_TIMEOUT_MS),
      });
      json = response.ok ? await response.json().catch(() => undefined) : undefined;
      if (!response.ok) await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      throw fetchFailure(error);
    }
    if (!response.ok) throw new AppCredentialError('failed', 'error.appCredential.failed', { message: `the sandbox emulator answered HTTP ${response.status}` });
    const body = emulatorTokenSchema.safeParse(json);
    if (!body.success) throw new AppCredentialError('failed', 'error.appCredential.failed', { message: 'the sandbox emulator\u2019s answer is not an app-only token' });
    if (generation === this.generation) this.token = body.data.accessToken;
    return body.data.accessToken;
  }
}

// ---------------------------------------------------------------------------------------------
// The emulator's web app (a sandbox profile gets its app credential without asking)

const emulatorOidcSchema = z.object({
  url: z.string().min(1),
  ca: z.string().min(1),
  tenantId: z.string().min(1),
  webApp: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
});

export interface EmulatorWebApp {
  /** The emulator's identity provider (HTTPS) and the certificate to trust for it. */
  identityProvider: { url: string; ca: string };
  /** The sandbox partner tenant. */
  tenantId: string;
  /** Its authority for the client-credentials grant. */
  authority: MsalAuthority;
  webApp: { clientId: string; clientSecret: string };
}

/**
 * The emulator's default web app, from `GET /_emulator/oidc`: its secret is made per emulator
 * process, so it is read each time, never stored. Null when the emulator runs without an identity
 * provider (404).
 */
export async function emulatorWebApp(partnerCenterUrl: string, fetchImpl: typeof globalThis.fetch = globalThis.fetch): Promise<EmulatorWebApp | null> {
  let response: Response;
  let json: unknown;
  try {
    response = await fetchImpl(new URL('/_emulator/oidc', partnerCenterUrl), { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(EMULATOR_TIMEOUT_MS) });
    json = response.ok ? await response.json().catch(() => undefined) : undefined;
    if (!response.ok) await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    throw fetchFailure(error);
  }
  if (response.status === 404) return null;
  const body = emulatorOidcSchema.safeParse(json);
  if (!response.ok || !body.success) {
    throw new AppCredentialError('failed', 'error.appCredential.failed', { message: `the sandbox emulator did not describe its web app (HTTP ${response.status})` });
  }
  const { url, ca, tenantId, webApp } = body.data;
  return { identityProvider: { url, ca }, tenantId, authority: authorityFor({ cloud: 'public', partnerTenant: tenantId }, url), webApp };
}

/** The emulator's default web app as an MSAL credential (secret, pinned certificate); null as above. */
export async function emulatorMsalAppCredential(partnerCenterUrl: string, fetchImpl?: typeof globalThis.fetch): Promise<MsalAppCredential | null> {
  const found = await emulatorWebApp(partnerCenterUrl, fetchImpl);
  if (!found) return null;
  return new MsalAppCredential({
    authority: found.authority,
    clientId: found.webApp.clientId,
    credential: { secret: found.webApp.clientSecret },
    ca: found.identityProvider.ca,
  });
}

// ---------------------------------------------------------------------------------------------
// Where a profile's web app key is kept

const certificateKeySchema = z.object({
  privateKeyPem: z.string().min(1),
  thumbprintSha256: z.string().regex(THUMBPRINT_SHA256_RE),
  x5c: z.string().min(1).optional(),
});

/** A web app's id and its key: a client secret or a certificate, exactly one. */
export const appKeySchema = z
  .object({
    clientId: z.string().trim().min(1),
    secret: z.string().min(1).optional(),
    certificate: certificateKeySchema.optional(),
  })
  .refine((k) => (k.secret === undefined) !== (k.certificate === undefined), {
    message: 'either secret or certificate',
    path: ['secret'],
  });
export type AppKey = z.infer<typeof appKeySchema>;

/** The credential for a stored key, on the partner tenant's `authority`. */
export function msalAppCredentialFromKey(key: AppKey, options: { authority: MsalAuthority; ca?: string }): MsalAppCredential {
  const credential: AppKeyCredential = key.certificate ? { certificate: key.certificate } : { secret: key.secret ?? '' };
  return new MsalAppCredential({ authority: options.authority, clientId: key.clientId, credential, ...(options.ca ? { ca: options.ca } : {}) });
}

/**
 * A profile's web app key, as a small JSON document in a SecretStore: OS-protected (safeStorage)
 * in the Electron shell, memory only elsewhere. Never in SQLite. Give it a store of its own, not
 * the one holding the profile's MSAL token cache (each store holds one document).
 */
export class AppKeyStore {
  constructor(private readonly store: SecretStore) {}

  /** Whether the key survives a restart (the OS protects it); else it is asked again each session. */
  get persisted(): boolean {
    return this.store.protection === 'os';
  }

  /** Rejects with an `invalid` AppCredentialError naming the wrong fields (never their values). */
  async save(key: AppKey): Promise<void> {
    const parsed = appKeySchema.safeParse(key);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(key)'))].join(', ');
      throw new AppCredentialError('invalid', 'error.appCredential.malformed', { fields });
    }
    await this.store.write(Buffer.from(JSON.stringify(parsed.data), 'utf8'));
  }

  /** The stored key; null when there is none, or it cannot be read or understood (asked again). */
  async load(): Promise<AppKey | null> {
    let data: Buffer | null;
    try {
      data = await this.store.read();
    } catch {
      // Unreadable (another OS user, a rotated OS key): as if none were stored.
      return null;
    }
    if (!data || data.length === 0) return null;
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      return null;
    }
    const parsed = appKeySchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  }

  clear(): Promise<void> {
    return this.store.clear();
  }
}
