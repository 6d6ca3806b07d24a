/** The /v1 Partner Center endpoints. Handlers return a Reply; the server does the HTTP. */
import { z } from 'zod';
import { agreementError, genericError, wrongTokenKind, type Reply } from './errors';
import { GUID_RE } from './prng';
import {
  MCA_EARLIER_TEMPLATE_ID, MCA_LINK, MCA_TEMPLATE_ID, MCA_TYPE, MCLOUDA_LINK, MCLOUDA_TEMPLATE_ID, MCLOUDA_TYPE,
  agreementsOf, detailsOf, type AgreementRecord, type Contact, type CustomerRecord,
} from './seed';
import { CONTINUATION_TTL_MS, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Caller, type EmulatorState } from './state';

export interface RequestContext {
  state: EmulatorState;
  method: string;
  /** Path with the query string, as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** MS-RequestId as received, or the one generated for this request. */
  requestId: string;
  caller: Caller;
}

/** Partner Center writes need an Admin agent or Sales agent; an app-only caller acts for the partner. */
export const mayWrite = (caller: Caller) => caller.kind === 'app' || caller.role === 'AdminAgent' || caller.role === 'SalesAgent';

export type Handler = (ctx: RequestContext, params: string[]) => Reply;

const link = (uri: string) => ({ uri, method: 'GET', headers: [] as { key: string; value: string }[] });

export function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Lower-cases the first letter of every key, so PascalCase bodies read like camelCase ones. */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k.charAt(0).toLowerCase() + k.slice(1)] = camelizeKeys(v);
    return out;
  }
  return value;
}

export function parseJsonBody(ctx: RequestContext): { ok: true; value: unknown } | { ok: false; message: string } {
  if (ctx.rawBody.trim() === '') return { ok: false, message: 'The request body is empty.' };
  try {
    return { ok: true, value: camelizeKeys(JSON.parse(ctx.rawBody)) };
  } catch {
    return { ok: false, message: 'The request body is not valid JSON.' };
  }
}

// ---------------------------------------------------------------------------------------------
// Customers

export function customerSummary(c: CustomerRecord) {
  return {
    id: c.id,
    companyProfile: {
      tenantId: c.id,
      domain: c.domain,
      companyName: c.companyName,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: c.relationship,
    links: { self: link(`/customers/${c.id}`) },
    attributes: { objectType: 'Customer' },
  };
}

export function customerFull(state: EmulatorState, c: CustomerRecord) {
  const d = detailsOf(state.seed, c);
  return {
    id: c.id,
    commerceId: d.commerceId,
    companyProfile: {
      tenantId: c.id,
      domain: c.domain,
      companyName: c.companyName,
      address: { ...d.address },
      email: d.companyEmail,
      links: { self: link(`/customers/${c.id}/profiles/company`) },
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    billingProfile: {
      id: d.billingProfileId,
      firstName: d.contact.firstName,
      lastName: d.contact.lastName,
      email: d.contact.email,
      culture: d.culture,
      language: d.language,
      companyName: c.companyName,
      defaultAddress: {
        country: d.address.country,
        city: d.address.city,
        state: d.address.region,
        addressLine1: d.address.addressLine1,
        postalCode: d.address.postalCode,
        firstName: d.contact.firstName,
        lastName: d.contact.lastName,
        phoneNumber: d.contact.phoneNumber,
      },
      links: { self: link(`/customers/${c.id}/profiles/billing`) },
      attributes: { etag: d.etag, objectType: 'CustomerBillingProfile' },
    },
    relationshipToPartner: c.relationship,
    allowDelegatedAccess: true,
    customDomains: [c.domain],
    links: { self: link(`/customers/${c.id}`) },
    attributes: { objectType: 'Customer' },
  };
}

const filterSchema = z.object({
  Field: z.enum(['CompanyName', 'Domain']),
  Value: z.string(),
  Operator: z.literal('starts_with'),
}).strict();

interface ContinuationPayload { g: number; o: number; s: number; f: { field: 'CompanyName' | 'Domain'; value: string } | null; e: number }

function encodeToken(state: EmulatorState, p: ContinuationPayload): string {
  const json = Buffer.from(JSON.stringify(p)).toString('base64url');
  return `${json}.${state.sign(json)}`;
}

function decodeToken(state: EmulatorState, token: string): ContinuationPayload | string {
  const [json, sig, extra] = token.split('.');
  if (!json || !sig || extra !== undefined || state.sign(json) !== sig) return 'The continuation token is invalid.';
  let p: ContinuationPayload;
  try {
    p = JSON.parse(Buffer.from(json, 'base64url').toString('utf8')) as ContinuationPayload;
  } catch {
    return 'The continuation token is invalid.';
  }
  if (p.g !== state.generation) return 'The continuation token is no longer valid.';
  if (p.e < Date.now()) return 'The continuation token has expired.';
  return p;
}

export const listCustomers: Handler = (ctx) => {
  const { state, query } = ctx;
  for (const key of query.keys()) {
    if (!['size', 'filter', 'seekOperation'].includes(key)) return genericError(400, '400', `The query parameter '${key}' is not supported.`);
  }
  let offset = 0;
  let size = DEFAULT_PAGE_SIZE;
  let filter: ContinuationPayload['f'] = null;
  const seek = query.get('seekOperation');
  if (seek !== null) {
    if (seek.toLowerCase() !== 'next') return genericError(400, '400', `seekOperation '${seek}' is not supported; only 'Next' is.`);
    const token = header(ctx, 'MS-ContinuationToken');
    if (!token) return genericError(400, '400', 'The MS-ContinuationToken header is required with seekOperation=Next.');
    const p = decodeToken(state, token);
    if (typeof p === 'string') return genericError(400, '400', p);
    offset = p.o;
    size = p.s;
    filter = p.f;
  } else {
    const sizeParam = query.get('size');
    if (sizeParam !== null) {
      if (!/^\d+$/.test(sizeParam)) return genericError(400, '400', `The size '${sizeParam}' is not a valid page size.`);
      const n = Number(sizeParam);
      size = n === 0 ? DEFAULT_PAGE_SIZE : Math.min(n, MAX_PAGE_SIZE);
    }
    const filterParam = query.get('filter');
    if (filterParam !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(filterParam);
      } catch {
        return genericError(400, '400', 'The filter is not valid JSON.');
      }
      const f = filterSchema.safeParse(parsed);
      if (!f.success) {
        return genericError(400, '400', 'Invalid filter: Field must be CompanyName or Domain, Operator must be starts_with, Value a string.');
      }
      filter = { field: f.data.Field, value: f.data.Value };
    }
  }
  let source: CustomerRecord[] = state.customers;
  if (filter) {
    const needle = filter.value.toLowerCase();
    source = filter.field === 'CompanyName'
      ? state.customers.filter((c) => c.nameLower.startsWith(needle))
      : state.customers.filter((c) => c.domain.startsWith(needle));
  }
  const page = source.slice(offset, offset + size);
  const links: Record<string, unknown> = { self: link(ctx.url) };
  const nextOffset = offset + page.length;
  if (nextOffset < source.length) {
    const token = encodeToken(state, { g: state.generation, o: nextOffset, s: size, f: filter, e: Date.now() + CONTINUATION_TTL_MS });
    links['next'] = { uri: '/v1/customers?seekOperation=Next', method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: token }] };
  }
  return {
    status: 200,
    body: { totalCount: page.length, items: page.map(customerSummary), links, attributes: { objectType: 'Collection' } },
  };
};

/** Resolves {id} for generic (non-agreement) endpoints. */
export function findCustomerGeneric(state: EmulatorState, id: string): CustomerRecord | Reply {
  if (!GUID_RE.test(id)) return genericError(400, '900118', 'Invalid Customer Id');
  const c = state.byId.get(id.toLowerCase());
  if (!c) return genericError(404, '60003', 'Tenant not found');
  return c;
}

export function findCustomerAgreement(state: EmulatorState, id: string): CustomerRecord | Reply {
  if (!GUID_RE.test(id)) return agreementError(400, 900118, 'InvalidCustomerId', 'Invalid Customer Id');
  const c = state.byId.get(id.toLowerCase());
  if (!c) return agreementError(404, 60003, 'TenantNotFound', 'Tenant not found');
  return c;
}

export const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && 'status' in x;

export const getCustomer: Handler = (ctx, [id]) => {
  const c = findCustomerGeneric(ctx.state, id ?? '');
  if (isReply(c)) return c;
  return { status: 200, body: customerFull(ctx.state, c) };
};

// ---------------------------------------------------------------------------------------------
// Agreements

const TEMPLATES = [
  { templateId: MCA_TEMPLATE_ID, agreementType: MCA_TYPE, agreementLink: MCA_LINK, versionRank: 0 },
  { templateId: MCLOUDA_TEMPLATE_ID, agreementType: MCLOUDA_TYPE, agreementLink: MCLOUDA_LINK, versionRank: 0 },
];

/** `agreementType` query: omitted → MicrosoftCloudAgreement; `*` → all; unknown → error. */
function agreementTypeFilter(query: URLSearchParams): string[] | Reply {
  const raw = query.get('agreementType');
  if (raw === null || raw === '') return [MCLOUDA_TYPE];
  if (raw === '*') return [MCA_TYPE, MCLOUDA_TYPE];
  const known = [MCA_TYPE, MCLOUDA_TYPE].find((t) => t.toLowerCase() === raw.toLowerCase());
  if (!known) return agreementError(400, 600010, 'InvalidAgreementType', `The agreement type '${raw}' is not valid.`);
  return [known];
}

export const getAgreementMetadata: Handler = (ctx) => {
  const types = agreementTypeFilter(ctx.query);
  if (isReply(types)) return types;
  const items = TEMPLATES.filter((t) => types.includes(t.agreementType)).map((t) => ({ ...t }));
  return { status: 200, body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
};

function agreementJson(a: AgreementRecord) {
  const primaryContact: Contact = { firstName: a.primaryContact.firstName, lastName: a.primaryContact.lastName, email: a.primaryContact.email };
  if (a.primaryContact.phoneNumber !== undefined) primaryContact.phoneNumber = a.primaryContact.phoneNumber;
  return { userId: a.userId, primaryContact, templateId: a.templateId, dateAgreed: a.dateAgreed, type: a.type, agreementLink: a.agreementLink };
}

export const getCustomerAgreements: Handler = (ctx, [id]) => {
  const c = findCustomerAgreement(ctx.state, id ?? '');
  if (isReply(c)) return c;
  const types = agreementTypeFilter(ctx.query);
  if (isReply(types)) return types;
  const items = agreementsOf(ctx.state.seed, c).filter((a) => types.includes(a.type)).map(agreementJson);
  return { status: 200, body: { totalCount: items.length, items } };
};

export const getDirectSigned: Handler = (ctx, [id]) => {
  const c = findCustomerAgreement(ctx.state, id ?? '');
  if (isReply(c)) return c;
  return { status: 200, body: { isSigned: c.directSigned } };
};

/** Email pattern after the PowerShell cmdlet's client-side rule (partner-center-api.md §8), simplified. */
export const EMAIL_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,22}[A-Za-z0-9])?$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

export const nonEmpty = (field: string) => z.string({ error: `${field} is required.` }).trim().min(1, { error: `${field} must not be empty.` });

const agreementBodySchema = z.object({
  primaryContact: z.object({
    firstName: nonEmpty('primaryContact.firstName'),
    lastName: nonEmpty('primaryContact.lastName'),
    email: nonEmpty('primaryContact.email').regex(EMAIL_RE, { error: 'primaryContact.email is not a valid email address.' }),
    phoneNumber: z.string().trim().nullish(),
  }, { error: 'primaryContact is required.' }),
  templateId: nonEmpty('templateId'),
  dateAgreed: nonEmpty('dateAgreed').regex(DATE_TIME_RE, { error: 'dateAgreed must be an ISO 8601 date-time.' }),
  type: nonEmpty('type'),
  userId: z.string().nullish(),
  agreementLink: z.string().nullish(),
});

/** Parses an ISO date-time; no offset means UTC. NaN when the calendar date does not exist. */
export function parseDateTime(s: string): number {
  const m = DATE_TIME_RE.exec(s);
  if (!m) return NaN;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${(m[7] ?? '').slice(0, 4)}${m[8] ?? 'Z'}`;
  const t = Date.parse(iso);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() !== Number(m[2]) - 1) return NaN;
  return t;
}

const sameContact = (a: Contact, b: Contact) =>
  a.firstName === b.firstName && a.lastName === b.lastName && a.email.toLowerCase() === b.email.toLowerCase()
  && (a.phoneNumber ?? '') === (b.phoneNumber ?? '');

/** 400 600010 InvalidInput naming the first problem zod found. */
export function invalidInput(error: z.ZodError): Reply {
  const issue = error.issues[0];
  const where = issue?.path.join('.') || 'body';
  const msg = issue?.message && !issue.message.startsWith('Invalid input') ? issue.message : `${where} is invalid.`;
  return agreementError(400, 600010, 'InvalidInput', msg);
}

/** The template and type of an MCA confirmation: MCloudA retired (600020), unknown template (600011) or type (600010). */
export function templateProblem(templateId: string, type: string): Reply | null {
  if (templateId === MCLOUDA_TEMPLATE_ID) {
    return agreementError(400, 600020, 'AgreementTemplateNotSupported', `Microsoft Cloud Agreement Template ID '${MCLOUDA_TEMPLATE_ID}' is no longer supported.`);
  }
  if (templateId === MCA_EARLIER_TEMPLATE_ID) {
    // UNVERIFIED: refused as the retired MCloudA template is (README "UNVERIFIED choices").
    return agreementError(400, 600020, 'AgreementTemplateNotSupported', `Microsoft Customer Agreement Template ID '${MCA_EARLIER_TEMPLATE_ID}' is no longer supported.`);
  }
  if (templateId !== MCA_TEMPLATE_ID) return agreementError(400, 600011, 'InvalidTemplateId', `The template ID '${templateId}' is not valid.`);
  if (type !== MCA_TYPE && type !== MCLOUDA_TYPE) return agreementError(400, 600010, 'InvalidInput', `The agreement type '${type}' is not valid.`);
  return null;
}

/**
 * 600061 when the customer already holds an MCA record with this contact: same first name, last
 * name, phone (exact) and e-mail (case-insensitive) (partner-center-api.md §2.5, §3).
 */
export function duplicateConfirmation(state: EmulatorState, c: CustomerRecord, contact: Contact): Reply | null {
  if (!agreementsOf(state.seed, c).some((r) => r.type === MCA_TYPE && sameContact(r.primaryContact, contact))) return null;
  return agreementError(400, 600061, 'PartnerConfirmedAgreementAlreadyExists', 'A partner confirmed agreement already exists for the customer.');
}

/** Records an MCA confirmation and answers 201 with it, as GET lists it. */
export function addConfirmation(state: EmulatorState, c: CustomerRecord, contact: Contact, agreedAt: number, userId: string): Reply {
  const record: AgreementRecord = {
    userId,
    primaryContact: contact,
    templateId: MCA_TEMPLATE_ID,
    // Stored and returned like the docs' GET example: UTC, no `Z`, whole seconds.
    dateAgreed: new Date(agreedAt).toISOString().slice(0, 19),
    // The server derives the type from the template (Java SDK issue #86).
    type: MCA_TYPE,
    agreementLink: MCA_LINK,
  };
  agreementsOf(state.seed, c).push(record);
  return { status: 201, body: agreementJson(record) };
}

/**
 * Create agreement with the partner's own attestation of a contact (App+User only,
 * partner-center-api.md §2.5). The body carrying an attestation id, and the retired mode, are
 * attestations.ts's (it wraps this handler).
 */
export const postAgreement: Handler = (ctx, [id]) => {
  const { state, caller } = ctx;
  if (caller.kind === 'app') return wrongTokenKind('user');
  if (!mayWrite(caller)) {
    return agreementError(403, 900150, 'Forbidden', 'The supplied role does not have the rights to perform the requested operation');
  }
  const c = findCustomerAgreement(state, id ?? '');
  if (isReply(c)) return c;
  const parsed = parseJsonBody(ctx);
  if (!parsed.ok) return agreementError(400, 600010, 'InvalidInput', parsed.message);
  const body = agreementBodySchema.safeParse(parsed.value);
  if (!body.success) return invalidInput(body.error);
  const b = body.data;
  const problem = templateProblem(b.templateId, b.type);
  if (problem) return problem;
  const when = parseDateTime(b.dateAgreed);
  if (Number.isNaN(when)) return agreementError(400, 600010, 'InvalidInput', 'dateAgreed must be an ISO 8601 date-time.');
  if (when > state.now()) {
    return agreementError(400, 600002, 'InvalidDateAgreed', 'Date of agreement cannot be greater than the current date.');
  }
  const contact: Contact = { firstName: b.primaryContact.firstName, lastName: b.primaryContact.lastName, email: b.primaryContact.email };
  if (b.primaryContact.phoneNumber) contact.phoneNumber = b.primaryContact.phoneNumber;
  return duplicateConfirmation(state, c, contact) ?? addConfirmation(state, c, contact, when, caller.userId);
};
