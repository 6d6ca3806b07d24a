import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MCA_TEMPLATE_ID, MCLOUDA_TEMPLATE_ID, startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { call, shapeDiff, type CallOptions } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';
import { secretGrant } from './identity';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/partner-center/${name}`, import.meta.url), 'utf8'));
const SGL = WELL_KNOWN[0]!.id; // nothing confirmed
const MUELLER = WELL_KNOWN[1]!.id; // partner-confirmed once (Jürgen Müller)
const CONTOSO = WELL_KNOWN[6]!.id;
const DAY = 86_400_000;
const AGREEMENT_ERROR_KEYS = ['code', 'description', 'errorMessageExtended', 'errorName', 'isRetryable', 'message', 'parameters'];
const NO_DIFF = { missing: [], typeMismatch: [], extra: [] };

let emu: Emulator;
let userToken: string;
emulatorPerFile((e, t) => {
  emu = e;
  userToken = t;
});

const app = () => emu.issueAppOnlyToken();
const createBody = (over: Record<string, unknown> = {}) => ({ ...fixture('attestation-create-request.json'), ...over });
const create = (body: unknown = createBody(), options: CallOptions = {}) => call(emu.url, 'POST', '/v1/attestations/enhanced', { token: app(), body, ...options });
const status = (id: string) => call(emu.url, 'GET', `/v1/attestations/enhanced/${id}`, { token: app() });
const agreementBody = (attestationId: string, over: Record<string, unknown> = {}) => ({ ...fixture('agreement-from-attestation-request.json'), attestationId, ...over });
const createAgreement = (customer: string, body: unknown, options: CallOptions = {}) => call(emu.url, 'POST', `/v1/customers/${customer}/agreements`, { token: app(), body, ...options });
const mcaRecords = async (customer: string) => (await call(emu.url, 'GET', `/v1/customers/${customer}/agreements?agreementType=MicrosoftCustomerAgreement`, { token: userToken })).json.items as any[];
const admin = (path: string, body?: unknown) => call(emu.url, body === undefined && !path.includes('/') ? 'GET' : 'POST', `/_emulator/${path}`, body === undefined ? {} : { body });
const adminList = async (query = '') => (await call(emu.url, 'GET', `/_emulator/attestations${query}`)).json as { totalCount: number; items: any[] };
const skew = (skewMs: number) => call(emu.url, 'POST', '/_emulator/clock', { body: { skewMs } });

/** The customer's page, as a browser would get and post it. */
const page = async (id: string) => {
  const res = await fetch(`${emu.url}/mca/?attestationid=${encodeURIComponent(id)}`);
  return { status: res.status, headers: res.headers, html: await res.text() };
};
const click = async (action: 'accept' | 'decline', id: string) => {
  const res = await fetch(`${emu.url}/mca/${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ attestationid: id }) });
  return { status: res.status, html: await res.text() };
};
const buttons = (html: string) => [...html.matchAll(/<button[^>]*data-action="(\w+)"[^>]*>([^<]*)<\/button>/g)].map((m) => [m[1], m[2]]);

function expectAgreementError(res: { status: number; json: any }, httpStatus: number, code: number, errorName?: string) {
  expect({ status: res.status, code: res.json?.code }).toEqual({ status: httpStatus, code });
  expect(Object.keys(res.json).sort()).toEqual(AGREEMENT_ERROR_KEYS);
  expect(res.json.errorMessageExtended).toBe(`InternalErrorCode=${code}`);
  if (errorName !== undefined) expect(res.json.errorName).toBe(errorName);
}

/** Creates an attestation for `customer` and has the customer accept it (admin API). */
async function accepted(customer = SGL, over: Record<string, unknown> = {}) {
  const created = await create(createBody({ customerTenantId: customer, ...over }));
  expect(created.status).toBe(201);
  const res = await admin(`attestations/${created.json.attestationId}/accept`, {});
  expect(res.status).toBe(200);
  return res.json;
}

describe('POST /v1/attestations/enhanced', () => {
  it('201 with the attestation: Pending, ISO UTC dates, expiry 30 days after creation on the emulator clock', async () => {
    await skew(-3 * DAY);
    const res = await create();
    expect(res.status).toBe(201);
    expect(shapeDiff(fixture('attestation-created.json'), res.json)).toEqual(NO_DIFF);
    const request = fixture('attestation-create-request.json');
    expect(res.json).toMatchObject({ ...request, status: 'Pending', attestationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(res.json.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const created = Date.parse(res.json.createdDateTime);
    expect(Math.abs(created - (Date.now() - 3 * DAY))).toBeLessThan(60_000);
    expect(Date.parse(res.json.expirationDateTime) - created).toBe(30 * DAY);
    const got = await status(res.json.attestationId);
    expect(got.status).toBe(200);
    expect(got.json).toEqual(res.json);
    const state = (await call(emu.url, 'GET', '/_emulator/state')).json;
    expect(state).toMatchObject({ attestations: 1, writes: 1 });
    const writes = (await call(emu.url, 'GET', '/_emulator/writes')).json.items;
    expect(writes[0]).toMatchObject({ method: 'POST', path: '/v1/attestations/enhanced', status: 201, errorCode: null, body: request });
  });

  it('an empty or null phone number is absent; PascalCase fields are accepted', async () => {
    for (const phone of ['', null]) {
      const res = await create(createBody({ signatoryPhoneNumber: phone, signatoryEmail: `p${String(phone)}@example.com` }));
      expect(res.status).toBe(201);
      expect(res.json).not.toHaveProperty('signatoryPhoneNumber');
    }
    const { signatoryPhoneNumber: _omit, ...noPhone } = createBody();
    expect((await create(noPhone)).json).not.toHaveProperty('signatoryPhoneNumber');
    const pascal = Object.fromEntries(Object.entries(createBody()).map(([k, v]) => [k[0]!.toUpperCase() + k.slice(1), v]));
    expect((await create(pascal)).status).toBe(201);
  });

  const invalid: [string, unknown][] = [
    ['no customerTenantId', createBody({ customerTenantId: undefined })],
    ['a malformed customerTenantId', createBody({ customerTenantId: '123' })],
    ['no country', createBody({ country: undefined })],
    ['a lower-case country', createBody({ country: 'fr' })],
    ['a three-letter country', createBody({ country: 'FRA' })],
    ['an unknown country', createBody({ country: 'QQ' })],
    ['no language', createBody({ language: undefined })],
    ['a language name', createBody({ language: 'french' })],
    ['a lower-case region', createBody({ language: 'fr-fr' })],
    ['a blank companyName', createBody({ companyName: '  ' })],
    ['a companyName of 257 characters', createBody({ companyName: 'x'.repeat(257) })],
    ['no signatoryFirstName', createBody({ signatoryFirstName: undefined })],
    ['no signatoryLastName', createBody({ signatoryLastName: undefined })],
    ['no signatoryEmail', createBody({ signatoryEmail: undefined })],
    ['a malformed signatoryEmail', createBody({ signatoryEmail: 'amelie@' })],
    ['a numeric phone', createBody({ signatoryPhoneNumber: 142685300 })],
    ['an unknown field', createBody({ dateAgreed: '2026-01-01T00:00:00Z' })],
    ['an array', [createBody()]],
  ];
  it.each(invalid)('400 600010 InvalidInput for %s; nothing created', async (_label, body) => {
    const res = await create(body);
    expectAgreementError(res, 400, 600010, 'InvalidInput');
    expect(res.json.message).not.toBe('');
    expect((await adminList()).totalCount).toBe(0);
  });

  it('400 600010 for an empty or non-JSON body', async () => {
    expectAgreementError(await call(emu.url, 'POST', '/v1/attestations/enhanced', { token: app(), rawBody: '' }), 400, 600010);
    expectAgreementError(await call(emu.url, 'POST', '/v1/attestations/enhanced', { token: app(), rawBody: '{"country":' }), 400, 600010);
  });

  it('404 60003 for an unknown customer', async () => {
    expectAgreementError(await create(createBody({ customerTenantId: '7d3f3c1e-0000-4000-8000-123456789abc' })), 404, 60003, 'TenantNotFound');
  });

  it('600061 when the customer already holds a record with the same signatory; another phone is a new signatory', async () => {
    const [seeded] = await mcaRecords(MUELLER);
    const same = { customerTenantId: MUELLER, signatoryFirstName: seeded.primaryContact.firstName, signatoryLastName: seeded.primaryContact.lastName, signatoryEmail: seeded.primaryContact.email.toUpperCase(), signatoryPhoneNumber: seeded.primaryContact.phoneNumber };
    const res = await create(createBody(same));
    expectAgreementError(res, 400, 600061);
    expect(res.json).toEqual(fixture('agreement-error-600061.json'));
    expect((await create(createBody({ ...same, signatoryPhoneNumber: '+49 30 7654321' }))).status).toBe(201);
  });

  it('App+User tokens get 403 900150 on both attestation endpoints', async () => {
    const created = await create();
    for (const [method, path, body] of [['POST', '/v1/attestations/enhanced', createBody()], ['GET', `/v1/attestations/enhanced/${created.json.attestationId}`, undefined]] as const) {
      const res = await call(emu.url, method, path, { token: userToken, ...(body ? { body } : {}) });
      expectAgreementError(res, 403, 900150, 'Forbidden');
      expect(res.json.message).toMatch(/AppOnly authentication only/);
    }
    expect((await call(emu.url, 'GET', '/v1/attestations/enhanced', { token: app() })).status).toBe(405);
  });

  it('is absent outside the public cloud, like every agreement endpoint', async () => {
    const china = await startEmulator({ port: 0, cloud: 'china', oidc: false });
    try {
      const res = await call(china.url, 'POST', '/v1/attestations/enhanced', { token: china.issueAppOnlyToken(), body: createBody() });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: '404', source: 'PartnerCenter' });
    } finally {
      await china.close();
    }
  });

  it('a create retried with the same MS-RequestId (after a reset connection) returns the same attestation, never a second one', async () => {
    const headers = { 'MS-RequestId': '5e5e5e5e-0000-4000-8000-00000000a77e' };
    await call(emu.url, 'POST', '/_emulator/faults', { body: { rate: 1, kinds: ['reset'] } });
    await expect(create(createBody(), { headers })).rejects.toThrow();
    await call(emu.url, 'POST', '/_emulator/faults', { body: { rate: 0 } });
    const retry = await create(createBody(), { headers });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('MS-Emulator-Replayed')).toBe('true');
    const again = await create(createBody(), { headers });
    expect(again.json.attestationId).toBe(retry.json.attestationId);
    const list = await adminList();
    expect(list.items.map((a) => [a.attestationId, a.requestId])).toEqual([[retry.json.attestationId, headers['MS-RequestId']]]);
    // a new request id is a new attestation
    expect((await create()).json.attestationId).not.toBe(retry.json.attestationId);
    expect((await adminList()).totalCount).toBe(2);
  });
});

describe('GET /v1/attestations/enhanced/{id}', () => {
  it('404 600071 for an unknown id, 400 600010 for a malformed one', async () => {
    expectAgreementError(await status('7d3f3c1e-0000-4000-8000-123456789abc'), 404, 600071, 'AttestationNotFound');
    expectAgreementError(await status('nope'), 400, 600010, 'InvalidInput');
  });

  it('a Pending attestation reads Expired once 30 days have passed on the emulator clock, and stays Expired', async () => {
    const id = (await create()).json.attestationId;
    await skew(30 * DAY - 60_000);
    expect((await status(id)).json.status).toBe('Pending');
    await skew(30 * DAY + 1000);
    const expired = await status(id);
    expect(expired.json.status).toBe('Expired');
    expect(expired.json).not.toHaveProperty('acceptedDateTime');
    await skew(0);
    expect((await status(id)).json.status).toBe('Expired');
    expect((await admin(`attestations/${id}/accept`, {})).status).toBe(409);
    expectAgreementError(await createAgreement(SGL, agreementBody(id)), 400, 600074, 'AttestationExpired');
    expect((await page(id)).status).toBe(410);
  });
});

describe('the flow: create → customer page → status → agreement', () => {
  it('with a client-credentials JWT, accepting on the HTML page', async () => {
    const webApp = (await call(emu.url, 'GET', '/_emulator/oidc')).json.webApp;
    const jwt = (await secretGrant(emu, webApp.clientId, webApp.clientSecret)).json.access_token as string;
    const created = await call(emu.url, 'POST', '/v1/attestations/enhanced', { token: jwt, body: createBody({ language: 'en' }) });
    expect(created.status).toBe(201);
    const id = created.json.attestationId as string;

    const shown = await page(id);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(shown.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    expect(shown.headers.get('ms-requestid')).toBeNull();
    expect(shown.html).toContain('<html lang="en">');
    expect(shown.html).toContain('<h1>Microsoft Customer Agreement</h1>');
    expect(shown.html).toContain('Société Générale de Logistique');
    expect(shown.html).toContain('Amélie Lefèvre (amelie.lefevre@example.com)');
    expect(shown.html).toContain('href="https://aka.ms/customeragreement"');
    expect(shown.html).not.toMatch(/<script/i);
    expect(buttons(shown.html)).toEqual([['accept', 'Accept'], ['decline', 'Decline']]);
    expect(shown.html).toContain(`<form method="post" action="/mca/accept"><input type="hidden" name="attestationid" value="${id}">`);
    expect((await call(emu.url, 'GET', `/v1/attestations/enhanced/${id}`, { token: jwt })).json.status).toBe('Pending');

    const clicked = await click('accept', id);
    expect(clicked.status).toBe(200);
    expect(clicked.html).toContain('data-status="Accepted"');
    expect(buttons(clicked.html)).toEqual([]);
    const after = (await call(emu.url, 'GET', `/v1/attestations/enhanced/${id}`, { token: jwt })).json;
    expect(after).toMatchObject({ status: 'Accepted', acceptedDateTime: expect.stringMatching(/Z$/) });

    // accepting twice is idempotent: the first time stays
    expect((await click('accept', id)).status).toBe(200);
    expect((await status(id)).json.acceptedDateTime).toBe(after.acceptedDateTime);
    const again = await page(id);
    expect(again.status).toBe(409);
    expect(again.html).toContain('This request was already answered');
    expect(buttons(again.html)).toEqual([]);
    expect((await click('decline', id)).status).toBe(409);

    const before = (await call(emu.url, 'GET', '/_emulator/state')).json.agreements;
    const agreement = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: jwt, body: agreementBody(id) });
    expect(agreement.status).toBe(201);
    const sp = (await call(emu.url, 'POST', '/_emulator/token', { body: { appOnly: true } })).json.servicePrincipalId;
    expect(agreement.json).toEqual({
      userId: sp,
      primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phoneNumber: '+33 1 42 68 53 00' },
      templateId: MCA_TEMPLATE_ID,
      dateAgreed: after.acceptedDateTime.slice(0, 19),
      type: 'MicrosoftCustomerAgreement',
      agreementLink: 'https://aka.ms/customeragreement',
    });
    expect(await mcaRecords(SGL)).toEqual([agreement.json]);
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.agreements).toBe(before + 1);
    expect((await adminList()).items[0]).toMatchObject({ attestationId: id, status: 'Accepted', usedForAgreement: true });
  });

  it('accepting through the admin API; the record has no phone when the signatory gave none', async () => {
    const a = await accepted(SGL, { signatoryPhoneNumber: null });
    expect(a).toMatchObject({ status: 'Accepted', usedForAgreement: false, acceptedDateTime: expect.any(String) });
    const res = await createAgreement(SGL, agreementBody(a.attestationId));
    expect(res.status).toBe(201);
    expect(res.json.primaryContact).toEqual({ firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com' });
  });

  it('declining on the page: Declined with its time; the agreement is refused (600073)', async () => {
    const id = (await create()).json.attestationId;
    const clicked = await click('decline', id);
    expect(clicked.status).toBe(200);
    expect(clicked.html).toContain('data-status="Declined"');
    const got = (await status(id)).json;
    expect(got).toMatchObject({ status: 'Declined', declinedDateTime: expect.stringMatching(/Z$/) });
    expect(got).not.toHaveProperty('acceptedDateTime');
    expectAgreementError(await createAgreement(SGL, agreementBody(id)), 400, 600073, 'AttestationDeclined');
    expect((await click('accept', id)).status).toBe(409);
    expect((await admin(`attestations/${id}/accept`, {})).status).toBe(409);
  });
});

describe('POST /v1/customers/{id}/agreements with an attestationId', () => {
  it('400 600072 before the customer accepted', async () => {
    const id = (await create()).json.attestationId;
    expectAgreementError(await createAgreement(SGL, agreementBody(id)), 400, 600072, 'AttestationNotAccepted');
    expect(await mcaRecords(SGL)).toEqual([]);
  });

  it('400 600075 for an attestation of another customer', async () => {
    const a = await accepted(SGL);
    expectAgreementError(await createAgreement(CONTOSO, agreementBody(a.attestationId)), 400, 600075, 'AttestationCustomerMismatch');
  });

  it('409 600076 the second time; a replay with the same MS-RequestId gets the stored 201', async () => {
    const a = await accepted(SGL);
    const headers = { 'MS-RequestId': '6a6a6a6a-0000-4000-8000-00000000a77e' };
    const first = await createAgreement(SGL, agreementBody(a.attestationId), { headers });
    expect(first.status).toBe(201);
    const replay = await createAgreement(SGL, agreementBody(a.attestationId), { headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('MS-Emulator-Replayed')).toBe('true');
    expect(replay.json).toEqual(first.json);
    expectAgreementError(await createAgreement(SGL, agreementBody(a.attestationId)), 409, 600076, 'AttestationAlreadyUsed');
    expect(await mcaRecords(SGL)).toHaveLength(1);
  });

  it('600061 when the customer meanwhile holds a record with the same signatory', async () => {
    const a = await accepted(SGL);
    const legacy = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, {
      token: userToken,
      body: { primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phoneNumber: '+33 1 42 68 53 00' }, templateId: MCA_TEMPLATE_ID, dateAgreed: new Date(Date.now() - DAY).toISOString(), type: 'MicrosoftCustomerAgreement' },
    });
    expect(legacy.status).toBe(201);
    expectAgreementError(await createAgreement(SGL, agreementBody(a.attestationId)), 400, 600061);
  });

  it.each([
    ['a contact body and an attestationId', (id: string) => ({ ...agreementBody(id), primaryContact: { firstName: 'A', lastName: 'B', email: 'a@b.example' }, dateAgreed: '2026-01-01T00:00:00Z' }), 400, 600010],
    ['an unknown field', (id: string) => ({ ...agreementBody(id), userId: 'x' }), 400, 600010],
    ['no type', (id: string) => agreementBody(id, { type: undefined }), 400, 600010],
    ['no templateId', (id: string) => agreementBody(id, { templateId: undefined }), 400, 600010],
    ['an unknown type', (id: string) => agreementBody(id, { type: 'MicrosoftPartnerAgreement' }), 400, 600010],
    ['the retired Microsoft Cloud Agreement template', (id: string) => agreementBody(id, { templateId: MCLOUDA_TEMPLATE_ID }), 400, 600020],
    ['an unknown template', (id: string) => agreementBody(id, { templateId: '00000000-0000-0000-0000-000000000000' }), 400, 600011],
    ['a malformed attestationId', () => agreementBody('nope'), 400, 600010],
    ['an unknown attestationId', () => agreementBody('7d3f3c1e-0000-4000-8000-123456789abc'), 404, 600071],
  ] as const)('refuses %s', async (_label, body, httpStatus, code) => {
    const a = await accepted(SGL);
    expectAgreementError(await createAgreement(SGL, body(a.attestationId)), httpStatus, code);
    expect(await mcaRecords(SGL)).toEqual([]);
    expect((await adminList()).items[0].usedForAgreement).toBe(false);
  });

  it('403 900150 for an App+User token; 404 for an unknown customer', async () => {
    const a = await accepted(SGL);
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: userToken, body: agreementBody(a.attestationId) });
    expectAgreementError(res, 403, 900150, 'Forbidden');
    expect(res.json.message).toMatch(/AppOnly/);
    expectAgreementError(await createAgreement('7d3f3c1e-0000-4000-8000-123456789abc', agreementBody(a.attestationId)), 404, 60003);
  });
});

describe('partner confirmation retired', () => {
  const legacyBody = () => fixture('agreement-post-request.json');

  it('the legacy contact POST answers 400 600031 in the agreement shape; the attestation POST still works', async () => {
    const set = await call(emu.url, 'POST', '/_emulator/partner-confirmation', { body: { mode: 'retired' } });
    expect(set.status).toBe(200);
    expect(set.json.partnerConfirmation).toBe('retired');
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: userToken, body: legacyBody() });
    expectAgreementError(res, 400, 600031, 'PartnerAttestationDeprecated');
    expect(res.json).toEqual(fixture('agreement-error-600031.json'));
    // whatever else is wrong with the legacy call
    expectAgreementError(await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: userToken, rawBody: '{' }), 400, 600031);
    const a = await accepted(SGL);
    expect((await createAgreement(SGL, agreementBody(a.attestationId))).status).toBe(201);
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.partnerConfirmation).toBe('retired');
  });

  it('reset restores the startup mode; bad modes are refused', async () => {
    await call(emu.url, 'POST', '/_emulator/partner-confirmation', { body: { mode: 'retired' } });
    await call(emu.url, 'POST', '/_emulator/reset');
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.partnerConfirmation).toBe('available');
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: userToken, body: legacyBody() })).status).toBe(201);
    expect((await call(emu.url, 'POST', '/_emulator/partner-confirmation', { body: { mode: 'gone' } })).status).toBe(400);
    expect((await call(emu.url, 'POST', '/_emulator/partner-confirmation', { body: {} })).status).toBe(400);
  });

  it('started retired (option), it stays retired after a reset', async () => {
    const retired = await startEmulator({ port: 0, partnerConfirmation: 'retired', oidc: false });
    try {
      await call(retired.url, 'POST', '/_emulator/reset');
      expect((await call(retired.url, 'GET', '/_emulator/state')).json.partnerConfirmation).toBe('retired');
      expectAgreementError(await call(retired.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: retired.issueToken(), body: legacyBody() }), 400, 600031);
    } finally {
      await retired.close();
    }
  });
});

describe('the customer page', () => {
  it('escapes every value: a hostile company name and signatory stay text', async () => {
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)> \'Co\'';
    const id = (await create(createBody({ companyName: hostile, signatoryFirstName: '<b>Eve</b>', signatoryEmail: 'eve@example.com' }))).json.attestationId;
    for (const html of [(await page(id)).html, (await click('accept', id)).html]) {
      expect(html).not.toMatch(/<script|<img|<b>/i);
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; &#39;Co&#39;');
      expect(html).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    }
  });

  it('is in French when the attestation language starts with fr', async () => {
    const id = (await create(createBody({ language: 'fr' }))).json.attestationId;
    const shown = await page(id);
    expect(shown.html).toContain('<html lang="fr">');
    expect(shown.html).toContain('<h1>Contrat client Microsoft</h1>');
    expect(buttons(shown.html)).toEqual([['accept', 'Accepter'], ['decline', 'Refuser']]);
    expect((await click('accept', id)).html).toContain('Statut\u00a0: <span class="status status-Accepted" data-status="Accepted">Accepté</span>');
    const english = (await create(createBody({ language: 'de-DE', signatoryEmail: 'x@example.com' }))).json.attestationId;
    expect(buttons((await page(english)).html)).toEqual([['accept', 'Accept'], ['decline', 'Decline']]);
  });

  it('404 without buttons for an unknown, malformed or missing id; 405 for a wrong method', async () => {
    for (const id of ['7d3f3c1e-0000-4000-8000-123456789abc', 'nope', '']) {
      const shown = await page(id);
      expect(shown.status).toBe(404);
      expect(shown.html).toContain('This link is not valid');
      expect(buttons(shown.html)).toEqual([]);
    }
    expect((await click('accept', '7d3f3c1e-0000-4000-8000-123456789abc')).status).toBe(404);
    expect((await fetch(`${emu.url}/mca/accept`)).status).toBe(405);
    expect((await fetch(`${emu.url}/mca/?attestationid=x`, { method: 'POST' })).status).toBe(405);
  });

  it('is another service: never offline, faulted, delayed or throttled, and not counted as a /v1 request', async () => {
    const id = (await create()).json.attestationId;
    const requests = (await call(emu.url, 'GET', '/_emulator/state')).json.requests;
    await call(emu.url, 'POST', '/_emulator/faults', { body: { rate: 1 } });
    await call(emu.url, 'POST', '/_emulator/throttle', { body: { perPartner: 1 } });
    await call(emu.url, 'POST', '/_emulator/offline', { body: { on: true } });
    for (let i = 0; i < 3; i++) expect((await page(id)).status).toBe(200);
    expect((await click('accept', id)).status).toBe(200);
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.requests).toBe(requests);
  });
});

describe('admin API for attestations', () => {
  it('lists every attestation with its customer, signatory, status, dates and usedForAgreement; filters by status', async () => {
    const pending = (await create()).json;
    const a = await accepted(MUELLER, { signatoryEmail: 'other@example.com' });
    const list = await adminList();
    expect(list.totalCount).toBe(2);
    expect(list.items[0]).toEqual({ ...pending, usedForAgreement: false, requestId: expect.any(String), appId: expect.any(String) });
    expect(list.items[1]).toMatchObject({ attestationId: a.attestationId, customerTenantId: MUELLER, status: 'Accepted', acceptedDateTime: expect.any(String), usedForAgreement: false });
    expect((await adminList('?status=Pending')).items.map((i) => i.attestationId)).toEqual([pending.attestationId]);
    expect((await adminList('?status=Accepted')).items.map((i) => i.attestationId)).toEqual([a.attestationId]);
    expect((await call(emu.url, 'GET', '/_emulator/attestations?status=pending')).status).toBe(400);
  });

  it('accept and decline: 200 the attestation, 404 unknown, 409 when not Pending; reset clears them', async () => {
    const id = (await create()).json.attestationId;
    expect((await admin('attestations/7d3f3c1e-0000-4000-8000-123456789abc/accept', {})).status).toBe(404);
    const declined = await admin(`attestations/${id}/decline`, {});
    expect(declined.status).toBe(200);
    expect(declined.json).toMatchObject({ status: 'Declined', declinedDateTime: expect.any(String) });
    expect((await admin(`attestations/${id}/decline`, {})).status).toBe(409);
    expect((await admin(`attestations/${id}/accept`, {})).status).toBe(409);
    expect((await call(emu.url, 'GET', `/_emulator/attestations/${id}/accept`)).status).toBe(405);
    await call(emu.url, 'POST', '/_emulator/reset');
    expect((await call(emu.url, 'GET', '/_emulator/state')).json.attestations).toBe(0);
    expect((await adminList()).totalCount).toBe(0);
  });
});
