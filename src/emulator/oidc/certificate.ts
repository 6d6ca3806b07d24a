/**
 * Self-signed certificates for the emulator's identity provider (its TLS certificate, its token
 * signing key's `x5c`), made with Node's crypto alone: Node can sign but not build X.509, so the
 * certificate is encoded here in DER (RFC 5280, the few fields these need). No package, nothing
 * written to disk; test/integration/emulator/oidc-certificate.test.ts reads it back with a parser.
 */
import { generateKeyPair, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

export interface TlsMaterial {
  /** PEM certificate: served by the listener and trusted (as the only CA) by its clients. */
  cert: string;
  key: string;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const seq = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const bytes = [a * 40 + b];
  for (const part of rest) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function integer(bytes: Buffer): Buffer {
  // Positive: a leading 0 when the high bit is set.
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function time(date: Date): Buffer {
  // UTCTime up to 2049 (RFC 5280 §4.1.2.5.1), GeneralizedTime after.
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const name = (commonName: string) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const RSA_SHA256 = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05));

/** What the certificate is for: a TLS server (localhost, 127.0.0.1) or only signing (the JWKS's `x5c`). */
export type CertificatePurpose = 'tls-server' | 'signing';

export interface CertificateOptions {
  /** Validity from an hour ago (clock skew) for this many days. */
  days?: number;
  commonName?: string;
  purpose?: CertificatePurpose;
}

// keyUsage bits (RFC 5280 §4.2.1.3) as a DER BIT STRING: unused-bits count, then the bits.
const DIGITAL_SIGNATURE = Buffer.from([0x07, 0x80]);
const DIGITAL_SIGNATURE_KEY_ENCIPHERMENT = Buffer.from([0x05, 0xa0]);

/**
 * A certificate signed with its own key (P-256 or RSA), valid from an hour ago for `days` days.
 * A TLS server's names `localhost` and 127.0.0.1 (serverAuth); a signing one names no host and has
 * no extended key usage. Tests also use it for web-app client certificates (RSA).
 */
export function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, options: CertificateOptions = {}): string {
  const { days = 30, commonName = 'MCA Desk emulator (local identity provider)', purpose = 'tls-server' } = options;
  const rsa = privateKey.asymmetricKeyType === 'rsa';
  const algorithm = rsa ? RSA_SHA256 : ECDSA_SHA256;
  const now = Date.now();
  // keyEncipherment is for RSA keys only (RSA key transport); RFC 5480 §3 forbids it for EC keys.
  const keyUsage = rsa && purpose === 'tls-server' ? DIGITAL_SIGNATURE_KEY_ENCIPHERMENT : DIGITAL_SIGNATURE;
  const extensions = seq(
    // basicConstraints: not a CA.
    seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq())),
    // keyUsage, critical.
    seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, keyUsage))),
    ...(purpose === 'tls-server'
      ? [
          // extKeyUsage: serverAuth.
          seq(oid('2.5.29.37'), tlv(0x04, seq(oid('1.3.6.1.5.5.7.3.1')))),
          // subjectAltName: DNS localhost, IP 127.0.0.1.
          seq(oid('2.5.29.17'), tlv(0x04, seq(tlv(0x82, Buffer.from('localhost')), tlv(0x87, Buffer.from([127, 0, 0, 1]))))),
        ]
      : []),
  );
  const serial = randomBytes(16);
  // Positive (top bit clear) and minimal DER (a 0x00 first byte would be padding): 0x40..0x7f.
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const subject = name(commonName);
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    subject,
    seq(time(new Date(now - 3_600_000)), time(new Date(now + days * 86_400_000))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  // Parsing it back checks the encoding and the self-signature.
  if (!new X509Certificate(pem).verify(publicKey)) throw new Error('The emulator could not make its certificate.');
  return pem;
}

let material: Promise<TlsMaterial> | null = null;

/** One P-256 key and certificate per process (made on first use; cheap to reuse in tests). */
export function tlsMaterial(): Promise<TlsMaterial> {
  material ??= promisify(generateKeyPair)('ec', { namedCurve: 'P-256' }).then(({ publicKey, privateKey }) => ({
    cert: selfSignedCertificate(publicKey, privateKey),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  }));
  return material;
}
