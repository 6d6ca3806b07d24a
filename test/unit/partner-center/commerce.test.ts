/**
 * Pure parts of the commerce calls: wire bodies, the subscription schema, the error helpers, and
 * the answers the emulator never gives (202 + Location, odd HEAD statuses) over a fake fetch.
 */
import { describe, expect, it } from 'vitest';
import { requiresRegistration } from '../../../src/shared/new-customer';
import {
  createCustomerWireBody,
  createOrderWireBody,
  createPartnerCenterClient,
  isMcaRequiredError,
  isStaleEtagError,
  PartnerCenterError,
  subscriptionQuantityWireBody,
  subscriptionSchema,
  type CreateCustomerRequest,
  type Subscription,
} from '../../../src/main/core/partner-center/index';
import { fakeFetch } from '../../helpers/fake-fetch';

const client = (fetch: typeof globalThis.fetch) =>
  createPartnerCenterClient({ baseUrl: 'http://pc.test', getAccessToken: async () => 'tok', fetch, timeoutMs: 1000 });

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const SUBSCRIPTION_JSON = {
  id: 'a4c1340d-6911-4758-bba3-0c4c6007d161',
  offerId: '6f8e2a51-0c1d-4b7e-9a3f-5d2c8b7e1a01',
  offerName: 'Microsoft 365 Business Basic',
  friendlyName: 'Sales seats',
  quantity: 5,
  unitType: 'Licenses',
  hasPurchasableAddons: false,
  creationDate: '2019-02-04T17:56:48',
  status: 'active',
  billingType: 'license',
  partnerIdOnRecord: null,
  links: { self: { uri: '/customers/c/subscriptions/s', method: 'GET', headers: [] } },
  attributes: { etag: '-8586565223457612', objectType: 'Subscription', extra: 1 },
};

const subscription = (): Subscription => subscriptionSchema.parse(structuredClone(SUBSCRIPTION_JSON));

describe('subscriptionSchema', () => {
  it('keeps fields it does not know and dates as sent, so the PATCH can send the full resource', () => {
    const s = subscription();
    expect(s).toEqual(SUBSCRIPTION_JSON);
    expect(s.creationDate).toBe('2019-02-04T17:56:48');
  });

  it('requires id, offerId, an integer quantity and status', () => {
    expect(subscriptionSchema.safeParse({ ...SUBSCRIPTION_JSON, quantity: 1.5 }).success).toBe(false);
    const { status: _status, ...noStatus } = SUBSCRIPTION_JSON;
    expect(subscriptionSchema.safeParse(noStatus).success).toBe(false);
  });
});

describe('subscriptionQuantityWireBody', () => {
  it('is the resource as read with only the quantity replaced; the input is not changed', () => {
    const s = subscription();
    const body = subscriptionQuantityWireBody(s, 7);
    expect(body).toEqual({ ...SUBSCRIPTION_JSON, quantity: 7 });
    expect((body.attributes as { etag: string }).etag).toBe('-8586565223457612');
    expect(s.quantity).toBe(5);
    expect(body.attributes).not.toBe(s.attributes);
  });

  it('refuses a subscription without etag and a quantity that is not a positive integer', () => {
    const s = subscription();
    expect(() => subscriptionQuantityWireBody({ ...s, attributes: { objectType: 'Subscription' } }, 2)).toThrow(TypeError);
    expect(() => subscriptionQuantityWireBody({ ...s, attributes: undefined }, 2)).toThrow(TypeError);
    expect(() => subscriptionQuantityWireBody(s, 0)).toThrow(RangeError);
    expect(() => subscriptionQuantityWireBody(s, 2.5)).toThrow(RangeError);
  });
});

describe('createCustomerWireBody', () => {
  const base: CreateCustomerRequest = {
    companyProfile: { domain: 'xyz.onmicrosoft.com' },
    billingProfile: {
      email: 'test@outlook.com',
      culture: 'EN-US',
      language: 'en',
      companyName: 'test company',
      defaultAddress: {
        firstName: 'Test',
        lastName: 'Test',
        addressLine1: 'One Microsoft Way',
        city: 'Redmond',
        state: 'WA',
        postalCode: '98052',
        country: 'US',
        phoneNumber: '',
      },
    },
  };

  it('maps to the docs’ example body (§4.4), camelCase, keeping an empty phone number as given', () => {
    expect(createCustomerWireBody(base)).toEqual({
      companyProfile: { domain: 'xyz.onmicrosoft.com' },
      billingProfile: {
        email: 'test@outlook.com',
        culture: 'EN-US',
        language: 'en',
        companyName: 'test company',
        defaultAddress: {
          firstName: 'Test',
          lastName: 'Test',
          addressLine1: 'One Microsoft Way',
          city: 'Redmond',
          state: 'WA',
          postalCode: '98052',
          country: 'US',
          phoneNumber: '',
        },
      },
    });
  });

  it('sends only documented fields and omits absent optional ones', () => {
    const extra = {
      companyProfile: { domain: 'a.onmicrosoft.com', organizationRegistrationNumber: '123', tenantId: 'x' },
      billingProfile: {
        ...base.billingProfile,
        password: 'nope',
        defaultAddress: {
          firstName: 'A',
          lastName: 'B',
          addressLine1: 'L1',
          addressLine2: undefined,
          city: 'Kyiv',
          postalCode: '01001',
          country: 'UA',
          region: 'x',
        },
      },
    } as unknown as CreateCustomerRequest;
    const wire = createCustomerWireBody(extra);
    expect(wire.companyProfile).toEqual({ domain: 'a.onmicrosoft.com', organizationRegistrationNumber: '123' });
    const bp = wire.billingProfile as Record<string, unknown>;
    expect(Object.keys(bp).sort()).toEqual(['companyName', 'culture', 'defaultAddress', 'email', 'language']);
    expect(bp.defaultAddress).toEqual({
      firstName: 'A',
      lastName: 'B',
      addressLine1: 'L1',
      city: 'Kyiv',
      postalCode: '01001',
      country: 'UA',
    });
  });
});

describe('createOrderWireBody', () => {
  it('sends lineItems with the documented fields and billingCycle only when given', () => {
    const lineItems = [
      { lineItemNumber: 0, offerId: 'o1', quantity: 2, friendlyName: 'Seats' },
      { lineItemNumber: 1, offerId: 'o2', quantity: 1, subscriptionId: 'ignored' },
    ];
    expect(createOrderWireBody({ lineItems })).toEqual({
      lineItems: [
        { lineItemNumber: 0, offerId: 'o1', quantity: 2, friendlyName: 'Seats' },
        { lineItemNumber: 1, offerId: 'o2', quantity: 1 },
      ],
    });
    expect(createOrderWireBody({ lineItems: [], billingCycle: 'annual' })).toEqual({ lineItems: [], billingCycle: 'annual' });
  });
});

describe('requiresRegistration (the one list of §4.4)', () => {
  it('is true for the eleven countries of §4.4, in any case, and false elsewhere', () => {
    for (const c of ['AM', 'AZ', 'BY', 'HU', 'KZ', 'KG', 'MD', 'RU', 'TJ', 'UZ', 'UA']) {
      expect(requiresRegistration(c)).toBe(true);
    }
    expect(requiresRegistration(' ua ')).toBe(true);
    expect(requiresRegistration('US')).toBe(false);
    expect(requiresRegistration('DE')).toBe(false);
  });
});

describe('error helpers', () => {
  it('isMcaRequiredError: only forbidden with code 13605', () => {
    expect(isMcaRequiredError(new PartnerCenterError({ kind: 'forbidden', message: 'x', code: '13605' }))).toBe(true);
    expect(isMcaRequiredError(new PartnerCenterError({ kind: 'forbidden', message: 'x', code: '900150' }))).toBe(false);
    expect(isMcaRequiredError(new PartnerCenterError({ kind: 'rejected', message: 'x', code: '13605' }))).toBe(false);
    expect(isMcaRequiredError(Object.assign(new Error('x'), { kind: 'forbidden', code: '13605' }))).toBe(false);
    expect(isMcaRequiredError(undefined)).toBe(false);
  });

  it('isStaleEtagError: only rejected with code 2055', () => {
    expect(isStaleEtagError(new PartnerCenterError({ kind: 'rejected', message: 'x', code: '2055' }))).toBe(true);
    expect(isStaleEtagError(new PartnerCenterError({ kind: 'rejected', message: 'x', code: '2002' }))).toBe(false);
  });
});

describe('commerce calls over a fake fetch', () => {
  it('PATCHes the subscription with JSON and the etag in the body', async () => {
    const { fetch, seen } = fakeFetch(() => Response.json({ ...SUBSCRIPTION_JSON, quantity: 9 }));
    const result = await client(fetch).updateSubscriptionQuantity('c 1', subscription(), 9);
    expect(result).toMatchObject({ pending: false, subscription: { quantity: 9 } });
    const req = seen[0]!;
    expect(req.method).toBe('PATCH');
    expect(req.url).toBe(`http://pc.test/v1/customers/c%201/subscriptions/${SUBSCRIPTION_JSON.id}`);
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(req.body!)).toEqual({ ...SUBSCRIPTION_JSON, quantity: 9 });
  });

  it('returns a 202 as pending with its Location, without polling', async () => {
    const { fetch, seen } = fakeFetch(
      () => new Response(null, { status: 202, headers: { Location: '/v1/customers/c/subscriptions/s/operations/1' } }),
    );
    const result = await client(fetch).updateSubscriptionQuantity('c', subscription(), 6);
    expect(result).toEqual({ pending: true, location: '/v1/customers/c/subscriptions/s/operations/1' });
    expect(seen).toHaveLength(1);
  });

  it('maps a 202 without Location, and a PATCH 204, to bad-response', async () => {
    const noLocation = await rejection(
      client(fakeFetch(() => new Response(null, { status: 202 })).fetch).updateSubscriptionQuantity('c', subscription(), 6),
    );
    expect(noLocation).toBeInstanceOf(PartnerCenterError);
    expect((noLocation as PartnerCenterError).kind).toBe('bad-response');
    const noContent = await rejection(
      client(fakeFetch(() => new Response(null, { status: 204 })).fetch).updateSubscriptionQuantity('c', subscription(), 6),
    );
    expect((noContent as PartnerCenterError).kind).toBe('bad-response');
  });

  it('sends nothing for a subscription without etag', async () => {
    const { fetch, seen } = fakeFetch(() => Response.json(SUBSCRIPTION_JSON));
    const err = await rejection(
      client(fetch).updateSubscriptionQuantity('c', { ...subscription(), attributes: undefined }, 6),
    );
    expect(err).toBeInstanceOf(TypeError);
    expect(seen).toHaveLength(0);
  });

  it('HEADs the URL-encoded domain; other statuses than 200/404 are errors of their kind', async () => {
    const { fetch, seen } = fakeFetch(() => new Response(null, { status: 404 }));
    await expect(client(fetch).isDomainAvailable('a b.onmicrosoft.com')).resolves.toBe(true);
    expect(seen[0]!.method).toBe('HEAD');
    expect(seen[0]!.url).toBe('http://pc.test/v1/domains/a%20b.onmicrosoft.com');

    const kinds: Record<number, string> = { 401: 'unauthorized', 429: 'throttled', 500: 'server', 204: 'bad-response', 400: 'rejected' };
    for (const [status, kind] of Object.entries(kinds)) {
      const err = await rejection(
        client(fakeFetch(() => new Response(null, { status: Number(status) })).fetch).isDomainAvailable('x.onmicrosoft.com'),
      );
      expect(err).toBeInstanceOf(PartnerCenterError);
      expect((err as PartnerCenterError).kind).toBe(kind);
      expect((err as PartnerCenterError).httpStatus).toBe(Number(status));
    }
  });

  it('rejects a created customer without userCredentials as bad-response', async () => {
    const customer = {
      id: 'c1',
      companyProfile: { tenantId: 'c1', domain: 'x.onmicrosoft.com', companyName: 'X' },
      relationshipToPartner: 'reseller',
    };
    const { fetch } = fakeFetch(() => Response.json(customer, { status: 201 }));
    const err = await rejection(
      client(fetch).createCustomer({
        companyProfile: { domain: 'x.onmicrosoft.com' },
        billingProfile: {
          email: 'a@b.c',
          culture: 'en-US',
          language: 'en',
          companyName: 'X',
          defaultAddress: { firstName: 'A', lastName: 'B', addressLine1: 'L', city: 'C', postalCode: '1', country: 'US' },
        },
      }),
    );
    expect((err as PartnerCenterError).kind).toBe('bad-response');
  });
});
