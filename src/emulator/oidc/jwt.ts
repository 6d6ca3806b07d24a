/** RS256 JSON Web Tokens (RFC 7519) with Node's crypto: signing, verifying, the JWKS entry. */
import { createHash, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

export type Claims = Record<string, unknown>;

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let shared: Promise<SigningKey> | null = null;

/** One RSA key per process, made on first use (tests start many emulators). */
export function signingKey(): Promise<SigningKey> {
  shared ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then(({ publicKey, privateKey }) => ({
    kid: createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 16),
    privateKey,
    publicKey,
  }));
  return shared;
}

export function signJwt(claims: Claims, key: SigningKey): string {
  const input = `${b64({ typ: 'JWT', alg: 'RS256', kid: key.kid })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** The claims of a token signed by `key` and not expired at `nowSeconds`; null otherwise. */
export function verifyJwt(token: string, key: SigningKey, nowSeconds: number): Claims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string; kid?: string };
    if (h.alg !== 'RS256' || h.kid !== key.kid) return null;
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), key.publicKey, Buffer.from(signature, 'base64url'))) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    if (typeof claims['exp'] !== 'number' || claims['exp'] <= nowSeconds) return null;
    if (typeof claims['nbf'] === 'number' && claims['nbf'] > nowSeconds + 300) return null;
    return claims;
  } catch {
    return null;
  }
}

export function jwks(key: SigningKey): { keys: Record<string, unknown>[] } {
  const jwk = createPublicKey(key.publicKey).export({ format: 'jwk' });
  return { keys: [{ ...jwk, kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid }] };
}
