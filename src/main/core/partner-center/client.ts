import { randomUUID } from 'node:crypto';
import { PartnerCenterError } from './errors';
import { createTransport, type RawAnswer, type RequestContext, type Transport } from './http';
import { Pacer } from './pacer';
import {
  agreementListSchema,
  agreementMetadataListSchema,
  agreementSchema,
  customerListSchema,
  customerSchema,
  createdCustomerSchema,
  directSignedStatusSchema,
  offerListSchema,
  orderSchema,
  subscriptionListSchema,
  subscriptionSchema,
  type Agreement,
  type AgreementMetadata,
  type AgreementTypeQuery,
  type CreateAgreementRequest,
  type CreateCustomerRequest,
  type CreatedCustomer,
  type CreateOrderRequest,
  type Customer,
  type CustomerListItem,
  type DirectSignedStatus,
  type Link,
  type Offer,
  type Order,
  type Subscription,
} from './schemas';

export interface PartnerCenterClientOptions {
  /** e.g. `https://api.partnercenter.microsoft.com` or the emulator's `http://127.0.0.1:PORT`. */
  baseUrl: string;
  getAccessToken: () => Promise<string>;
  /** Per request, body included. Default 30 s. */
  timeoutMs?: number;
  /** Sent as `X-Locale`. Default `en-US`. */
  locale?: string;
  /** Injected for tests; defaults to Node's global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Clock for Retry-After; injected for tests. */
  now?: () => Date;
  /**
   * The pace of requests to this Partner Center account, learnt from its 429s. Pass the same one
   * to every client of the account (the limit is the partner's); default: one of its own.
   */
  pacer?: Pacer;
}

/** Customer search fields Partner Center accepts in `filter` (§4.2); only `starts_with` exists. */
export type CustomerSearchField = 'CompanyName' | 'Domain' | 'IndirectReseller' | 'IndirectCloudSolutionProvider';

export interface CustomerFilter {
  field: CustomerSearchField;
  /** Prefix, matched case-insensitively by Partner Center. */
  value: string;
}

/**
 * Where the next page is: `links.next.uri` and its headers (the `MS-ContinuationToken`).
 * Plain JSON, so a caller can keep it and resume a listing after a failed page.
 */
export interface PageCursor {
  uri: string;
  headers: Record<string, string>;
}

export interface CustomerPage {
  items: CustomerListItem[];
  totalCount: number;
  /** Absent on the last page. */
  next?: PageCursor;
}

export interface ListCustomersOptions {
  /** `size` of the first request; later pages follow `links.next` as given. Default 100. */
  pageSize?: number;
  filter?: CustomerFilter;
  /**
   * Start from this cursor (a page's `next`) instead of the first page: how a caller retries a
   * page that failed without re-reading the pages it already has.
   */
  resumeFrom?: PageCursor;
}

export interface PartnerCenterClient {
  /**
   * Lazily pages through the partner's customers: one request per page, only when the consumer
   * asks for the next one. A failed page rejects the iteration with a `PartnerCenterError`; resume
   * with `resumeFrom: lastPage.next`. All pages share one correlation id (one user operation);
   * `ctx.requestId`, if given, is used for the first request only.
   */
  listCustomers(options?: ListCustomersOptions, ctx?: RequestContext): AsyncGenerator<CustomerPage, void, undefined>;
  getCustomer(customerId: string, ctx?: RequestContext): Promise<Customer>;
  /** Template ids for an agreement type (`GET /v1/agreements`); the type is always sent, never defaulted. */
  getAgreementTemplates(agreementType: AgreementTypeQuery, ctx?: RequestContext): Promise<AgreementMetadata[]>;
  /** Partner confirmation records; empty means no partner confirmation of that type. */
  getCustomerAgreements(
    customerId: string,
    agreementType: AgreementTypeQuery,
    ctx?: RequestContext,
  ): Promise<Agreement[]>;
  /** Whether the customer accepted the MCA directly (not covered by getCustomerAgreements). */
  getDirectSignedStatus(customerId: string, ctx?: RequestContext): Promise<DirectSignedStatus>;
  /** Records the partner's confirmation; resolves with the created record (201, with `userId`). */
  createAgreement(customerId: string, body: CreateAgreementRequest, ctx?: RequestContext): Promise<Agreement>;
  /** True if anything answers HTTP at the base URL; false on network error or timeout. */
  probe(ctx?: RequestContext): Promise<boolean>;

  // --- Commerce (§4.4, §5) ---------------------------------------------------------------

  /**
   * `POST /v1/customers` (§4.4) → 201 with the customer and its initial admin `userCredentials`.
   * The password is for showing once: never persist, log or queue it. 409 when the domain is
   * taken; 400 `600049`/`600051` when the country needs a registration number/phone number.
   */
  createCustomer(body: CreateCustomerRequest, ctx?: RequestContext): Promise<CreatedCustomer>;
  /** `HEAD /v1/domains/{domain}` (§4.4): 404 → true (free), 200 → false (taken), else an error. */
  isDomainAvailable(domain: string, ctx?: RequestContext): Promise<boolean>;
  /**
   * `GET /v1/offers?country=CC`: the offer catalogue of a market. Not described in
   * partner-center-api.md; named and shaped after the emulator's route.
   */
  listOffers(country: string, ctx?: RequestContext): Promise<Offer[]>;
  /** `POST /v1/customers/{id}/orders` (§5.1) → 201 Order. 403 `13605` without MCA acceptance. */
  createOrder(customerId: string, body: CreateOrderRequest, ctx?: RequestContext): Promise<Order>;
  /** `GET /v1/customers/{id}/subscriptions`, each with `attributes.etag` for a later PATCH. */
  listSubscriptions(customerId: string, ctx?: RequestContext): Promise<Subscription[]>;
  /**
   * `PATCH /v1/customers/{id}/subscriptions/{sid}` (§5.2): sends `subscription` in full with
   * `quantity` replaced; its `attributes.etag` is the concurrency token (400 `2055` when stale:
   * re-read and try again). 403 `13605` without MCA acceptance. A 202 is returned as
   * `{ pending: true, location }`, not polled. Rejects with a TypeError/RangeError (no request
   * sent) when the subscription has no etag or `quantity` is not a positive integer.
   */
  updateSubscriptionQuantity(
    customerId: string,
    subscription: Subscription,
    quantity: number,
    ctx?: RequestContext,
  ): Promise<SubscriptionUpdateResult>;
}

/** Outcome of a quantity change: done (200), or accepted for later (202 + `Location`). */
export type SubscriptionUpdateResult =
  | { pending: false; subscription: Subscription }
  | { pending: true; location: string };

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_PAGE_SIZE = 100;
export const APPLICATION_NAME = 'MCA Desk';

function customerPath(customerId: string, suffix = ''): string {
  return `/v1/customers/${encodeURIComponent(customerId)}${suffix}`;
}

/** The filter is JSON, URL-encoded as a whole (§4.2); encodeURIComponent matches the docs' example. */
export function customersFirstPageTarget(pageSize: number, filter?: CustomerFilter): string {
  let target = `/v1/customers?size=${pageSize}`;
  if (filter) {
    const json = JSON.stringify({ Field: filter.field, Value: filter.value, Operator: 'starts_with' });
    target += `&filter=${encodeURIComponent(json)}`;
  }
  return target;
}

function subscriptionPath(customerId: string, subscriptionId: string): string {
  return customerPath(customerId, `/subscriptions/${encodeURIComponent(subscriptionId)}`);
}

/** Copies `from[key]` onto `to` unless it is undefined, so optional fields never go out as `null`. */
function putDefined<T extends object, K extends keyof T>(to: Record<string, unknown>, from: T, key: K): void {
  if (from[key] !== undefined) to[key as string] = from[key];
}

/** The wire body of `POST /v1/customers`: only the documented fields, camelCase (§4.4). */
export function createCustomerWireBody(body: CreateCustomerRequest): Record<string, unknown> {
  const cp = body.companyProfile;
  const bp = body.billingProfile;
  const a = bp.defaultAddress;
  const companyProfile: Record<string, unknown> = { domain: cp.domain };
  putDefined(companyProfile, cp, 'organizationRegistrationNumber');
  const defaultAddress: Record<string, unknown> = {
    firstName: a.firstName,
    lastName: a.lastName,
    addressLine1: a.addressLine1,
  };
  putDefined(defaultAddress, a, 'addressLine2');
  defaultAddress.city = a.city;
  putDefined(defaultAddress, a, 'state');
  defaultAddress.postalCode = a.postalCode;
  defaultAddress.country = a.country;
  putDefined(defaultAddress, a, 'phoneNumber');
  return {
    companyProfile,
    billingProfile: {
      email: bp.email,
      culture: bp.culture,
      language: bp.language,
      companyName: bp.companyName,
      defaultAddress,
    },
  };
}

/** The wire body of `POST .../orders`: only the documented fields (§5.1). */
export function createOrderWireBody(body: CreateOrderRequest): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    lineItems: body.lineItems.map((li) => {
      const item: Record<string, unknown> = {
        lineItemNumber: li.lineItemNumber,
        offerId: li.offerId,
        quantity: li.quantity,
      };
      putDefined(item, li, 'friendlyName');
      return item;
    }),
  };
  putDefined(wire, body, 'billingCycle');
  return wire;
}

/**
 * The wire body of the quantity PATCH (§5.2): the full subscription resource as read, with
 * `quantity` replaced and `attributes.etag` kept. Throws for a subscription without etag (the
 * change would be unguarded) or a quantity that is not a positive integer.
 */
export function subscriptionQuantityWireBody(subscription: Subscription, quantity: number): Record<string, unknown> {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be a positive integer');
  if (!subscription.attributes?.etag) {
    throw new TypeError(`subscription ${subscription.id} has no attributes.etag; read it from listSubscriptions first`);
  }
  return { ...subscription, quantity, attributes: { ...subscription.attributes } };
}

function cursorFromLink(link: Link | undefined): PageCursor | undefined {
  if (!link) return undefined;
  const headers: Record<string, string> = {};
  for (const h of link.headers ?? []) headers[h.key] = h.value;
  return { uri: link.uri, headers };
}

/** The transport every Partner Center client uses, with the options' defaults filled in. */
export function transportOf(options: PartnerCenterClientOptions): Transport {
  return createTransport({
    baseUrl: options.baseUrl,
    getAccessToken: options.getAccessToken,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    locale: options.locale ?? 'en-US',
    applicationName: APPLICATION_NAME,
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
    pacer: options.pacer ?? new Pacer(),
  });
}

export function createPartnerCenterClient(options: PartnerCenterClientOptions): PartnerCenterClient {
  const transport = transportOf(options);

  /** A non-2xx answer is Partner Center's error; an unexpected 2xx is a `bad-response`. */
  function unexpectedStatus(answer: RawAnswer, expected: string): PartnerCenterError {
    if (answer.status < 200 || answer.status > 299) return transport.failure(answer);
    return new PartnerCenterError({
      kind: 'bad-response',
      message: `Partner Center answered ${answer.status}; ${expected}`,
      httpStatus: answer.status,
      correlationId: answer.correlationId,
      requestId: answer.requestId,
    });
  }

  async function* listCustomers(
    opts: ListCustomersOptions = {},
    ctx: RequestContext = {},
  ): AsyncGenerator<CustomerPage, void, undefined> {
    const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 0) throw new RangeError(`pageSize must be a non-negative integer`);
    const correlationId = ctx.correlationId ?? randomUUID();
    let cursor: PageCursor | undefined = opts.resumeFrom ?? {
      uri: customersFirstPageTarget(pageSize, opts.filter),
      headers: {},
    };
    let requestId = ctx.requestId;
    while (cursor) {
      const page = await transport.send({
        method: 'GET',
        target: cursor.uri,
        headers: cursor.headers,
        schema: customerListSchema,
        ctx: { correlationId, requestId, signal: ctx.signal },
      });
      requestId = undefined;
      cursor = cursorFromLink(page.links?.next);
      yield { items: page.items, totalCount: page.totalCount, next: cursor };
    }
  }

  return {
    listCustomers,

    getCustomer: (customerId, ctx) =>
      transport.send({ method: 'GET', target: customerPath(customerId), schema: customerSchema, ctx }),

    getAgreementTemplates: async (agreementType, ctx) => {
      const list = await transport.send({
        method: 'GET',
        target: `/v1/agreements?agreementType=${encodeURIComponent(agreementType)}`,
        schema: agreementMetadataListSchema,
        ctx,
      });
      return list.items;
    },

    getCustomerAgreements: async (customerId, agreementType, ctx) => {
      const list = await transport.send({
        method: 'GET',
        target: customerPath(customerId, `/agreements?agreementType=${encodeURIComponent(agreementType)}`),
        schema: agreementListSchema,
        ctx,
      });
      return list.items;
    },

    getDirectSignedStatus: (customerId, ctx) =>
      transport.send({
        method: 'GET',
        target: customerPath(customerId, '/directSignedMicrosoftCustomerAgreementStatus'),
        schema: directSignedStatusSchema,
        ctx,
      }),

    createAgreement: (customerId, body, ctx) =>
      transport.send({
        method: 'POST',
        target: customerPath(customerId, '/agreements'),
        // Only the documented fields go on the wire, whatever extra the caller's object holds.
        body: {
          primaryContact: {
            firstName: body.primaryContact.firstName,
            lastName: body.primaryContact.lastName,
            email: body.primaryContact.email,
            ...(body.primaryContact.phoneNumber ? { phoneNumber: body.primaryContact.phoneNumber } : {}),
          },
          templateId: body.templateId,
          dateAgreed: body.dateAgreed,
          type: body.type,
        },
        schema: agreementSchema,
        ctx,
      }),

    probe: (ctx) => transport.probe(ctx),

    createCustomer: (body, ctx) =>
      transport.send({
        method: 'POST',
        target: '/v1/customers',
        body: createCustomerWireBody(body),
        schema: createdCustomerSchema,
        ctx,
      }),

    isDomainAvailable: async (domain, ctx) => {
      const answer = await transport.exchange({
        method: 'HEAD',
        target: `/v1/domains/${encodeURIComponent(domain)}`,
        ctx,
      });
      if (answer.status === 404) return true;
      if (answer.status === 200) return false;
      throw unexpectedStatus(answer, 'HEAD /v1/domains answers 200 (taken) or 404 (free)');
    },

    listOffers: async (country, ctx) => {
      const list = await transport.send({
        method: 'GET',
        target: `/v1/offers?country=${encodeURIComponent(country)}`,
        schema: offerListSchema,
        ctx,
      });
      return list.items;
    },

    createOrder: (customerId, body, ctx) =>
      transport.send({
        method: 'POST',
        target: customerPath(customerId, '/orders'),
        body: createOrderWireBody(body),
        schema: orderSchema,
        ctx,
      }),

    listSubscriptions: async (customerId, ctx) => {
      const list = await transport.send({
        method: 'GET',
        target: customerPath(customerId, '/subscriptions'),
        schema: subscriptionListSchema,
        ctx,
      });
      return list.items;
    },

    updateSubscriptionQuantity: async (customerId, subscription, quantity, ctx) => {
      const body = subscriptionQuantityWireBody(subscription, quantity);
      const answer = await transport.exchange({
        method: 'PATCH',
        target: subscriptionPath(customerId, subscription.id),
        body,
        ctx,
      });
      if (answer.status === 202) {
        const location = answer.headers.get('location');
        if (!location) throw unexpectedStatus(answer, 'a 202 must say in Location where to poll');
        return { pending: true, location };
      }
      if (answer.status === 200) {
        return { pending: false, subscription: transport.parse(answer, subscriptionSchema) };
      }
      throw unexpectedStatus(answer, 'the quantity PATCH answers 200, or 202 with Location');
    },
  };
}
