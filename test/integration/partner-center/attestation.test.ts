/**
 * The attestation adapter against the real emulator over HTTP: the whole 2026 flow (create →
 * the customer accepts → status → agreement → listed), with each kind of app credential, and the
 * refusals the engine branches on, as the emulator really answers them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_APP_ID, MCA_TEMPLATE_ID, startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import {
  appTokenForPartnerCenter,
  AppCredentialError,
  EmulatorAppCredential,
  emulatorMsalAppCredential,
  emulatorWebApp,
  MsalAppCredential,
  type AppCredential,
} from '../../../src/main/core/auth/index';
import { decodeJwtClaims } from '../../../src/main/core/auth/claims';
import {
  acceptanceLink,
  attestationRefusal,
  createAttestationClient,
  createPartnerCenterClient,
  isAgreementAlreadyExists,
  isPartnerConfirmationRetired,
  PartnerCenterError,
  type AttestationClient,
  type CreateAttestationInput,
  type PartnerCenterClient,
} from '../../../src/main/core/partner-center/index';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { clientCertificate } from '../emulator/identity';

const SGL = WELL_KNOWN[0]!; // nothing on record
const MUELLER = WELL_KNOWN[1]!; // partner-confirmed once (Jürgen Müller)
const MCA = 'MicrosoftCustomerAgreement';
const DAY = 86_400_000;

let emu: Emulator;
/** App+User reads (customer agreements are App+User only). */
let partnerCenter: PartnerCenterClient;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, customers: 20 });
  partnerCenter = createPartnerCenterClient({ baseUrl: emu.url, getAccessToken: async () => emu.issueToken() });
});
afterAll(() => emu?.close());
beforeEach(async () => {
  await emulatorAdmin(emu.url, 'reset', {});
});

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/partner-center/${name}`, import.meta.url), 'utf8'));

const inputFor = (customer: { id: string; companyName: string }, signatory: Partial<CreateAttestationInput['signatory']> = {}): CreateAttestationInput => ({
  customerId: customer.id,
  country: 'FR',
  language: 'fr-FR',
  companyName: customer.companyName,
  signatory: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '+33 1 42 68 53 00', ...signatory },
});

const clientWith = (credential: AppCredential, timeoutMs?: number): AttestationClient =>
  createAttestationClient({ baseUrl: emu.url, getAppToken: appTokenForPartnerCenter(credential), ...(timeoutMs ? { timeoutMs } : {}) });

async function rejection(p: Promise<unknown>): Promise<PartnerCenterError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(PartnerCenterError);
    return error as PartnerCenterError;
  }
  throw new Error('expected a rejection');
}

const accept = (id: string) => emulatorAdmin(emu.url, `attestations/${id}/accept`, {});

/** The customer on the acceptance page: reads it as a browser would and submits its Accept form. */
async function acceptOnThePage(link: string): Promise<string> {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)].find((m) => /data-action="accept"/.test(m[2]!));
  expect(form, 'the page has an Accept form').toBeDefined();
  const fields = new URLSearchParams([...form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  const answer = await fetch(new URL(form![1]!, link), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
  expect(answer.status).toBe(200);
  return (await answer.text()).match(/data-status="(\w+)"/)?.[1] ?? '';
}

/** create → accepted → status → agreement → listed, with `client`; the acceptance by `answer`. */
async function wholeFlow(client: AttestationClient, answer: (id: string) => Promise<unknown>, customer = SGL) {
  const input = inputFor(customer);
  const created = await client.createAttestation(input);
  expect(created.status).toBe('pending');
  expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(30 * DAY);
  const pending = await client.getAttestation(created.attestationId);
  expect(pending).toEqual({
    attestationId: created.attestationId,
    status: 'pending',
    expiresAt: created.expiresAt,
    signatory: input.signatory,
    customerId: customer.id,
  });
  // too early: the engine waits and reads the status again
  expect(attestationRefusal(await rejection(client.createAgreementFromAttestation(customer.id, { templateId: MCA_TEMPLATE_ID, attestationId: created.attestationId })))).toBe('not-accepted-yet');

  await answer(created.attestationId);
  const accepted = await client.getAttestation(created.attestationId);
  expect(accepted).toMatchObject({ status: 'accepted', acceptedAt: expect.stringMatching(/Z$/) });

  const agreement = await client.createAgreementFromAttestation(customer.id, { templateId: MCA_TEMPLATE_ID, attestationId: created.attestationId });
  const { firstName, lastName, email, phone } = input.signatory;
  expect(agreement).toMatchObject({ primaryContact: { firstName, lastName, email, phoneNumber: phone }, templateId: MCA_TEMPLATE_ID, type: MCA });
  // dateAgreed is the acceptance time, in whole seconds
  expect(agreement.dateAgreed).toBe(`${accepted.acceptedAt!.slice(0, 19)}.000Z`);
  const listed = await partnerCenter.getCustomerAgreements(customer.id, MCA);
  expect(listed).toContainEqual(agreement);
  // one agreement per attestation
  expect(attestationRefusal(await rejection(client.createAgreementFromAttestation(customer.id, { templateId: MCA_TEMPLATE_ID, attestationId: created.attestationId })))).toBe('used');
  return { created, agreement };
}

describe('the whole flow', () => {
  it('with the emulator’s app-only token; the customer accepts by submitting the page’s form', async () => {
    const client = clientWith(new EmulatorAppCredential(emu.url));
    await wholeFlow(client, async (id) => {
      const link = acceptanceLink(emu.url, id);
      expect(link).toBe(`${emu.url}/mca/?attestationid=${id}`);
      expect(await acceptOnThePage(link)).toBe('Accepted');
    });
  });

  it('with an MSAL credential: the emulator’s web app secret, through its identity provider', async () => {
    const credential = await emulatorMsalAppCredential(emu.url);
    expect(credential?.kind).toBe('secret');
    const before = (await emulatorAdmin(emu.url, 'oidc')) as { clientCredentialGrants: number };
    const { agreement } = await wholeFlow(clientWith(credential!), accept);
    // the agreement is the web app's (its service principal), not a user's
    const appToken = await credential!.getAppToken();
    expect(decodeJwtClaims(appToken)).toMatchObject({ appid: DEFAULT_WEB_APP_ID, idtyp: 'app', azpacr: '1' });
    expect(agreement.userId).toBe(decodeJwtClaims(appToken)?.['oid']);
    // MSAL's in-memory cache served every call after the first redemption
    expect(((await emulatorAdmin(emu.url, 'oidc')) as { clientCredentialGrants: number }).clientCredentialGrants).toBe(before.clientCredentialGrants + 1);
  });

  it('with an MSAL credential: a certificate, tokens short-lived enough that MSAL redeems for each call', async () => {
    const cert = clientCertificate();
    const registered = (await emulatorAdmin(emu.url, 'oidc/web-apps', { certificatePem: cert.certificatePem })) as { clientId: string; certificate: { thumbprintSha256: string } };
    await emulatorAdmin(emu.url, 'oidc/lifetime', { accessTokenSeconds: 60 });
    const idp = (await emulatorWebApp(emu.url))!;
    const credential = new MsalAppCredential({
      authority: idp.authority,
      clientId: registered.clientId,
      credential: { certificate: { privateKeyPem: cert.privateKeyPem, thumbprintSha256: registered.certificate.thumbprintSha256, x5c: cert.certificatePem } },
      ca: idp.identityProvider.ca,
    });
    expect(credential.kind).toBe('certificate');
    const grants = async () => ((await emulatorAdmin(emu.url, 'oidc')) as { clientCredentialGrants: number }).clientCredentialGrants;
    const before = await grants();
    await wholeFlow(clientWith(credential), accept);
    // every /v1 call redeemed a new assertion (a 60 s token is "about to expire" for MSAL), none refused
    expect(await grants()).toBeGreaterThanOrEqual(before + 6);
    expect(decodeJwtClaims(await credential.getAppToken())).toMatchObject({ appid: registered.clientId, azpacr: '2', idtyp: 'app' });
  });
});

describe('refusals', () => {
  it('an App+User token is refused on all three calls (403 900150)', async () => {
    const withUserToken = createAttestationClient({ baseUrl: emu.url, getAppToken: async () => emu.issueToken() });
    const app = clientWith(new EmulatorAppCredential(emu.url));
    const created = await app.createAttestation(inputFor(SGL));
    await accept(created.attestationId);
    for (const call of [
      withUserToken.createAttestation(inputFor(SGL)),
      withUserToken.getAttestation(created.attestationId),
      withUserToken.createAgreementFromAttestation(SGL.id, { templateId: MCA_TEMPLATE_ID, attestationId: created.attestationId }),
    ]) {
      const error = await rejection(call);
      expect(error).toMatchObject({ kind: 'forbidden', httpStatus: 403, code: '900150', retryable: false });
      expect(error.message).toMatch(/AppOnly authentication only/);
    }
    // nothing was used up: the app-only client still creates the agreement
    await app.createAgreementFromAttestation(SGL.id, { templateId: MCA_TEMPLATE_ID, attestationId: created.attestationId });
  });

  it('a wrong web app key is an AppCredentialError “invalid”, reported through the client as unauthorized; nothing is sent', async () => {
    const idp = (await emulatorWebApp(emu.url))!;
    const wrong = new MsalAppCredential({ authority: idp.authority, clientId: idp.webApp.clientId, credential: { secret: `${idp.webApp.clientSecret}x` }, ca: idp.identityProvider.ca });
    const direct = await wrong.getAppToken().catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(AppCredentialError);
    expect(direct).toMatchObject({ problem: 'invalid', message: 'error.appCredential.wrongSecret' });
    const before = ((await emulatorAdmin(emu.url, 'state')) as { requests: number }).requests;
    const error = await rejection(clientWith(wrong).createAttestation(inputFor(SGL)));
    expect(error).toMatchObject({ kind: 'unauthorized', signInNeeded: true });
    expect(error.cause).toBeInstanceOf(AppCredentialError);
    expect(((await emulatorAdmin(emu.url, 'state')) as { requests: number }).requests).toBe(before);
  });

  it('declined, expired, another customer’s, unknown: each refusal means what the engine expects', async () => {
    const client = clientWith(new EmulatorAppCredential(emu.url));
    const agreementFrom = (customerId: string, attestationId: string) => client.createAgreementFromAttestation(customerId, { templateId: MCA_TEMPLATE_ID, attestationId });

    const declined = await client.createAttestation(inputFor(SGL));
    await emulatorAdmin(emu.url, `attestations/${declined.attestationId}/decline`, {});
    expect(await client.getAttestation(declined.attestationId)).toMatchObject({ status: 'declined', declinedAt: expect.stringMatching(/Z$/) });
    expect(attestationRefusal(await rejection(agreementFrom(SGL.id, declined.attestationId)))).toBe('declined');

    const forSgl = await client.createAttestation(inputFor(SGL, { email: 'other@example.com' }));
    await accept(forSgl.attestationId);
    expect(attestationRefusal(await rejection(agreementFrom(WELL_KNOWN[5]!.id, forSgl.attestationId)))).toBe('other-customer');

    const unknown = await rejection(client.getAttestation('00000000-0000-4000-8000-000000000000'));
    expect(unknown).toMatchObject({ kind: 'not-found', httpStatus: 404 });
    expect(attestationRefusal(unknown)).toBe('not-found');
    expect(attestationRefusal(await rejection(agreementFrom(SGL.id, '00000000-0000-4000-8000-000000000000')))).toBe('not-found');

    const late = await client.createAttestation(inputFor(SGL, { email: 'late@example.com' }));
    await emulatorAdmin(emu.url, 'clock', { skewMs: 31 * DAY });
    expect(await client.getAttestation(late.attestationId)).toMatchObject({ status: 'expired', expiresAt: late.expiresAt });
    expect(attestationRefusal(await rejection(agreementFrom(SGL.id, late.attestationId)))).toBe('expired');
  });

  it('600061: the same signatory already on record for the customer', async () => {
    const [record] = await partnerCenter.getCustomerAgreements(MUELLER.id, MCA);
    const c = record!.primaryContact;
    const client = clientWith(new EmulatorAppCredential(emu.url));
    const error = await rejection(client.createAttestation(inputFor(MUELLER, { firstName: c.firstName, lastName: c.lastName, email: c.email, ...(c.phoneNumber ? { phone: c.phoneNumber } : {}) })));
    expect(error).toMatchObject({ kind: 'rejected', code: '600061' });
    expect(isAgreementAlreadyExists(error)).toBe(true);
    expect(attestationRefusal(error)).toBeNull();
  });

  it('the retired legacy contact POST is recognised, and the attestation path still works', async () => {
    await emulatorAdmin(emu.url, 'partner-confirmation', { mode: 'retired' });
    const error = await rejection(partnerCenter.createAgreement(SGL.id, fixture('agreement-post-request.json') as Parameters<PartnerCenterClient['createAgreement']>[1]));
    expect(error).toMatchObject({ kind: 'rejected', httpStatus: 400, code: '600031', errorName: 'PartnerAttestationDeprecated' });
    expect(isPartnerConfirmationRetired(error)).toBe(true);
    expect(attestationRefusal(error)).toBeNull();
    await wholeFlow(clientWith(new EmulatorAppCredential(emu.url)), accept);
  });
});

describe('timeouts', () => {
  it('a create retried with the MS-RequestId of a timed-out call gets the same attestation', async () => {
    const client = clientWith(new EmulatorAppCredential(emu.url), 300);
    const correlationId = crypto.randomUUID();
    await emulatorAdmin(emu.url, 'faults', { rate: 1, kinds: ['timeout'] });
    const timedOut = await rejection(client.createAttestation(inputFor(SGL), { correlationId }));
    expect(timedOut).toMatchObject({ kind: 'timeout', retryable: true, correlationId });
    await emulatorAdmin(emu.url, 'faults', { rate: 0 });

    const again = await client.createAttestation(inputFor(SGL), { correlationId, requestId: timedOut.requestId });
    const list = (await emulatorAdmin(emu.url, 'attestations')) as { totalCount: number; items: { attestationId: string; requestId: string }[] };
    // the timed-out call had created it; the retry got that one back, not a second one
    expect(list.totalCount).toBe(1);
    expect(list.items[0]).toMatchObject({ attestationId: again.attestationId, requestId: timedOut.requestId });
    expect((await client.getAttestation(again.attestationId)).status).toBe('pending');
    // a new call (new MS-RequestId) is a new attestation
    const other = await client.createAttestation(inputFor(SGL, { email: 'someone.else@example.com' }));
    expect(other.attestationId).not.toBe(again.attestationId);
  });
});
