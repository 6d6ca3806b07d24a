/** RS256 JSON Web Tokens (RFC 7519) with Node's crypto: signing, verifying, the JWKS entry. */
import { createHash, generateKeyPair, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { selfSignedCertificate } from './certificate';

export type Claims = Record<string, unknown>;

export interface SigningKey {
  /** As Entra ID's: the certificate's SHA-1 thumbprint, base64url (= `x5t`). */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** DER of the key's self-signed certificate, base64 (the JWK's `x5c`, as Entra ID publishes). */
  certificate: string;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let shared: Promise<SigningKey> | null = null;

/** One RSA key per process, made on first use (tests start many emulators). */
export function signingKey(): Promise<SigningKey> {
  shared ??= promisify(generateKeyPair)('rsa', { modulusLength: 2048 }).then(({ publicKey, privateKey }) => {
    const der = new X509Certificate(selfSignedCertificate(publicKey, privateKey, { days: 365, commonName: 'MCA Desk emulator token signing', purpose: 'signing' })).raw;
    return { kid: createHash('sha1').update(der).digest('base64url'), privateKey, publicKey, certificate: der.toString('base64') };
  });
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

/** The JWKS (RFC 7517) of `key`, shaped like Entra ID's v2.0 keys plus `alg`; `extra` adds Entra's `issuer` and the like. */
export function jwks(key: SigningKey, extra: Record<string, string> = {}): { keys: Record<string, unknown>[] } {
  // The public KeyObject exports itself: createPublicKey(keyObject) accepts only a private one.
  const { n, e } = key.publicKey.export({ format: 'jwk' });
  return { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, x5t: key.kid, n, e, x5c: [key.certificate], ...extra }] };
}
