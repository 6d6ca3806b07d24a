/**
 * The identity provider's self-signed certificates (DER made by hand in src/emulator/oidc/certificate.ts),
 * read back with Node's X509Certificate and a maintained ASN.1 parser (@peculiar/asn1-x509) for the
 * key usages X509Certificate does not show, and the TLS certificate as Node's TLS accepts it.
 */
import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { connect, type PeerCertificate } from 'node:tls';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints, Certificate, ExtendedKeyUsage, id_ce_basicConstraints, id_ce_extKeyUsage, id_ce_keyUsage, id_ce_subjectAltName, id_kp_serverAuth, KeyUsage, SubjectAlternativeName,
} from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index';
import { selfSignedCertificate } from '../../../src/emulator/oidc/certificate';
import { pinnedCaNetworkModule } from '../../../src/main/core/auth/network';
import { emulatorPerFile } from '../../helpers/shared-emulator';

let emu: Emulator;
emulatorPerFile((e) => {
  emu = e;
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const RSA_SHA256 = '1.2.840.113549.1.1.11';

/** The extensions as a parser reads them: which are critical, and what each says. */
function extensions(pem: string) {
  const cert = AsnConvert.parse(new X509Certificate(pem).raw, Certificate);
  const all = cert.tbsCertificate.extensions ?? [];
  const ext = (id: string) => all.find((e) => e.extnID === id);
  const basic = ext(id_ce_basicConstraints);
  const keyUsage = ext(id_ce_keyUsage);
  const eku = ext(id_ce_extKeyUsage);
  const san = ext(id_ce_subjectAltName);
  return {
    version: cert.tbsCertificate.version,
    signatureAlgorithm: cert.signatureAlgorithm.algorithm,
    ids: all.map((e) => e.extnID),
    basicConstraints: basic && { critical: basic.critical, cA: AsnConvert.parse(basic.extnValue, BasicConstraints).cA },
    keyUsage: keyUsage && { critical: keyUsage.critical, usages: AsnConvert.parse(keyUsage.extnValue, KeyUsage).toJSON() },
    extKeyUsage: eku && [...AsnConvert.parse(eku.extnValue, ExtendedKeyUsage)],
    subjectAltName: san && [...AsnConvert.parse(san.extnValue, SubjectAlternativeName)].map((n) => ({ dNSName: n.dNSName, iPAddress: n.iPAddress })),
  };
}

const keys = (type: 'ec' | 'rsa'): { publicKey: KeyObject; privateKey: KeyObject } =>
  type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('the TLS certificate the identity provider serves', () => {
  it('names the emulator (CN) and localhost and 127.0.0.1 (SAN), is self-signed and not a CA, 30 days and an hour long', () => {
    const cert = new X509Certificate(emu.oidc!.ca);
    expect(cert.subject).toBe('CN=MCA Desk emulator (local identity provider)');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkHost('example.com')).toBeUndefined();
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('127.0.0.2')).toBeUndefined();
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.keyUsage).toEqual([id_kp_serverAuth]); // Node's keyUsage is the extended key usage
    expect(cert.validFromDate.getTime()).toBeLessThanOrEqual(Date.now() - HOUR);
    expect(cert.validToDate.getTime() - cert.validFromDate.getTime()).toBe(30 * DAY + HOUR);
  });

  it('a P-256 TLS server certificate: digitalSignature alone (no keyEncipherment for an EC key), serverAuth, v3', () => {
    expect(extensions(emu.oidc!.ca)).toEqual({
      version: 2, // v3
      signatureAlgorithm: ECDSA_SHA256,
      ids: [id_ce_basicConstraints, id_ce_keyUsage, id_ce_extKeyUsage, id_ce_subjectAltName],
      basicConstraints: { critical: true, cA: false },
      keyUsage: { critical: true, usages: ['digitalSignature'] },
      extKeyUsage: [id_kp_serverAuth],
      subjectAltName: [{ dNSName: 'localhost', iPAddress: undefined }, { dNSName: undefined, iPAddress: '127.0.0.1' }],
    });
  });

  it('Node’s TLS accepts it with it as the only trusted certificate, for 127.0.0.1 and localhost; not otherwise', async () => {
    const port = Number(new URL(emu.oidc!.url).port);
    const handshake = (options: { ca?: string; servername?: string }) =>
      new Promise<PeerCertificate>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, ...options }, () => {
          const peer = socket.getPeerCertificate();
          socket.end();
          resolve(peer);
        });
        socket.once('error', reject);
      });
    const served = await handshake({ ca: emu.oidc!.ca });
    expect(served.raw.equals(new X509Certificate(emu.oidc!.ca).raw)).toBe(true);
    await expect(handshake({ ca: emu.oidc!.ca, servername: 'localhost' })).resolves.toBeDefined();
    await expect(handshake({})).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await expect(handshake({ ca: emu.oidc!.ca, servername: 'login.microsoftonline.com' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    // What MSAL's requests go through in the app (see test/integration/auth).
    const doc = await pinnedCaNetworkModule(emu.oidc!.ca).sendGetRequestAsync<{ issuer: string }>(`${emu.oidc!.url}/${emu.oidc!.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(doc).toMatchObject({ status: 200, body: { issuer: `${emu.oidc!.url}/${emu.oidc!.tenantId}/v2.0` } });
  });
});

describe('selfSignedCertificate', () => {
  it('an RSA TLS server certificate adds keyEncipherment and is signed sha256WithRSAEncryption', () => {
    const { publicKey, privateKey } = keys('rsa');
    const pem = selfSignedCertificate(publicKey, privateKey, { commonName: 'MCA Desk test web app' });
    expect(new X509Certificate(pem).subject).toBe('CN=MCA Desk test web app');
    expect(extensions(pem)).toMatchObject({
      signatureAlgorithm: RSA_SHA256,
      keyUsage: { critical: true, usages: ['digitalSignature', 'keyEncipherment'] },
      extKeyUsage: [id_kp_serverAuth],
    });
  });

  it('a signing certificate (the JWKS’s x5c) names no host and has no extended key usage', () => {
    const { publicKey, privateKey } = keys('rsa');
    const pem = selfSignedCertificate(publicKey, privateKey, { commonName: 'Signing', purpose: 'signing', days: 365 });
    const cert = new X509Certificate(pem);
    expect(cert.subjectAltName).toBeUndefined();
    expect(cert.checkHost('localhost')).toBeUndefined();
    expect(cert.validToDate.getTime() - cert.validFromDate.getTime()).toBe(365 * DAY + HOUR);
    expect(extensions(pem)).toMatchObject({
      ids: [id_ce_basicConstraints, id_ce_keyUsage],
      basicConstraints: { critical: true, cA: false },
      keyUsage: { critical: true, usages: ['digitalSignature'] },
    });
  });

  it('is valid from an hour before it is made (clock skew), whole seconds, for the days asked', () => {
    const { publicKey, privateKey } = keys('ec');
    const before = Date.now();
    const cert = new X509Certificate(selfSignedCertificate(publicKey, privateKey, { days: 2 }));
    const after = Date.now();
    expect(cert.validFromDate.getTime()).toBeGreaterThanOrEqual(Math.floor((before - HOUR) / 1000) * 1000);
    expect(cert.validFromDate.getTime()).toBeLessThanOrEqual(after - HOUR);
    expect(cert.validToDate.getTime() - cert.validFromDate.getTime()).toBe(2 * DAY + HOUR);
    expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });
});
