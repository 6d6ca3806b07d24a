import { randomUUID } from 'node:crypto';
import { createTransport, type RequestContext } from './http';
import {
  agreementListSchema,
  agreementMetadataListSchema,
  agreementSchema,
  customerListSchema,
  customerSchema,
  directSignedStatusSchema,
  type Agreement,
  type AgreementMetadata,
  type AgreementTypeQuery,
  type CreateAgreementRequest,
  type Customer,
  type CustomerListItem,
  type DirectSignedStatus,
  type Link,
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
}

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

function cursorFromLink(link: Link | undefined): PageCursor | undefined {
  if (!link) return undefined;
  const headers: Record<string, string> = {};
  for (const h of link.headers ?? []) headers[h.key] = h.value;
  return { uri: link.uri, headers };
}

export function createPartnerCenterClient(options: PartnerCenterClientOptions): PartnerCenterClient {
  const transport = createTransport({
    baseUrl: options.baseUrl,
    getAccessToken: options.getAccessToken,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    locale: options.locale ?? 'en-US',
    applicationName: APPLICATION_NAME,
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
  });

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
  };
}
