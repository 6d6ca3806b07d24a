/**
 * The attestation adapter (src/main/core/partner-center/attestation.ts) without a server: its
 * wire formats against the emulator's fixtures, the status mapping, the acceptance link and the
 * error meanings.
 */
import { readFileSync } from 'node:fs';
import { rejection } from '../../helpers/errors';
import { fakeFetch } from '../../helpers/fake-fetch';
import { describe, expect, it } from 'vitest';
import {
  acceptanceLink,
  ADMIN_CENTER_ACCEPTANCE_URL,
  agreementFromAttestationRequestSchema,
  agreementFromAttestationWireBody,
  agreementSchema,
  attestationCreatedSchema,
  attestationCreateRequestSchema,
  attestationRefusal,
  attestationSchema,
  attestationStatusOf,
  attestationWireBody,
  createAttestationClient,
  errorFromHttpFailure,
  isAgreementAlreadyExists,
  isPartnerConfirmationRetired,
  PartnerCenterError,
  type AttestationClient,
  type CreateAttestationInput,
} from '../../../src/main/core/partner-center/index';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/partner-center/${name}`, import.meta.url), 'utf8'));
const fixtureObject = (name: string) => fixture(name) as Record<string, unknown>;

/** The input that gives the fixture's request body. */
const input: CreateAttestationInput = {
  customerId: '0b5e1c7a-3f2d-4e8b-9c6a-000000000001',
  country: 'FR',
  language: 'fr-FR',
  companyName: 'Société Générale de Logistique',
  signatory: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '+33 1 42 68 53 00' },
};

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function client(fetch: typeof globalThis.fetch): AttestationClient {
  return createAttestationClient({ baseUrl: 'http://pc.test', getAppToken: async () => 'app-token', fetch, timeoutMs: 1000 });
}

/** The GET answer: the created fixture with another status (and its answer time). */
const statusAnswer = (status: string, extra: Record<string, unknown> = {}) => ({ ...fixtureObject('attestation-created.json'), status, ...extra });

describe('wire formats against the fixtures', () => {
  it('sends exactly the fixture’s create body, trimmed, country upper case', () => {
    expect(attestationWireBody(input)).toEqual(fixture('attestation-create-request.json'));
    expect(attestationCreateRequestSchema.parse(fixture('attestation-create-request.json'))).toEqual(fixture('attestation-create-request.json'));
    const untidy = attestationWireBody({
      ...input,
      country: ' fr ',
      companyName: ` ${input.companyName}  `,
      signatory: { ...input.signatory, email: ` ${input.signatory.email} ` },
    });
    expect(untidy).toEqual(fixture('attestation-create-request.json'));
  });

  it('leaves the phone out when it is empty or blank, and sends nothing the caller added', () => {
    for (const phone of [undefined, '', '   ']) {
      const { phone: _given, ...withoutPhone } = input.signatory;
      const body = attestationWireBody({ ...input, signatory: phone === undefined ? withoutPhone : { ...withoutPhone, phone } });
      expect(body).not.toHaveProperty('signatoryPhoneNumber');
      expect(attestationCreateRequestSchema.safeParse(body).success).toBe(true);
    }
    const extra = { ...input, customerName: 'x', signatory: { ...input.signatory, title: 'CEO' } } as CreateAttestationInput;
    expect(Object.keys(attestationWireBody(extra)).sort()).toEqual(Object.keys(fixtureObject('attestation-create-request.json')).sort());
  });

  it('reads the 201 answer of the fixture, and the GET answer with a phone-less signatory', () => {
    const created = attestationCreatedSchema.parse(fixture('attestation-created.json'));
    expect(created).toEqual({
      attestationId: '3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
      status: 'pending',
      createdDateTime: '2026-02-02T09:30:00.000Z',
      expirationDateTime: '2026-03-04T09:30:00.000Z',
    });
    const { signatoryPhoneNumber: _phone, ...noPhone } = fixtureObject('attestation-created.json');
    expect(attestationSchema.parse(noPhone).signatoryPhoneNumber).toBeUndefined();
  });

  it('is lenient with fields Partner Center may add, strict with the ones the app relies on', () => {
    expect(attestationSchema.safeParse({ ...fixtureObject('attestation-created.json'), newField: { a: 1 } }).success).toBe(true);
    for (const key of ['attestationId', 'status', 'customerTenantId', 'signatoryFirstName', 'signatoryLastName', 'signatoryEmail']) {
      const { [key]: _dropped, ...rest } = fixtureObject('attestation-created.json');
      expect(attestationSchema.safeParse(rest).success, key).toBe(false);
    }
    for (const key of ['createdDateTime', 'expirationDateTime']) {
      const { [key]: _dropped, ...rest } = fixtureObject('attestation-created.json');
      expect(attestationCreatedSchema.safeParse(rest).success, key).toBe(false);
      expect(attestationSchema.safeParse(rest).success, key).toBe(true);
    }
    expect(attestationSchema.safeParse(statusAnswer('Accepted', { acceptedDateTime: 'yesterday' })).success).toBe(false);
  });

  it('sends exactly the fixture’s agreement-from-attestation body; the answer is the Agreement', () => {
    const request = fixtureObject('agreement-from-attestation-request.json');
    const body = agreementFromAttestationWireBody({ templateId: String(request['templateId']), attestationId: String(request['attestationId']) });
    expect(body).toEqual(request);
    expect(agreementFromAttestationRequestSchema.parse(request)).toEqual(request);
    expect(agreementFromAttestationRequestSchema.safeParse({ ...request, primaryContact: {} }).success).toBe(false);
  });
});

describe('status mapping', () => {
  it('maps Microsoft’s values case-insensitively; Valid is accepted', () => {
    const cases: [string, string][] = [
      ['Pending', 'pending'],
      ['PENDING', 'pending'],
      ['Accepted', 'accepted'],
      ['accepted', 'accepted'],
      ['Valid', 'accepted'],
      ['VALID', 'accepted'],
      [' valid ', 'accepted'],
      ['Declined', 'declined'],
      ['Expired', 'expired'],
      ['eXpIrEd', 'expired'],
    ];
    for (const [value, status] of cases) expect(attestationStatusOf(value), value).toBe(status);
    for (const value of ['', 'Completed', 'Rejected', 'Unknown', 'toString', '__proto__', 'Pending2']) expect(attestationStatusOf(value), value).toBeUndefined();
  });

  it('getAttestation answers the app’s view: accepted with its time, the signatory, the customer', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, statusAnswer('Valid', { acceptedDateTime: '2026-02-03T10:00:00.000Z' })));
    const attestation = await client(fetch).getAttestation('3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b');
    expect(attestation).toEqual({
      attestationId: '3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
      status: 'accepted',
      acceptedAt: '2026-02-03T10:00:00.000Z',
      expiresAt: '2026-03-04T09:30:00.000Z',
      signatory: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '+33 1 42 68 53 00' },
      customerId: '0b5e1c7a-3f2d-4e8b-9c6a-000000000001',
    });
    expect(seen[0]).toMatchObject({ method: 'GET', url: 'http://pc.test/v1/attestations/enhanced/3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b' });
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer app-token');
  });

  it('an unknown status value is a bad-response error, never pending', async () => {
    const { fetch } = fakeFetch(() => json(200, statusAnswer('Completed')));
    const error = await rejection(client(fetch).getAttestation('3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', { correlationId: 'c-1' }));
    expect(error).toBeInstanceOf(PartnerCenterError);
    expect(error).toMatchObject({ kind: 'bad-response', httpStatus: 200, correlationId: 'c-1', retryable: true });
    expect((error as Error).message).toMatch(/status: unknown attestation status 'Completed'/);
    // on create as well
    const created = fakeFetch(() => json(201, statusAnswer('Waiting')));
    expect(await rejection(client(created.fetch).createAttestation(input))).toMatchObject({ kind: 'bad-response' });
  });

  it('declined with its time; the id is encoded in the path', async () => {
    const { fetch, seen } = fakeFetch(() => json(200, statusAnswer('Declined', { declinedDateTime: '2026-02-03T10:00:00Z', signatoryPhoneNumber: null })));
    const attestation = await client(fetch).getAttestation('a/b?c');
    expect(attestation).toMatchObject({ status: 'declined', declinedAt: '2026-02-03T10:00:00.000Z', signatory: { firstName: 'Amélie' } });
    expect(attestation.signatory).not.toHaveProperty('phone');
    expect(seen[0]!.url).toBe('http://pc.test/v1/attestations/enhanced/a%2Fb%3Fc');
  });
});

describe('the calls on the wire', () => {
  it('createAttestation posts the body with the app token and the caller’s ids; answers id, status and times', async () => {
    const { fetch, seen } = fakeFetch(() => json(201, fixture('attestation-created.json')));
    const created = await client(fetch).createAttestation(input, { correlationId: 'corr', requestId: 'req-again' });
    expect(created).toEqual({
      attestationId: '3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
      status: 'pending',
      createdAt: '2026-02-02T09:30:00.000Z',
      expiresAt: '2026-03-04T09:30:00.000Z',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: 'http://pc.test/v1/attestations/enhanced' });
    expect(JSON.parse(seen[0]!.body!)).toEqual(fixture('attestation-create-request.json'));
    expect(Object.fromEntries(['authorization', 'ms-requestid', 'ms-correlationid', 'content-type'].map((h) => [h, seen[0]!.headers.get(h)]))).toEqual({
      authorization: 'Bearer app-token',
      'ms-requestid': 'req-again',
      'ms-correlationid': 'corr',
      'content-type': 'application/json',
    });
  });

  it('createAgreementFromAttestation posts {type, templateId, attestationId} under the customer and parses the Agreement', async () => {
    const agreement = {
      primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phoneNumber: '+33 1 42 68 53 00' },
      templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
      dateAgreed: '2026-02-03T10:00:00',
      type: 'MicrosoftCustomerAgreement',
      agreementLink: 'https://aka.ms/customeragreement',
      userId: 'sp-id',
    };
    const { fetch, seen } = fakeFetch(() => json(201, agreement));
    const request = fixtureObject('agreement-from-attestation-request.json');
    const created = await client(fetch).createAgreementFromAttestation('0b5e1c7a 1', { templateId: String(request['templateId']), attestationId: String(request['attestationId']) });
    expect(created).toEqual(agreementSchema.parse(agreement));
    expect(created.dateAgreed).toBe('2026-02-03T10:00:00.000Z');
    expect(seen[0]).toMatchObject({ method: 'POST', url: 'http://pc.test/v1/customers/0b5e1c7a%201/agreements' });
    expect(JSON.parse(seen[0]!.body!)).toEqual(request);
  });

  it('a token that cannot be had is unauthorized with the token error as cause; a PartnerCenterError passes as it is', async () => {
    const { fetch, seen } = fakeFetch(() => json(201, {}));
    const failure = new Error('no key');
    const refused = createAttestationClient({ baseUrl: 'http://pc.test', getAppToken: () => Promise.reject(failure), fetch });
    expect(await rejection(refused.getAttestation('x'))).toMatchObject({ kind: 'unauthorized', cause: failure });
    const offline = new PartnerCenterError({ kind: 'network', message: 'idp down' });
    const unreachable = createAttestationClient({ baseUrl: 'http://pc.test', getAppToken: () => Promise.reject(offline), fetch });
    expect(await rejection(unreachable.getAttestation('x'))).toBe(offline);
    expect(seen).toHaveLength(0);
  });
});

describe('acceptanceLink', () => {
  const id = '3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

  it('is Microsoft’s CDN page for production Partner Center', () => {
    for (const base of ['https://api.partnercenter.microsoft.com', 'https://api.partnercenter.microsoft.com/', 'https://API.PartnerCenter.microsoft.com/v1']) {
      expect(acceptanceLink(base, id), base).toBe(`https://cdn.partner.microsoft.com/mca/?attestationid=${id}`);
    }
  });

  it('is the emulator’s /mca/ page for any other base', () => {
    expect(acceptanceLink('http://127.0.0.1:8080', id)).toBe(`http://127.0.0.1:8080/mca/?attestationid=${id}`);
    expect(acceptanceLink('http://127.0.0.1:8080/', id)).toBe(`http://127.0.0.1:8080/mca/?attestationid=${id}`);
    expect(acceptanceLink('https://api.partnercenter.microsoft-ppe.com', id)).toBe(`https://api.partnercenter.microsoft-ppe.com/mca/?attestationid=${id}`);
  });

  it('encodes the id', () => {
    const odd = 'a b&c=d/é#?+';
    const link = acceptanceLink('https://api.partnercenter.microsoft.com', odd);
    expect(link).toBe('https://cdn.partner.microsoft.com/mca/?attestationid=a%20b%26c%3Dd%2F%C3%A9%23%3F%2B');
    expect(new URL(link).searchParams.get('attestationid')).toBe(odd);
    expect(new URL(acceptanceLink('http://127.0.0.1:1', odd)).searchParams.get('attestationid')).toBe(odd);
  });

  it('the admin center’s direct acceptance page', () => {
    expect(ADMIN_CENTER_ACCEPTANCE_URL).toBe('https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement');
  });
});

describe('what an error means', () => {
  const agreementError = (httpStatus: number, code: number | string, errorName?: string) =>
    errorFromHttpFailure({
      status: httpStatus,
      bodyText: JSON.stringify({ code, message: 'm', description: 'm', ...(errorName ? { errorName } : {}), isRetryable: false, parameters: {}, errorMessageExtended: `InternalErrorCode=${code}` }),
    });

  it('recognises the retired legacy POST from the fixture, by code or by errorName', () => {
    const retired = errorFromHttpFailure({ status: 400, bodyText: readFileSync(new URL('../../fixtures/partner-center/agreement-error-600031.json', import.meta.url), 'utf8') });
    expect(retired).toMatchObject({ kind: 'rejected', code: '600031', errorName: 'PartnerAttestationDeprecated' });
    expect(isPartnerConfirmationRetired(retired)).toBe(true);
    expect(isPartnerConfirmationRetired(agreementError(400, 600031))).toBe(true);
    expect(isPartnerConfirmationRetired(agreementError(403, 999999, 'partnerAttestationDeprecated'))).toBe(true);
    expect(isPartnerConfirmationRetired(agreementError(400, 600061, 'PartnerConfirmedAgreementAlreadyExists'))).toBe(false);
    expect(isPartnerConfirmationRetired(new Error('600031'))).toBe(false);
    expect(isPartnerConfirmationRetired(undefined)).toBe(false);
    expect(attestationRefusal(retired)).toBeNull();
  });

  it('maps the attestation refusals 600071–600076, by code or by errorName', () => {
    const cases: [number, number, string, string][] = [
      [404, 600071, 'AttestationNotFound', 'not-found'],
      [400, 600072, 'AttestationNotAccepted', 'not-accepted-yet'],
      [400, 600073, 'AttestationDeclined', 'declined'],
      [400, 600074, 'AttestationExpired', 'expired'],
      [400, 600075, 'AttestationCustomerMismatch', 'other-customer'],
      [409, 600076, 'AttestationAlreadyUsed', 'used'],
    ];
    for (const [status, code, name, refusal] of cases) {
      expect(attestationRefusal(agreementError(status, code, name)), name).toBe(refusal);
      expect(attestationRefusal(agreementError(status, code)), String(code)).toBe(refusal);
      expect(attestationRefusal(agreementError(status, String(code))), `"${code}"`).toBe(refusal);
      expect(attestationRefusal(agreementError(status, 1, name.toUpperCase())), `${name} by name`).toBe(refusal);
    }
    expect(attestationRefusal(agreementError(400, 600010, 'InvalidInput'))).toBeNull();
    expect(attestationRefusal(new PartnerCenterError({ kind: 'network', message: 'x' }))).toBeNull();
    expect(attestationRefusal(new Error('AttestationExpired'))).toBeNull();
  });

  it('600061 is the agreement already on record', () => {
    const duplicate = errorFromHttpFailure({ status: 400, bodyText: readFileSync(new URL('../../fixtures/partner-center/agreement-error-600061.json', import.meta.url), 'utf8') });
    expect(isAgreementAlreadyExists(duplicate)).toBe(true);
    expect(attestationRefusal(duplicate)).toBeNull();
    expect(isAgreementAlreadyExists(agreementError(400, 600031))).toBe(false);
  });
});
