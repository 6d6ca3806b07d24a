/**
 * Issue 3 extras: create customer, domain availability, offers, orders and subscriptions
 * (partner-center-api.md §4.4, §5). Smaller than Partner Center: legacy license-based offers only.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { customerFull, findCustomerGeneric, header, mayWrite, parseJsonBody, EMAIL_RE, type Handler, type RequestContext } from './api';
import { genericError, type Reply } from './errors';
import type { Route } from './index';
import { guid, intBetween, mixSeed, mulberry32, pick } from './prng';
import { hasMcaConfirmation, type CustomerRecord } from './seed';
import type { EmulatorState } from './state';

// ---------------------------------------------------------------------------------------------
// Offer catalogue (fictional ids; names after real Microsoft 365 products)

export const OFFERS = [
  { id: '6f8e2a51-0c1d-4b7e-9a3f-5d2c8b7e1a01', name: 'Microsoft 365 Business Basic', min: 1, max: 300 },
  { id: '6f8e2a51-0c1d-4b7e-9a3f-5d2c8b7e1a02', name: 'Microsoft 365 Business Standard', min: 1, max: 300 },
  { id: '6f8e2a51-0c1d-4b7e-9a3f-5d2c8b7e1a03', name: 'Microsoft 365 Business Premium', min: 1, max: 300 },
  { id: '6f8e2a51-0c1d-4b7e-9a3f-5d2c8b7e1a04', name: 'Office 365 E3', min: 1, max: 10000 },
  { id: '6f8e2a51-0c1d-4b7e-9a3f-5d2c8b7e1a05', name: 'Exchange Online (Plan 1)', min: 1, max: 10000 },
] as const;
type Offer = (typeof OFFERS)[number];

const link = (uri: string) => ({ uri, method: 'GET', headers: [] as { key: string; value: string }[] });

function offerJson(o: Offer, country: string) {
  return {
    id: o.id,
    name: o.name,
    description: `${o.name} (emulator catalogue)`,
    minimumQuantity: o.min,
    maximumQuantity: o.max,
    rank: OFFERS.indexOf(o) + 1,
    uri: `/v1/offers/${o.id}?country=${country}`,
    locale: 'en-US',
    country,
    category: { id: 'Microsoft365', name: 'Microsoft 365', rank: 10, locale: 'en-US', country },
    billing: 'license',
    isAddOn: false,
    isAvailableForPurchase: true,
    links: { self: link(`/v1/offers/${o.id}?country=${country}`) },
    attributes: { objectType: 'Offer' },
  };
}

const getOffers: Handler = (ctx) => {
  const country = ctx.query.get('country');
  if (!country || !/^[A-Za-z]{2}$/.test(country)) return genericError(400, '400', "The query parameter 'country' (ISO 3166 alpha-2) is required.");
  const items = OFFERS.map((o) => offerJson(o, country.toUpperCase()));
  return { status: 200, body: { totalCount: items.length, items, links: { self: link(ctx.url) }, attributes: { objectType: 'Collection' } } };
};

// ---------------------------------------------------------------------------------------------
// Subscriptions and orders

interface Subscription {
  id: string;
  offerId: string;
  offerName: string;
  friendlyName: string;
  quantity: number;
  unitType: string;
  creationDate: string;
  effectiveStartDate: string;
  commitmentEndDate: string;
  status: string;
  autoRenewEnabled: boolean;
  billingType: string;
  billingCycle: string;
  contractType: string;
  orderId: string;
  etag: number;
}

interface Order {
  id: string;
  referenceCustomerId: string;
  billingCycle: string;
  lineItems: { lineItemNumber: number; offerId: string; subscriptionId: string; friendlyName: string; quantity: number }[];
  creationDate: string;
  status: string;
}

interface CommerceData { subscriptions: Subscription[]; orders: Order[] }

const iso = (ms: number) => new Date(ms).toISOString();

function commerceOf(state: EmulatorState, c: CustomerRecord): CommerceData {
  const existing = state.commerce.get(c.id) as CommerceData | undefined;
  if (existing) return existing;
  const rng = mulberry32(mixSeed(state.seed, c.index, 0xc0de));
  const data: CommerceData = { subscriptions: [], orders: [] };
  const n = c.createdIndex !== undefined ? 0 : intBetween(rng, 0, 3);
  for (let i = 0; i < n; i++) {
    const offer = pick(rng, OFFERS);
    const created = Date.UTC(2019, 0, 1) + Math.floor(rng() * (Date.UTC(2025, 5, 1) - Date.UTC(2019, 0, 1)));
    const orderId = guid(rng);
    const sub: Subscription = {
      id: guid(rng), offerId: offer.id, offerName: offer.name, friendlyName: offer.name, quantity: intBetween(rng, 1, 50), unitType: 'Licenses',
      creationDate: iso(created), effectiveStartDate: iso(created), commitmentEndDate: iso(created + 365 * 86_400_000),
      status: rng() < 0.9 ? 'active' : 'suspended', autoRenewEnabled: true, billingType: 'license', billingCycle: 'monthly', contractType: 'subscription',
      orderId, etag: intBetween(rng, 1, 1_000_000),
    };
    data.subscriptions.push(sub);
    data.orders.push({ id: orderId, referenceCustomerId: c.id, billingCycle: 'monthly', lineItems: [{ lineItemNumber: 0, offerId: offer.id, subscriptionId: sub.id, friendlyName: sub.friendlyName, quantity: sub.quantity }], creationDate: iso(created), status: 'completed' });
  }
  state.commerce.set(c.id, data);
  return data;
}

function subscriptionJson(customerId: string, s: Subscription) {
  return {
    id: s.id, offerId: s.offerId, offerName: s.offerName, friendlyName: s.friendlyName, quantity: s.quantity, unitType: s.unitType,
    hasPurchasableAddons: false, creationDate: s.creationDate, effectiveStartDate: s.effectiveStartDate, commitmentEndDate: s.commitmentEndDate,
    status: s.status, autoRenewEnabled: s.autoRenewEnabled, isTrial: false, billingType: s.billingType, billingCycle: s.billingCycle,
    contractType: s.contractType, orderId: s.orderId,
    links: { offer: link(`/offers/${s.offerId}`), self: link(`/customers/${customerId}/subscriptions/${s.id}`) },
    attributes: { etag: String(s.etag), objectType: 'Subscription' },
  };
}

function orderJson(customerId: string, o: Order) {
  return {
    id: o.id, referenceCustomerId: o.referenceCustomerId, billingCycle: o.billingCycle,
    lineItems: o.lineItems.map((li) => ({ ...li, links: { subscription: link(`/customers/${customerId}/subscriptions/${li.subscriptionId}`) } })),
    creationDate: o.creationDate, status: o.status,
    links: { provisioningStatus: link(`/customers/${customerId}/orders/${o.id}/provisioningstatus`), self: link(`/customers/${customerId}/orders/${o.id}`) },
    attributes: { objectType: 'Order' },
  };
}

const MCA_MISSING = 'Either a partner confirmation of the customer acceptance of the Microsoft Customer Agreement must be provided or the customer must accept the Microsoft Customer Agreement in the Microsoft Admin Center before you can complete this purchase';

const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && 'status' in x && 'errorCode' in x;

function canBuy(ctx: RequestContext): Reply | null {
  if (!mayWrite(ctx.caller)) {
    return genericError(403, '900150', 'The supplied role does not have the rights to perform the requested operation');
  }
  return null;
}

const collection = (items: unknown[], self: string) => ({ totalCount: items.length, items, links: { self: link(self) }, attributes: { objectType: 'Collection' } });

const listSubscriptions: Handler = (ctx, [id]) => {
  const c = findCustomerGeneric(ctx.state, id ?? '');
  if (isReply(c)) return c;
  return { status: 200, body: collection(commerceOf(ctx.state, c).subscriptions.map((s) => subscriptionJson(c.id, s)), ctx.url) };
};

function findSubscription(ctx: RequestContext, id: string, sid: string): { c: CustomerRecord; s: Subscription } | Reply {
  const c = findCustomerGeneric(ctx.state, id);
  if (isReply(c)) return c;
  const s = commerceOf(ctx.state, c).subscriptions.find((x) => x.id === sid.toLowerCase());
  if (!s) return genericError(404, '800002', 'Subscription not found');
  return { c, s };
}

const getSubscription: Handler = (ctx, [id, sid]) => {
  const found = findSubscription(ctx, id ?? '', sid ?? '');
  if (isReply(found)) return found;
  return { status: 200, body: subscriptionJson(found.c.id, found.s) };
};

const patchSchema = z.object({
  quantity: z.number().int(),
  attributes: z.object({ etag: z.union([z.string(), z.number()]).optional() }).optional(),
});

const patchSubscription: Handler = (ctx, [id, sid]) => {
  const denied = canBuy(ctx);
  if (denied) return denied;
  const found = findSubscription(ctx, id ?? '', sid ?? '');
  if (isReply(found)) return found;
  const { c, s } = found;
  const parsed = parseJsonBody(ctx);
  if (!parsed.ok) return genericError(400, '400', parsed.message);
  const body = patchSchema.safeParse(parsed.value);
  if (!body.success) return genericError(400, '400', 'The body must be the Subscription resource with an integer quantity.');
  const etag = header(ctx, 'If-Match') ?? (body.data.attributes?.etag !== undefined ? String(body.data.attributes.etag) : undefined);
  if (etag === undefined) return genericError(400, '400', 'The subscription etag (attributes.etag or If-Match) is required.');
  if (etag.replace(/^W\//, '').replace(/"/g, '') !== String(s.etag)) return genericError(400, '2055', 'Etag is no longer valid');
  if (!hasMcaConfirmation(ctx.state.seed, c)) return genericError(403, '13605', MCA_MISSING);
  if (s.status === 'suspended') return genericError(400, '2001', 'Subscription is suspended; the quantity cannot be changed.');
  const offer = OFFERS.find((o) => o.id === s.offerId);
  if (offer && (body.data.quantity < offer.min || body.data.quantity > offer.max)) {
    return genericError(400, '2002', `Quantity must be between ${offer.min} and ${offer.max}.`);
  }
  s.quantity = body.data.quantity;
  s.etag++;
  return { status: 200, body: subscriptionJson(c.id, s) };
};

const orderSchema = z.object({
  billingCycle: z.enum(['monthly', 'annual', 'Monthly', 'Annual']).optional(),
  lineItems: z.array(z.object({
    lineItemNumber: z.number().int().min(0),
    offerId: z.string().min(1),
    quantity: z.number().int().min(1),
    friendlyName: z.string().optional(),
  })).min(1),
});

const listOrders: Handler = (ctx, [id]) => {
  const c = findCustomerGeneric(ctx.state, id ?? '');
  if (isReply(c)) return c;
  return { status: 200, body: collection(commerceOf(ctx.state, c).orders.map((o) => orderJson(c.id, o)), ctx.url) };
};

const createOrder: Handler = (ctx, [id]) => {
  const denied = canBuy(ctx);
  if (denied) return denied;
  const c = findCustomerGeneric(ctx.state, id ?? '');
  if (isReply(c)) return c;
  const parsed = parseJsonBody(ctx);
  if (!parsed.ok) return genericError(400, '400', parsed.message);
  const body = orderSchema.safeParse(parsed.value);
  if (!body.success) return genericError(400, '400', `Invalid order: ${body.error.issues[0]?.path.join('.') ?? 'body'} is missing or invalid.`);
  const items = body.data.lineItems;
  const numbers = items.map((li) => li.lineItemNumber).sort((a, b) => a - b);
  if (numbers.some((n, i) => n !== i)) return genericError(400, '400', 'lineItemNumber values must be 0..n-1.');
  for (const li of items) {
    const offer = OFFERS.find((o) => o.id.toLowerCase() === li.offerId.toLowerCase());
    if (!offer) return genericError(400, '400', `Offer '${li.offerId}' was not found.`);
    if (li.quantity < offer.min || li.quantity > offer.max) return genericError(400, '2002', `Quantity must be between ${offer.min} and ${offer.max}.`);
  }
  if (!hasMcaConfirmation(ctx.state.seed, c)) return genericError(403, '13605', MCA_MISSING);
  const data = commerceOf(ctx.state, c);
  const now = ctx.state.now();
  const orderId = randomBytes(8).toString('hex').toUpperCase();
  const order: Order = { id: orderId, referenceCustomerId: c.id, billingCycle: (body.data.billingCycle ?? 'monthly').toLowerCase(), lineItems: [], creationDate: iso(now), status: 'pending' };
  for (const li of items) {
    const offer = OFFERS.find((o) => o.id.toLowerCase() === li.offerId.toLowerCase())!;
    const sub: Subscription = {
      id: guid(Math.random), offerId: offer.id, offerName: offer.name, friendlyName: li.friendlyName ?? offer.name, quantity: li.quantity, unitType: 'Licenses',
      creationDate: iso(now), effectiveStartDate: iso(now), commitmentEndDate: iso(now + 365 * 86_400_000), status: 'active', autoRenewEnabled: true,
      billingType: 'license', billingCycle: order.billingCycle, contractType: 'subscription', orderId, etag: 1,
    };
    data.subscriptions.push(sub);
    order.lineItems.push({ lineItemNumber: li.lineItemNumber, offerId: offer.id, subscriptionId: sub.id, friendlyName: sub.friendlyName, quantity: li.quantity });
  }
  data.orders.push(order);
  return { status: 201, body: orderJson(c.id, order) };
};

// ---------------------------------------------------------------------------------------------
// Domains and customer creation

const headDomain: Handler = (ctx, [domain]) => {
  const d = (domain ?? '').toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(d)) return { status: 400 };
  return { status: ctx.state.domains.has(d) ? 200 : 404 };
};

/** Countries that require organizationRegistrationNumber (600049) and a phone number (600051). */
export const REG_NUMBER_COUNTRIES = ['AM', 'AZ', 'BY', 'HU', 'KZ', 'KG', 'MD', 'RU', 'TJ', 'UZ', 'UA'];

const str = (min: number, max: number) => z.string().trim().min(min).max(max);
const createSchema = z.object({
  companyProfile: z.object({
    domain: z.string().regex(/^[A-Za-z0-9]{1,27}\.onmicrosoft\.com$/i),
    organizationRegistrationNumber: z.string().nullish(),
  }),
  billingProfile: z.object({
    email: z.string().regex(EMAIL_RE),
    culture: z.string().regex(/^[A-Za-z]{2}-[A-Za-z]{2}$/),
    language: z.string().regex(/^[A-Za-z]{2}$/),
    companyName: str(1, 256),
    defaultAddress: z.object({
      firstName: str(1, 50),
      lastName: str(1, 50),
      addressLine1: str(1, 200),
      addressLine2: z.string().max(200).nullish(),
      city: str(1, 100),
      state: z.string().max(2).nullish(),
      postalCode: z.string().max(20).nullish(),
      country: z.string().regex(/^[A-Z]{2}$/),
      phoneNumber: z.string().nullish(),
    }),
  }),
});

const createCustomer: Handler = (ctx) => {
  const denied = canBuy(ctx);
  if (denied) return denied;
  if (ctx.state.controls.cloud === 'germany') return genericError(404, '404', 'Creating customers is not available in Microsoft Cloud Germany.');
  const parsed = parseJsonBody(ctx);
  if (!parsed.ok) return genericError(400, '400', parsed.message);
  const body = createSchema.safeParse(parsed.value);
  if (!body.success) {
    const issue = body.error.issues[0];
    return genericError(400, '400', `Invalid customer: ${issue?.path.join('.') || 'body'} is missing or invalid.`);
  }
  const { companyProfile: cp, billingProfile: bp } = body.data;
  const addr = bp.defaultAddress;
  if (REG_NUMBER_COUNTRIES.includes(addr.country)) {
    if (!cp.organizationRegistrationNumber?.trim()) return genericError(400, '600049', `The organization registration number is required for country ${addr.country}.`);
    if (!addr.phoneNumber?.trim()) return genericError(400, '600051', 'Customer phone number is missing.');
  }
  const domain = cp.domain.toLowerCase();
  if (ctx.state.domains.has(domain)) return genericError(409, '409', `The domain ${domain} is already in use.`);
  const state = ctx.state;
  const rng = Math.random;
  const rec: CustomerRecord = {
    index: state.customers.length, id: guid(rng), companyName: bp.companyName, nameLower: bp.companyName.toLowerCase(), domain,
    localeKey: 'en-US', relationship: 'reseller', directSigned: false, seedMcaRecords: 0, seedCloudRecords: 0, agreements: [],
    createdIndex: state.createdCustomers++,
    details: {
      commerceId: guid(rng), billingProfileId: guid(rng), etag: String(-Math.floor(rng() * 9e18)),
      contact: { firstName: addr.firstName, lastName: addr.lastName, email: bp.email, phoneNumber: addr.phoneNumber ?? '' },
      address: { country: addr.country, region: addr.state ?? '', city: addr.city, addressLine1: addr.addressLine1, postalCode: addr.postalCode ?? '', phoneNumber: addr.phoneNumber ?? '' },
      culture: bp.culture, language: bp.language.toLowerCase(), companyEmail: bp.email,
    },
  };
  state.customers.push(rec);
  state.byId.set(rec.id, rec);
  state.domains.add(domain);
  const password = `${randomBytes(9).toString('base64url')}!1a`;
  return { status: 201, body: { ...customerFull(state, rec), userCredentials: { userName: `admin@${domain}`, password } } };
};

export const commerceRoutes: Route[] = [
  { pattern: /^\/v1\/offers$/i, methods: { GET: getOffers } },
  { pattern: /^\/v1\/domains\/([^/]+)$/i, methods: { HEAD: headDomain } },
  { pattern: /^\/v1\/customers\/([^/]+)\/subscriptions$/i, methods: { GET: listSubscriptions } },
  { pattern: /^\/v1\/customers\/([^/]+)\/subscriptions\/([^/]+)$/i, methods: { GET: getSubscription, PATCH: patchSubscription } },
  { pattern: /^\/v1\/customers\/([^/]+)\/orders$/i, methods: { GET: listOrders, POST: createOrder } },
];

export { createCustomer };
