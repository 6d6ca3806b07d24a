/** Helpers for tests against the emulator's identity provider (HTTPS, its own certificate). */
import { createHash, randomBytes, randomUUID, sign, constants, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { request } from 'node:https';
import { selfSignedCertificate } from '../../../src/emulator/oidc/certificate';
import type { Emulator } from '../../../src/emulator/index';

export interface IdpAnswer {
  status: number;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The body as text (the sign-in and form_post pages are HTML). */
  text: string;
}

/** POSTs a form to the identity provider, trusting exactly its certificate. */
export const postForm = (emulator: Emulator, path: string, form: Record<string, string>) => send(emulator, 'POST', path, new URLSearchParams(form).toString());

export const getJson = async (emulator: Emulator, path: string) => (await send(emulator, 'GET', path)).json;

export const get = (emulator: Emulator, path: string) => send(emulator, 'GET', path);

function send(emulator: Emulator, method: 'GET' | 'POST', path: string, body?: string): Promise<IdpAnswer> {
  const oidc = emulator.oidc!;
  const headers = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = request(`${oidc.url}${path}`, { method, ca: oidc.ca, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : undefined, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const PC_DEFAULT_SCOPE = 'https://api.partnercenter.microsoft.com/.default';

/** The token endpoint path of the sandbox partner tenant. */
export const tokenPath = (emulator: Emulator) => `/${emulator.oidc!.tenantId}/oauth2/v2.0/token`;

/** A client-credentials request with a secret (what MSAL's ConfidentialClientApplication sends). */
export const secretGrant = (emulator: Emulator, clientId: string, clientSecret: string, scope = PC_DEFAULT_SCOPE) =>
  postForm(emulator, tokenPath(emulator), { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope });

export const decodeClaims = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

/** An RSA key and a self-signed certificate for it, as a partner would upload for its web app. */
export function clientCertificate(): { privateKey: KeyObject; privateKeyPem: string; certificatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certificatePem: selfSignedCertificate(publicKey, privateKey, { commonName: 'MCA Desk test web app' }),
  };
}

/** A client assertion (RFC 7523), PS256 or RS256, with the given header fields and claim overrides. */
export function assertion(privateKey: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ typ: 'JWT', ...header })}.${b64(claims)}`;
  const key = header['alg'] === 'PS256' ? { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : privateKey;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** The claims a well-formed assertion for `clientId` carries (aud = the token endpoint). */
export function assertionClaims(emulator: Emulator, clientId: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { aud: `${emulator.oidc!.url}${tokenPath(emulator)}`, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 };
}

export const b64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

/**
 * A user sign-in as a browser would do it, without one: the authorize page (PKCE S256), the click on
 * the sandbox user with `role`, the form_post's code, then the token endpoint's answer.
 */
export async function signInByForm(emulator: Emulator, o: { clientId: string; role: string; scope: string; nonce: string }): Promise<IdpAnswer> {
  const tenant = emulator.oidc!.tenantId;
  const redirectUri = 'http://localhost:53682';
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const query = new URLSearchParams({ client_id: o.clientId, redirect_uri: redirectUri, response_type: 'code', response_mode: 'form_post', scope: o.scope, nonce: o.nonce, state: 'st', code_challenge: challenge, code_challenge_method: 'S256' });
  const page = await send(emulator, 'GET', `/${tenant}/oauth2/v2.0/authorize?${query}`);
  const user = new RegExp(`name="user" value="([^"]+)" data-role="${o.role}"`).exec(page.text)?.[1];
  if (page.status !== 200 || !user) throw new Error(`No sign-in page with a ${o.role}: ${page.status} ${page.text.slice(0, 200)}`);
  const posted = await postForm(emulator, `/${tenant}/oauth2/v2.0/authorize`, { pending: hidden(page.text, 'pending') ?? '', user });
  const code = hidden(posted.text, 'code');
  if (!code) throw new Error(`No code in the form_post: ${posted.text.slice(0, 200)}`);
  return postForm(emulator, tokenPath(emulator), { grant_type: 'authorization_code', client_id: o.clientId, code, redirect_uri: redirectUri, code_verifier: verifier, scope: o.scope });
}
