/**
 * The commerce calls of the Partner Center client (create customer, domain check, offers, orders,
 * subscriptions and the quantity PATCH) against the real emulator over real HTTP on loopback.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCA_TEMPLATE_ID, startEmulator, WELL_KNOWN } from '../../../src/emulator/index';
import {
  createPartnerCenterClient,
  isMcaRequiredError,
  isStaleEtagError,
  PartnerCenterError,
  type CreateCustomerRequest,
  type PartnerCenterClient,
  type Subscription,
} from '../../../src/main/core/partner-center/index';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const MCA = 'MicrosoftCustomerAgreement';
/** Seed 7 gives customers 0, 1, 3 and 5 active subscriptions (checked in `activeSubscription`). */
const SEED = 7;

const wk = (i: number) => {
  const c = WELL_KNOWN[i];
  if (!c) throw new Error(`no well-known customer ${i}`);
  return c;
};
/** No MCA records, not signed directly. */
const UNCONFIRMED = wk(0);
/** Partner-confirmed once (2023). */
const CONFIRMED = wk(1);
/** Only a 2018 Microsoft Cloud Agreement record: not an MCA confirmation. */
const CLOUD_AGREEMENT_ONLY = wk(3);
/** No MCA records, not signed directly. */
const UNCONFIRMED_LONG_NAME = wk(5);

interface WriteLogEntry {
  method: string;
  path: string;
  body: unknown;
  status: number | null;
  errorCode: string | number | null;
}

async function writes(emu: Emulator): Promise<WriteLogEntry[]> {
  const res = await fetch(`${emu.url}/_emulator/writes`);
  return ((await res.json()) as { items: WriteLogEntry[] }).items;
}

/** Await a call expected to fail, and return its PartnerCenterError. */
async function pcError(promise: Promise<unknown>): Promise<PartnerCenterError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(PartnerCenterError);
    return err as PartnerCenterError;
  }
  throw new Error('expected a PartnerCenterError, but the call succeeded');
}

/** A fresh `<name>.onmicrosoft.com` the emulator accepts (1–27 letters/digits). */
const freshDomain = () => `mcadesk${randomUUID().replace(/-/g, '').slice(0, 16)}.onmicrosoft.com`;

function customerBody(overrides: {
  domain?: string;
  country?: string;
  phoneNumber?: string;
  organizationRegistrationNumber?: string;
} = {}): CreateCustomerRequest {
  return {
    companyProfile: {
      domain: overrides.domain ?? freshDomain(),
      ...(overrides.organizationRegistrationNumber !== undefined
        ? { organizationRegistrationNumber: overrides.organizationRegistrationNumber }
        : {}),
    },
    billingProfile: {
      email: 'test@outlook.com',
      culture: 'en-US',
      language: 'en',
      companyName: 'Test Company',
      defaultAddress: {
        firstName: 'Test',
        lastName: 'Test',
        addressLine1: 'One Microsoft Way',
        city: 'Redmond',
        state: 'WA',
        postalCode: '98052',
        country: overrides.country ?? 'US',
        ...(overrides.phoneNumber !== undefined ? { phoneNumber: overrides.phoneNumber } : {}),
      },
    },
  };
}

describe('Partner Center commerce calls against the emulator', () => {
  let emu: Emulator;
  let client: PartnerCenterClient;
  let offerId: string;

  /** The customer's first active subscription; fails loudly if the seed gives it none. */
  async function activeSubscription(customerId: string): Promise<Subscription> {
    const subs = await client.listSubscriptions(customerId);
    const active = subs.find((s) => s.status === 'active');
    if (!active) throw new Error(`seed ${SEED}: customer ${customerId} has no active subscription`);
    return active;
  }

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, seed: SEED, customers: 50 });
    const token = emu.issueToken();
    client = createPartnerCenterClient({ baseUrl: emu.url, getAccessToken: async () => token });
    const offers = await client.listOffers('US');
    offerId = offers[0]!.id;
  });

  afterAll(async () => {
    await emu?.close();
  });

  describe('offers', () => {
    it('lists the catalogue of a market with ids and quantity limits', async () => {
      const offers = await client.listOffers('us');
      expect(offers).toHaveLength(5);
      for (const o of offers) {
        expect(o.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(o.name.length).toBeGreaterThan(0);
        expect(o.minimumQuantity).toBeLessThanOrEqual(o.maximumQuantity);
        expect(o.country).toBe('US');
      }
    });

    it('rejects a market that is not a two-letter country code (400)', async () => {
      const err = await pcError(client.listOffers('USA'));
      expect(err.kind).toBe('rejected');
      expect(err.httpStatus).toBe(400);
    });
  });

  describe('orders', () => {
    it('creates an order for a partner-confirmed customer (201, pending) and its subscriptions appear', async () => {
      const before = await client.listSubscriptions(CONFIRMED.id);
      const friendlyName = `Seats ${randomUUID().slice(0, 8)}`;
      const order = await client.createOrder(CONFIRMED.id, {
        billingCycle: 'annual',
        lineItems: [{ lineItemNumber: 0, offerId, quantity: 3, friendlyName }],
      });
      expect(order.id.length).toBeGreaterThan(0);
      expect(order.status).toBe('pending');
      expect(order.billingCycle).toBe('annual');
      expect(order.lineItems).toHaveLength(1);
      const line = order.lineItems[0]!;
      expect(line).toMatchObject({ lineItemNumber: 0, offerId, quantity: 3, friendlyName });
      expect(line.subscriptionId).toBeDefined();

      const after = await client.listSubscriptions(CONFIRMED.id);
      expect(after).toHaveLength(before.length + 1);
      const created = after.find((s) => s.id === line.subscriptionId);
      expect(created).toMatchObject({ offerId, quantity: 3, friendlyName, status: 'active', orderId: order.id });
    });

    it('refuses an order for a customer without MCA acceptance with 403 13605', async () => {
      const err = await pcError(
        client.createOrder(UNCONFIRMED_LONG_NAME.id, { lineItems: [{ lineItemNumber: 0, offerId, quantity: 1 }] }),
      );
      expect(err.kind).toBe('forbidden');
      expect(err.httpStatus).toBe(403);
      expect(err.code).toBe('13605');
      expect(err.retryable).toBe(false);
      expect(isMcaRequiredError(err)).toBe(true);
      expect(err.message).toContain('Microsoft Customer Agreement');
    });

    it('accepts the order once the partner has confirmed the customer’s acceptance', async () => {
      const lineItems = [{ lineItemNumber: 0, offerId, quantity: 2 }];
      const refused = await pcError(client.createOrder(UNCONFIRMED.id, { lineItems }));
      expect(isMcaRequiredError(refused)).toBe(true);

      const correlationId = randomUUID();
      await client.createAgreement(
        UNCONFIRMED.id,
        {
          primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: UNCONFIRMED.contact.email },
          templateId: MCA_TEMPLATE_ID,
          dateAgreed: new Date(Date.now() - 3600_000).toISOString(),
          type: MCA,
        },
        { correlationId },
      );
      const order = await client.createOrder(UNCONFIRMED.id, { lineItems }, { correlationId });
      expect(order.status).toBe('pending');
      expect(order.lineItems[0]).toMatchObject({ offerId, quantity: 2 });
    });

    it('rejects a quantity outside the offer’s limits with 400 2002', async () => {
      const offer = (await client.listOffers('US')).find((o) => o.id === offerId)!;
      const err = await pcError(
        client.createOrder(CONFIRMED.id, {
          lineItems: [{ lineItemNumber: 0, offerId, quantity: offer.maximumQuantity + 1 }],
        }),
      );
      expect(err.kind).toBe('rejected');
      expect(err.code).toBe('2002');
    });
  });

  describe('subscriptions', () => {
    it('lists a customer’s subscriptions with offer, quantity, status, billing type and etag', async () => {
      const subs = await client.listSubscriptions(CONFIRMED.id);
      expect(subs.length).toBeGreaterThan(0);
      for (const s of subs) {
        expect(s.id.length).toBeGreaterThan(0);
        expect(s.offerId.length).toBeGreaterThan(0);
        expect(typeof s.offerName).toBe('string');
        expect(typeof s.friendlyName).toBe('string');
        expect(Number.isInteger(s.quantity)).toBe(true);
        expect(['active', 'suspended']).toContain(s.status);
        expect(s.billingType).toBe('license');
        expect(s.unitType).toBe('Licenses');
        expect(s.attributes?.etag).toMatch(/.+/);
      }
    });

    it('maps an unknown customer to not-found', async () => {
      const err = await pcError(client.listSubscriptions('0b5e1c7a-3f2d-4e8b-9c6a-0000000fffff'));
      expect(err.kind).toBe('not-found');
      expect(err.httpStatus).toBe(404);
    });

    it('changes the quantity with the full resource and its etag (200), and a stale etag then fails with 2055', async () => {
      const sub = await activeSubscription(CONFIRMED.id);
      const target = sub.quantity === 1 ? 2 : sub.quantity - 1;

      const result = await client.updateSubscriptionQuantity(CONFIRMED.id, sub, target);
      if (result.pending) throw new Error('the emulator never answers 202');
      expect(result.subscription.id).toBe(sub.id);
      expect(result.subscription.quantity).toBe(target);
      expect(result.subscription.attributes?.etag).not.toBe(sub.attributes?.etag);

      // What went over the wire: the whole resource as read, quantity replaced, etag in the body.
      const patch = (await writes(emu)).filter((w) => w.method === 'PATCH').at(-1)!;
      expect(patch.path).toBe(`/v1/customers/${CONFIRMED.id}/subscriptions/${sub.id}`);
      expect(patch.status).toBe(200);
      expect(patch.body).toEqual({ ...sub, quantity: target });

      const reread = (await client.listSubscriptions(CONFIRMED.id)).find((s) => s.id === sub.id)!;
      expect(reread.quantity).toBe(target);

      // The old resource carries the etag from before the change.
      const err = await pcError(client.updateSubscriptionQuantity(CONFIRMED.id, sub, target + 1));
      expect(err.kind).toBe('rejected');
      expect(err.httpStatus).toBe(400);
      expect(err.code).toBe('2055');
      expect(isStaleEtagError(err)).toBe(true);
      expect(isMcaRequiredError(err)).toBe(false);
      const unchanged = (await client.listSubscriptions(CONFIRMED.id)).find((s) => s.id === sub.id)!;
      expect(unchanged.quantity).toBe(target);
    });

    it('refuses a quantity change for a customer without MCA acceptance with 403 13605', async () => {
      const sub = await activeSubscription(CLOUD_AGREEMENT_ONLY.id);
      const err = await pcError(client.updateSubscriptionQuantity(CLOUD_AGREEMENT_ONLY.id, sub, sub.quantity + 1));
      expect(err.kind).toBe('forbidden');
      expect(err.code).toBe('13605');
      expect(isMcaRequiredError(err)).toBe(true);
      const after = (await client.listSubscriptions(CLOUD_AGREEMENT_ONLY.id)).find((s) => s.id === sub.id)!;
      expect(after.quantity).toBe(sub.quantity);
    });
  });

  describe('domains and customer creation', () => {
    it('says a well-known customer’s domain is taken and an unused one is free', async () => {
      await expect(client.isDomainAvailable(CONFIRMED.domain)).resolves.toBe(false);
      await expect(client.isDomainAvailable(freshDomain())).resolves.toBe(true);
    });

    it('creates a customer from a camelCase body (201 with credentials); its domain is then taken', async () => {
      const body = customerBody();
      const domain = body.companyProfile.domain;
      await expect(client.isDomainAvailable(domain)).resolves.toBe(true);

      const created = await client.createCustomer(body);
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.companyProfile).toMatchObject({ tenantId: created.id, domain, companyName: 'Test Company' });
      expect(created.billingProfile?.email).toBe('test@outlook.com');
      expect(created.userCredentials.userName).toContain(domain);
      expect(created.userCredentials.password.length).toBeGreaterThan(0);

      const post = (await writes(emu)).filter((w) => w.method === 'POST' && w.path === '/v1/customers').at(-1)!;
      expect(post.status).toBe(201);
      expect(Object.keys(post.body as object).sort()).toEqual(['billingProfile', 'companyProfile']);

      await expect(client.isDomainAvailable(domain)).resolves.toBe(false);
      const read = await client.getCustomer(created.id);
      expect(read.companyProfile.domain).toBe(domain);
    });

    it('refuses a taken domain with 409', async () => {
      const err = await pcError(client.createCustomer(customerBody({ domain: CONFIRMED.domain })));
      expect(err.kind).toBe('rejected');
      expect(err.httpStatus).toBe(409);
      expect(err.retryable).toBe(false);
    });

    it('enforces the registration number (600049) and phone number (600051) rules by country', async () => {
      const noRegNumber = await pcError(client.createCustomer(customerBody({ country: 'UA', phoneNumber: '+380441234567' })));
      expect(noRegNumber.kind).toBe('rejected');
      expect(noRegNumber.httpStatus).toBe(400);
      expect(noRegNumber.code).toBe('600049');

      const noPhone = await pcError(
        client.createCustomer(customerBody({ country: 'UA', organizationRegistrationNumber: '12345678' })),
      );
      expect(noPhone.kind).toBe('rejected');
      expect(noPhone.code).toBe('600051');

      const complete = await client.createCustomer(
        customerBody({ country: 'UA', organizationRegistrationNumber: '12345678', phoneNumber: '+380441234567' }),
      );
      expect(complete.userCredentials.password.length).toBeGreaterThan(0);
      // Outside those countries neither field is needed (the default body has neither).
      const us = await client.createCustomer(customerBody());
      expect(us.id).not.toBe(complete.id);
    });

    it('refuses a role that may not buy with 403 900150 (not an MCA error)', async () => {
      const helpdesk = createPartnerCenterClient({
        baseUrl: emu.url,
        getAccessToken: async () => emu.issueToken('HelpdeskAgent'),
      });
      const err = await pcError(helpdesk.createCustomer(customerBody()));
      expect(err.kind).toBe('forbidden');
      expect(err.code).toBe('900150');
      expect(isMcaRequiredError(err)).toBe(false);
    });
  });
});
