import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MCA_TEMPLATE_ID, MCLOUDA_TEMPLATE_ID, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { call, normalisePath, shapeDiff } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/partner-center/${name}`, import.meta.url), 'utf8'));
const SGL = WELL_KNOWN[0]!.id; // Société Générale de Logistique: nothing confirmed
const MUELLER = WELL_KNOWN[1]!.id; // partner-confirmed once
const CAFE = WELL_KNOWN[2]!.id; // signed directly
const LODZ = WELL_KNOWN[3]!.id; // only a Microsoft Cloud Agreement record
const CONTOSO = WELL_KNOWN[6]!.id; // MCloudA + MCA records, and signed directly
const AGREEMENT_ERROR_KEYS = ['code', 'description', 'errorMessageExtended', 'errorName', 'isRetryable', 'message', 'parameters'];

let emu: Emulator;
let token: string;
emulatorPerFile((e, t) => {
  emu = e;
  token = t;
});

const validBody = () => ({
  primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phoneNumber: '0142685300' },
  templateId: MCA_TEMPLATE_ID,
  dateAgreed: new Date(Date.now() - 86_400_000).toISOString(),
  type: 'MicrosoftCustomerAgreement',
});

function expectAgreementError(res: { status: number; json: any }, status: number, code: number) {
  expect(res.status).toBe(status);
  expect(Object.keys(res.json).sort()).toEqual(AGREEMENT_ERROR_KEYS);
  expect(shapeDiff(fixture('agreement-error-600061.json'), res.json)).toEqual({ missing: [], typeMismatch: [], extra: [] });
  expect(res.json.code).toBe(code);
  expect(res.json.errorMessageExtended).toBe(`InternalErrorCode=${code}`);
}

describe('GET /v1/agreements (metadata)', () => {
  it('returns exactly the docs example for MicrosoftCustomerAgreement', async () => {
    const res = await call(emu.url, 'GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreement', { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(fixture('agreement-metadata-mca.json'));
  });

  it('defaults to MicrosoftCloudAgreement when agreementType is omitted; * returns all', async () => {
    const omitted = await call(emu.url, 'GET', '/v1/agreements', { token });
    expect(omitted.json.items.map((i: any) => [i.agreementType, i.templateId])).toEqual([['MicrosoftCloudAgreement', MCLOUDA_TEMPLATE_ID]]);
    const all = await call(emu.url, 'GET', '/v1/agreements?agreementType=*', { token });
    expect(all.json.items.map((i: any) => i.agreementType).sort()).toEqual(['MicrosoftCloudAgreement', 'MicrosoftCustomerAgreement']);
    expect(all.json.totalCount).toBe(2);
  });

  it('rejects an unknown agreement type', async () => {
    expectAgreementError(await call(emu.url, 'GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreemnt', { token }), 400, 600010);
  });
});

describe('GET /v1/customers/{id}/agreements', () => {
  it('matches the docs example field for field (userId is the one addition)', async () => {
    const res = await call(emu.url, 'GET', `/v1/customers/${CONTOSO}/agreements?agreementType=MicrosoftCustomerAgreement`, { token });
    expect(res.status).toBe(200);
    const diff = shapeDiff(fixture('customer-agreements.json'), res.json);
    expect(diff.missing).toEqual([]);
    expect(diff.typeMismatch).toEqual([]);
    expect(diff.extra.map(normalisePath)).toEqual(['$.items[].userId']);
    expect(res.json.items[0]).toMatchObject({ templateId: MCA_TEMPLATE_ID, dateAgreed: '2019-08-26T00:00:00', type: 'MicrosoftCustomerAgreement', agreementLink: 'https://aka.ms/customeragreement' });
    expect(res.json.items[0].dateAgreed.endsWith('Z')).toBe(false);
  });

  it('omitted agreementType returns only MicrosoftCloudAgreement records (the PowerShell #253 trap)', async () => {
    const lodzDefault = await call(emu.url, 'GET', `/v1/customers/${LODZ}/agreements`, { token });
    expect(lodzDefault.json.items.map((i: any) => i.type)).toEqual(['MicrosoftCloudAgreement']);
    const lodzMca = await call(emu.url, 'GET', `/v1/customers/${LODZ}/agreements?agreementType=MicrosoftCustomerAgreement`, { token });
    expect(lodzMca.json).toEqual({ totalCount: 0, items: [] });
    const muellerDefault = await call(emu.url, 'GET', `/v1/customers/${MUELLER}/agreements`, { token });
    expect(muellerDefault.json.totalCount).toBe(0);
    const contosoAll = await call(emu.url, 'GET', `/v1/customers/${CONTOSO}/agreements?agreementType=*`, { token });
    expect(contosoAll.json.totalCount).toBe(2);
  });

  it('404 for an unknown customer and 400 900118 for a malformed id (agreement error shape)', async () => {
    expectAgreementError(await call(emu.url, 'GET', '/v1/customers/7d3f3c1e-0000-4000-8000-123456789abc/agreements', { token }), 404, 60003);
    expectAgreementError(await call(emu.url, 'GET', '/v1/customers/123/agreements', { token }), 400, 900118);
  });
});

describe('GET /v1/customers/{id}/directSignedMicrosoftCustomerAgreementStatus', () => {
  it('returns {isSigned} like the docs', async () => {
    const signed = await call(emu.url, 'GET', `/v1/customers/${CAFE}/directSignedMicrosoftCustomerAgreementStatus`, { token });
    expect(signed.status).toBe(200);
    expect(signed.json).toEqual(fixture('direct-signed-status.json'));
    const not = await call(emu.url, 'GET', `/v1/customers/${SGL}/directSignedMicrosoftCustomerAgreementStatus`, { token });
    expect(not.json).toEqual({ isSigned: false });
    expectAgreementError(await call(emu.url, 'GET', '/v1/customers/7d3f3c1e-0000-4000-8000-123456789abc/directSignedMicrosoftCustomerAgreementStatus', { token }), 404, 60003);
  });
});

describe('POST /v1/customers/{id}/agreements', () => {
  it('accepts the docs example body: 201 with userId of the token user, then GET shows it', async () => {
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: fixture('agreement-post-request.json') });
    expect(res.status).toBe(201);
    const who = await call(emu.url, 'POST', '/_emulator/token', { body: { role: 'AdminAgent' } });
    expect(res.json).toEqual({
      userId: who.json.userId,
      primaryContact: { firstName: 'Tania', lastName: 'Carr', email: 'someone@example.com', phoneNumber: '1234567890' },
      templateId: MCA_TEMPLATE_ID,
      dateAgreed: '2018-06-14T00:00:00',
      type: 'MicrosoftCustomerAgreement',
      agreementLink: 'https://aka.ms/customeragreement',
    });
    const list = await call(emu.url, 'GET', `/v1/customers/${SGL}/agreements?agreementType=MicrosoftCustomerAgreement`, { token });
    expect(list.json.totalCount).toBe(1);
    expect(list.json.items[0]).toEqual(res.json);
    expect(shapeDiff(fixture('customer-agreements.json'), list.json).missing).toEqual([]);
  });

  it('600061 when the same contact is posted again; a different phone is a new record', async () => {
    const body = validBody();
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body })).status).toBe(201);
    const again = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { ...body, dateAgreed: '2020-01-01T00:00:00Z' } });
    expectAgreementError(again, 400, 600061);
    expect(again.json).toEqual(fixture('agreement-error-600061.json'));
    const other = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { ...body, primaryContact: { ...body.primaryContact, phoneNumber: '0142685301' } } });
    expect(other.status).toBe(201);
    // the seeded Müller record, posted again, also collides
    const seeded = await call(emu.url, 'GET', `/v1/customers/${MUELLER}/agreements?agreementType=MicrosoftCustomerAgreement`, { token });
    const dup = await call(emu.url, 'POST', `/v1/customers/${MUELLER}/agreements`, { token, body: { ...body, primaryContact: seeded.json.items[0].primaryContact } });
    expectAgreementError(dup, 400, 600061);
  });

  it('600002 when dateAgreed is later than the server time', async () => {
    const future = new Date(Date.now() + 60 * 60_000).toISOString();
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { ...validBody(), dateAgreed: future } });
    expectAgreementError(res, 400, 600002);
    expect(res.json.message).toBe('Date of agreement cannot be greater than the current date.');
  });

  it('rejects the retired Microsoft Cloud Agreement template and unknown templates', async () => {
    const retired = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { ...validBody(), templateId: MCLOUDA_TEMPLATE_ID } });
    expectAgreementError(retired, 400, 600020);
    expect(retired.json.message).toBe(`Microsoft Cloud Agreement Template ID '${MCLOUDA_TEMPLATE_ID}' is no longer supported.`);
    expectAgreementError(await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { ...validBody(), templateId: '00000000-0000-0000-0000-000000000000' } }), 400, 600011);
    // template ids are case-sensitive
    expectAgreementError(await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { ...validBody(), templateId: MCA_TEMPLATE_ID.toUpperCase() } }), 400, 600011);
  });

  const cases: [string, (b: any) => unknown][] = [
    ['no primaryContact', (b) => ({ ...b, primaryContact: undefined })],
    ['no firstName', (b) => ({ ...b, primaryContact: { ...b.primaryContact, firstName: undefined } })],
    ['blank lastName', (b) => ({ ...b, primaryContact: { ...b.primaryContact, lastName: '  ' } })],
    ['no email', (b) => ({ ...b, primaryContact: { ...b.primaryContact, email: undefined } })],
    ['malformed email', (b) => ({ ...b, primaryContact: { ...b.primaryContact, email: 'amelie@' } })],
    ['phone not a string', (b) => ({ ...b, primaryContact: { ...b.primaryContact, phoneNumber: 123 } })],
    ['no templateId', (b) => ({ ...b, templateId: undefined })],
    ['no type', (b) => ({ ...b, type: undefined })],
    ['unknown type', (b) => ({ ...b, type: 'MicrosoftPartnerAgreement' })],
    ['no dateAgreed', (b) => ({ ...b, dateAgreed: undefined })],
    ['date only', (b) => ({ ...b, dateAgreed: '2024-01-01' })],
    ['impossible date', (b) => ({ ...b, dateAgreed: '2024-02-30T00:00:00Z' })],
    ['not a date', (b) => ({ ...b, dateAgreed: 'yesterday' })],
    ['an array body', () => [1]],
  ];
  it.each(cases)('400 600010 for %s, nothing recorded', async (_label, mutate) => {
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: mutate(validBody()) });
    expectAgreementError(res, 400, 600010);
    const list = await call(emu.url, 'GET', `/v1/customers/${SGL}/agreements?agreementType=*`, { token });
    expect(list.json.totalCount).toBe(0);
  });

  it('400 for an empty or non-JSON body', async () => {
    expectAgreementError(await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, rawBody: '' }), 400, 600010);
    expectAgreementError(await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, rawBody: '{"primaryContact":' }), 400, 600010);
  });

  it('accepts PascalCase bodies and a missing phone number', async () => {
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, {
      token,
      body: { PrimaryContact: { FirstName: 'Zoé', LastName: 'Faure', Email: 'zoe.faure@example.com' }, TemplateId: MCA_TEMPLATE_ID, DateAgreed: '2024-03-01T10:00:00', Type: 'MicrosoftCustomerAgreement' },
    });
    expect(res.status).toBe(201);
    expect(res.json.primaryContact).toEqual({ firstName: 'Zoé', lastName: 'Faure', email: 'zoe.faure@example.com' });
  });

  it('404 for an unknown customer, 400 900118 for a malformed id', async () => {
    expectAgreementError(await call(emu.url, 'POST', '/v1/customers/7d3f3c1e-0000-4000-8000-123456789abc/agreements', { token, body: validBody() }), 404, 60003);
    expectAgreementError(await call(emu.url, 'POST', '/v1/customers/nope/agreements', { token, body: validBody() }), 400, 900118);
  });

  it.each(['HelpdeskAgent', 'BillingAdmin', 'GlobalAdmin'] as const)('403 900150 for a %s token; SalesAgent may confirm', async (role) => {
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: emu.issueToken(role), body: validBody() });
    expectAgreementError(res, 403, 900150);
    const sales = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token: emu.issueToken('SalesAgent'), body: validBody() });
    expect(sales.status).toBe(201);
    const salesUser = await call(emu.url, 'POST', '/_emulator/token', { body: { role: 'SalesAgent' } });
    expect(sales.json.userId).toBe(salesUser.json.userId);
  });

  it('replays the first answer when a write is retried with the same MS-RequestId', async () => {
    const headers = { 'MS-RequestId': '0f0e0d0c-0b0a-4909-8807-060504030201' };
    const first = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, headers, body: validBody() });
    const retry = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, headers, body: validBody() });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    const fresh = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: validBody() });
    expectAgreementError(fresh, 400, 600061);
  });
});
