import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OFFERS } from '../../../src/emulator/commerce';
import { MCA_TEMPLATE_ID, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { call, shapeDiff } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/partner-center/${name}`, import.meta.url), 'utf8'));
const SGL = WELL_KNOWN[0]!.id; // no confirmation
const MUELLER = WELL_KNOWN[1]!.id; // partner-confirmed
const CAFE = WELL_KNOWN[2]!.id; // signed directly
const LODZ = WELL_KNOWN[3]!.id; // only the old Microsoft Cloud Agreement: not enough

let emu: Emulator;
let token: string;
emulatorPerFile((e, t) => {
  emu = e;
  token = t;
});

const order = (quantity = 3) => ({ lineItems: [{ lineItemNumber: 0, offerId: OFFERS[2].id, quantity, friendlyName: 'Premium seats' }] });

describe('POST /v1/customers', () => {
  it('accepts the docs PascalCase example: 201 with userCredentials; the customer is listed and its domain taken', async () => {
    const free = await call(emu.url, 'HEAD', '/v1/domains/xyz.onmicrosoft.com', { token });
    expect(free.status).toBe(404);
    const res = await call(emu.url, 'POST', '/v1/customers', { token, body: fixture('create-customer-request.json') });
    expect(res.status).toBe(201);
    expect(res.json.userCredentials).toEqual({ userName: 'admin@xyz.onmicrosoft.com', password: expect.any(String) });
    expect(res.json.companyProfile).toMatchObject({ domain: 'xyz.onmicrosoft.com', companyName: 'test company', tenantId: res.json.id });
    expect(res.json.relationshipToPartner).toBe('reseller');
    expect(shapeDiff(fixture('docs-customer-by-id.json'), res.json).missing).toEqual([]);
    expect((await call(emu.url, 'HEAD', '/v1/domains/xyz.onmicrosoft.com', { token })).status).toBe(200);
    const got = await call(emu.url, 'GET', `/v1/customers/${res.json.id}`, { token });
    expect(got.json.billingProfile).toMatchObject({ email: 'test@outlook.com', companyName: 'test company' });
    const filter = encodeURIComponent(JSON.stringify({ Field: 'Domain', Value: 'xyz', Operator: 'starts_with' }));
    expect((await call(emu.url, 'GET', `/v1/customers?filter=${filter}`, { token })).json.items.map((i: any) => i.id)).toEqual([res.json.id]);
    // same domain again
    expect((await call(emu.url, 'POST', '/v1/customers', { token, body: fixture('create-customer-request.json') })).status).toBe(409);
  });

  it('accepts camelCase bodies too', async () => {
    const body = { companyProfile: { domain: 'camelcase1.onmicrosoft.com' }, billingProfile: { culture: 'fr-FR', email: 'a@b.fr', language: 'fr', companyName: 'Boulangerie Dupré', defaultAddress: { firstName: 'Zoé', lastName: 'Dupré', addressLine1: '1 rue Haute', city: 'Paris', postalCode: '75001', country: 'FR' } } };
    expect((await call(emu.url, 'POST', '/v1/customers', { token, body })).status).toBe(201);
  });

  it.each([
    ['domain', (b: any) => { delete b.CompanyProfile.Domain; }],
    ['email', (b: any) => { delete b.BillingProfile.Email; }],
    ['culture', (b: any) => { delete b.BillingProfile.Culture; }],
    ['language', (b: any) => { b.BillingProfile.Language = 'english'; }],
    ['companyName', (b: any) => { delete b.BillingProfile.CompanyName; }],
    ['defaultAddress', (b: any) => { delete b.BillingProfile.DefaultAddress; }],
    ['addressLine1', (b: any) => { b.BillingProfile.DefaultAddress.AddressLine1 = ''; }],
    ['state longer than 2', (b: any) => { b.BillingProfile.DefaultAddress.State = 'Washington'; }],
  ])('400 when %s is missing or invalid', async (_label, mutate) => {
    const body = fixture('create-customer-request.json');
    body.CompanyProfile.Domain = 'missingfield.onmicrosoft.com';
    mutate(body);
    const res = await call(emu.url, 'POST', '/v1/customers', { token, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: expect.any(String), source: 'PartnerCenter', data: [] });
  });

  it('country rules: 600049 without a registration number, 600051 without a phone (e.g. UA)', async () => {
    const body = fixture('create-customer-request.json');
    body.CompanyProfile.Domain = 'kyivsoft.onmicrosoft.com';
    body.BillingProfile.DefaultAddress.Country = 'UA';
    body.BillingProfile.DefaultAddress.State = '';
    const noReg = await call(emu.url, 'POST', '/v1/customers', { token, body });
    expect(noReg.status).toBe(400);
    expect(noReg.json.code).toBe('600049');
    body.CompanyProfile.OrganizationRegistrationNumber = '12345678';
    const noPhone = await call(emu.url, 'POST', '/v1/customers', { token, body });
    expect(noPhone.status).toBe(400);
    expect(noPhone.json.code).toBe('600051');
    body.BillingProfile.DefaultAddress.PhoneNumber = '+380 44 123 4567';
    expect((await call(emu.url, 'POST', '/v1/customers', { token, body })).status).toBe(201);
  });

  it('403 900150 for a HelpdeskAgent', async () => {
    const res = await call(emu.url, 'POST', '/v1/customers', { token: emu.issueToken('HelpdeskAgent'), body: fixture('create-customer-request.json') });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('900150');
  });
});

describe('offers, orders and subscriptions', () => {
  it('lists the offer catalogue for a country; country is required', async () => {
    const res = await call(emu.url, 'GET', '/v1/offers?country=US', { token });
    expect(res.json.totalCount).toBe(OFFERS.length);
    expect(res.json.items[0]).toMatchObject({ id: OFFERS[0].id, minimumQuantity: 1, attributes: { objectType: 'Offer' } });
    expect((await call(emu.url, 'GET', '/v1/offers', { token })).status).toBe(400);
  });

  it('403 13605 for an order when the customer has neither confirmation nor direct acceptance', async () => {
    for (const id of [SGL, LODZ]) {
      const res = await call(emu.url, 'POST', `/v1/customers/${id}/orders`, { token, body: order() });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: '13605', source: 'PartnerCenter' });
      expect(res.json.description).toMatch(/^Either a partner confirmation of the customer acceptance/);
    }
  });

  it('orders succeed for partner-confirmed and directly-signed customers and create subscriptions', async () => {
    for (const id of [MUELLER, CAFE]) {
      const res = await call(emu.url, 'POST', `/v1/customers/${id}/orders`, { token, body: order() });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ status: 'pending', billingCycle: 'monthly', attributes: { objectType: 'Order' } });
      const subId = res.json.lineItems[0].subscriptionId;
      const sub = await call(emu.url, 'GET', `/v1/customers/${id}/subscriptions/${subId}`, { token });
      expect(sub.json).toMatchObject({ id: subId, quantity: 3, offerId: OFFERS[2].id, friendlyName: 'Premium seats' });
      const orders = await call(emu.url, 'GET', `/v1/customers/${id}/orders`, { token });
      expect(orders.json.items.map((o: any) => o.id)).toContain(res.json.id);
    }
  });

  it('confirming the MCA unblocks orders', async () => {
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/orders`, { token, body: order() })).status).toBe(403);
    const confirm = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body: { primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie@example.com' }, templateId: MCA_TEMPLATE_ID, dateAgreed: '2025-01-01T00:00:00Z', type: 'MicrosoftCustomerAgreement' } });
    expect(confirm.status).toBe(201);
    expect((await call(emu.url, 'POST', `/v1/customers/${SGL}/orders`, { token, body: order() })).status).toBe(201);
  });

  it('validates orders: unknown offer, quantity range, line numbers, role', async () => {
    expect((await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token, body: { lineItems: [{ lineItemNumber: 0, offerId: 'nope', quantity: 1 }] } })).status).toBe(400);
    expect((await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token, body: order(301) })).json.code).toBe('2002');
    expect((await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token, body: { lineItems: [{ lineItemNumber: 1, offerId: OFFERS[0].id, quantity: 1 }] } })).status).toBe(400);
    expect((await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token, body: {} })).status).toBe(400);
    expect((await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token: emu.issueToken('BillingAdmin'), body: order() })).json.code).toBe('900150');
  });

  it('PATCH quantity with the ETag; a stale ETag gives 2055; 13605 without confirmation', async () => {
    const created = await call(emu.url, 'POST', `/v1/customers/${MUELLER}/orders`, { token, body: order(5) });
    const subId = created.json.lineItems[0].subscriptionId;
    const sub = (await call(emu.url, 'GET', `/v1/customers/${MUELLER}/subscriptions/${subId}`, { token })).json;
    const patched = await call(emu.url, 'PATCH', `/v1/customers/${MUELLER}/subscriptions/${subId}`, { token, body: { ...sub, quantity: 7 } });
    expect(patched.status).toBe(200);
    expect(patched.json.quantity).toBe(7);
    expect(patched.json.attributes.etag).not.toBe(sub.attributes.etag);
    const stale = await call(emu.url, 'PATCH', `/v1/customers/${MUELLER}/subscriptions/${subId}`, { token, body: { ...sub, quantity: 8 } });
    expect(stale.status).toBe(400);
    expect(stale.json.code).toBe('2055');
    // PascalCase and If-Match both work
    const pascal = await call(emu.url, 'PATCH', `/v1/customers/${MUELLER}/subscriptions/${subId}`, { token, headers: { 'If-Match': patched.json.attributes.etag }, body: { Quantity: 9 } });
    expect(pascal.json.quantity).toBe(9);
    // a seeded subscription of an unconfirmed customer cannot change quantity
    const subs = await call(emu.url, 'GET', '/v1/customers?size=300', { token });
    let checked = 0;
    for (const c of subs.json.items) {
      const agreements = await call(emu.url, 'GET', `/v1/customers/${c.id}/agreements?agreementType=MicrosoftCustomerAgreement`, { token });
      const direct = await call(emu.url, 'GET', `/v1/customers/${c.id}/directSignedMicrosoftCustomerAgreementStatus`, { token });
      if (agreements.json.totalCount > 0 || direct.json.isSigned) continue;
      const list = await call(emu.url, 'GET', `/v1/customers/${c.id}/subscriptions`, { token });
      const s = list.json.items.find((x: any) => x.status === 'active');
      if (!s) continue;
      const res = await call(emu.url, 'PATCH', `/v1/customers/${c.id}/subscriptions/${s.id}`, { token, body: { ...s, quantity: s.quantity + 1 } });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('13605');
      if (++checked >= 3) break;
    }
    expect(checked).toBe(3);
  });

  it('404 for unknown subscriptions', async () => {
    expect((await call(emu.url, 'GET', `/v1/customers/${MUELLER}/subscriptions/0f0e0d0c-0b0a-4909-8807-060504030201`, { token })).status).toBe(404);
  });
});
