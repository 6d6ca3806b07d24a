/**
 * The enhanced MCA attestation API (partner-center-api.md §3), the way MCA acceptance works
 * since 5 January 2026:
 *
 *   1. the partner's web app creates an attestation for a customer   POST /v1/attestations/enhanced   (app-only)
 *   2. the customer accepts (or declines) it on Microsoft's page       GET  /mca/?attestationid={id}     (no sign-in)
 *   3. the app reads its status                                        GET  /v1/attestations/enhanced/{id}
 *   4. the app creates the agreement from it                           POST /v1/customers/{id}/agreements {type, templateId, attestationId}
 *
 * Microsoft publishes little of this: paths beyond step 1, field names, status values, expiry,
 * error codes and the page are UNVERIFIED, the emulator's choices. They all live in this file
 * (the page's HTML in mca-page.ts), so a correction of Microsoft's real shape is a change here
 * and in the fixture `test/fixtures/partner-center/attestation-created.json`. The README's
 * "UNVERIFIED choices" table lists each one.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  addConfirmation, duplicateConfirmation, EMAIL_RE, findCustomerAgreement, invalidInput, isReply, nonEmpty, parseJsonBody,
  templateProblem, type Handler, type RequestContext,
} from './api';
import { agreementError, wrongTokenKind, type Reply } from './errors';
import type { Route } from './index';
import { attestationPage, type PageKind } from './mca-page';
import { GUID_RE } from './prng';
import type { Contact, CustomerRecord } from './seed';
import type { EmulatorState } from './state';

export type AttestationStatus = 'Pending' | 'Accepted' | 'Declined' | 'Expired';
export const ATTESTATION_STATUSES: readonly AttestationStatus[] = ['Pending', 'Accepted', 'Declined', 'Expired'];

/** A Pending attestation the customer has not answered within this time reads Expired. */
export const ATTESTATION_TTL_MS = 30 * 86_400_000;

export interface Attestation {
  attestationId: string;
  customerTenantId: string;
  companyName: string;
  country: string;
  language: string;
  signatory: Contact;
  /** Emulator clock (state.now()), ms. */
  createdAt: number;
  expiresAt: number;
  status: AttestationStatus;
  acceptedAt?: number;
  declinedAt?: number;
  /** An agreement was created from it (it cannot be used twice). */
  usedForAgreement: boolean;
  /** The MS-RequestId of the create call and the web app that made it (admin list only). */
  requestId: string;
  appId: string;
}

// ---------------------------------------------------------------------------------------------
// Errors (the agreement shape of partner-center-api.md §1.5; codes other than 600010, 600061,
// 60003 and 900150 are the emulator's)

const notFound = (id: string) => agreementError(404, 600071, 'AttestationNotFound', `The attestation '${id}' was not found.`);
const badId = (id: string) => agreementError(400, 600010, 'InvalidInput', `The attestation ID '${id}' is not valid.`);
const NOT_USABLE: Record<Exclude<AttestationStatus, 'Accepted'>, () => Reply> = {
  Pending: () => agreementError(400, 600072, 'AttestationNotAccepted', 'The customer has not accepted the Microsoft Customer Agreement for this attestation yet.'),
  Declined: () => agreementError(400, 600073, 'AttestationDeclined', 'The customer declined the Microsoft Customer Agreement for this attestation.'),
  Expired: () => agreementError(400, 600074, 'AttestationExpired', 'The attestation expired before the customer accepted the Microsoft Customer Agreement.'),
};
const otherCustomer = () => agreementError(400, 600075, 'AttestationCustomerMismatch', 'The attestation was created for another customer.');
const alreadyUsed = () => agreementError(409, 600076, 'AttestationAlreadyUsed', 'An agreement was already created from this attestation.');

/** The legacy contact-body POST when partner confirmation is retired (`--partner-confirmation retired`). */
export function partnerAttestationRetired(): Reply {
  return agreementError(400, 600031, 'PartnerAttestationDeprecated', 'Partner attestation of the Microsoft Customer Agreement through this API was deprecated on January 5, 2026. Use the enhanced attestation API.');
}

// ---------------------------------------------------------------------------------------------
// Status

/** The status now: a Pending attestation past its expiry becomes Expired, for good. */
function statusOf(state: EmulatorState, a: Attestation): AttestationStatus {
  if (a.status === 'Pending' && state.now() >= a.expiresAt) a.status = 'Expired';
  return a.status;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The attestation as /v1 returns it (201 on create, 200 on GET). */
function attestationJson(state: EmulatorState, a: Attestation) {
  const status = statusOf(state, a);
  return {
    attestationId: a.attestationId,
    status,
    customerTenantId: a.customerTenantId,
    companyName: a.companyName,
    country: a.country,
    language: a.language,
    signatoryFirstName: a.signatory.firstName,
    signatoryLastName: a.signatory.lastName,
    signatoryEmail: a.signatory.email,
    ...(a.signatory.phoneNumber !== undefined ? { signatoryPhoneNumber: a.signatory.phoneNumber } : {}),
    createdDateTime: iso(a.createdAt),
    expirationDateTime: iso(a.expiresAt),
    ...(a.acceptedAt !== undefined ? { acceptedDateTime: iso(a.acceptedAt) } : {}),
    ...(a.declinedAt !== undefined ? { declinedDateTime: iso(a.declinedAt) } : {}),
  };
}

/** The customer's answer. Answering the same way twice keeps the first time; the other way, or too late, is refused. */
function answer(state: EmulatorState, a: Attestation, outcome: 'Accepted' | 'Declined'): { ok: true; first: boolean } | { ok: false; status: AttestationStatus } {
  const status = statusOf(state, a);
  if (status === outcome) return { ok: true, first: false };
  if (status !== 'Pending') return { ok: false, status };
  a.status = outcome;
  if (outcome === 'Accepted') a.acceptedAt = state.now();
  else a.declinedAt = state.now();
  return { ok: true, first: true };
}

// ---------------------------------------------------------------------------------------------
// /v1

/** Known ISO 3166-1 alpha-2 regions (ICU's list). */
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

const createSchema = z.object({
  customerTenantId: nonEmpty('customerTenantId').regex(GUID_RE, { error: 'customerTenantId must be a GUID.' }),
  country: nonEmpty('country')
    .regex(/^[A-Z]{2}$/, { error: 'country must be an ISO 3166-1 alpha-2 code in upper case, like FR.' })
    .refine((c) => !/^[A-Z]{2}$/.test(c) || regionNames.of(c) !== undefined, { error: 'country is not an ISO 3166-1 alpha-2 code.' }),
  language: nonEmpty('language').regex(/^[a-z]{2}(-[A-Z]{2})?$/, { error: 'language must be a language code like en, fr or de-DE.' }),
  companyName: nonEmpty('companyName').max(256, { error: 'companyName must be at most 256 characters.' }),
  signatoryFirstName: nonEmpty('signatoryFirstName'),
  signatoryLastName: nonEmpty('signatoryLastName'),
  signatoryEmail: nonEmpty('signatoryEmail').regex(EMAIL_RE, { error: 'signatoryEmail is not a valid email address.' }),
  signatoryPhoneNumber: z.string({ error: 'signatoryPhoneNumber must be a string.' }).trim().nullish(),
}).strict();

/** POST /v1/attestations/enhanced (app-only: the route says so). */
const createAttestation: Handler = (ctx) => {
  const { state } = ctx;
  const parsed = parseJsonBody(ctx);
  if (!parsed.ok) return agreementError(400, 600010, 'InvalidInput', parsed.message);
  const body = createSchema.safeParse(parsed.value);
  if (!body.success) return invalidInput(body.error);
  const b = body.data;
  const c = findCustomerAgreement(state, b.customerTenantId);
  if (isReply(c)) return c;
  const signatory: Contact = { firstName: b.signatoryFirstName, lastName: b.signatoryLastName, email: b.signatoryEmail };
  if (b.signatoryPhoneNumber) signatory.phoneNumber = b.signatoryPhoneNumber;
  const duplicate = duplicateConfirmation(state, c, signatory);
  if (duplicate) return duplicate;
  const createdAt = state.now();
  const a: Attestation = {
    attestationId: randomUUID(), customerTenantId: c.id, companyName: b.companyName, country: b.country, language: b.language, signatory,
    createdAt, expiresAt: createdAt + ATTESTATION_TTL_MS, status: 'Pending', usedForAgreement: false,
    requestId: ctx.requestId, appId: ctx.caller.kind === 'app' ? ctx.caller.appId : '',
  };
  state.attestations.set(a.attestationId, a);
  return { status: 201, body: attestationJson(state, a) };
};

/** (api.ts's isReply cannot tell them apart: an attestation has a `status` too.) */
const isAttestation = (x: Attestation | Reply): x is Attestation => 'attestationId' in x;

function findAttestation(state: EmulatorState, id: string): Attestation | Reply {
  if (!GUID_RE.test(id)) return badId(id);
  return state.attestations.get(id.toLowerCase()) ?? notFound(id);
}

/** GET /v1/attestations/enhanced/{id} (app-only). */
const getAttestation: Handler = (ctx, [id]) => {
  const a = findAttestation(ctx.state, id ?? '');
  if (!isAttestation(a)) return a;
  return { status: 200, body: attestationJson(ctx.state, a) };
};

/** The create-agreement body that consumes an attestation. */
const fromAttestationSchema = z.object({
  type: nonEmpty('type'),
  templateId: nonEmpty('templateId'),
  attestationId: nonEmpty('attestationId'),
}).strict();

/** Whether a create-agreement body names an attestation (then it is this file's, not the contact body's). */
const carriesAttestation = (body: unknown) => typeof body === 'object' && body !== null && !Array.isArray(body) && 'attestationId' in body;

function agreementFromAttestation(ctx: RequestContext, customerId: string, body: object): Reply {
  const { state, caller } = ctx;
  if ('primaryContact' in body || 'dateAgreed' in body) {
    return agreementError(400, 600010, 'InvalidInput', 'Send either primaryContact and dateAgreed, or attestationId, not both.');
  }
  if (caller.kind !== 'app') return wrongTokenKind('app');
  const c = findCustomerAgreement(state, customerId);
  if (isReply(c)) return c;
  const parsed = fromAttestationSchema.safeParse(body);
  if (!parsed.success) return invalidInput(parsed.error);
  const b = parsed.data;
  const problem = templateProblem(b.templateId, b.type);
  if (problem) return problem;
  const a = findAttestation(state, b.attestationId);
  if (!isAttestation(a)) return a;
  if (a.customerTenantId !== c.id) return otherCustomer();
  if (a.usedForAgreement) return alreadyUsed();
  const status = statusOf(state, a);
  if (status !== 'Accepted') return NOT_USABLE[status]();
  const duplicate = duplicateConfirmation(state, c, a.signatory);
  if (duplicate) return duplicate;
  a.usedForAgreement = true;
  return addConfirmation(state, c, a.signatory, a.acceptedAt!, caller.servicePrincipalId);
}

/**
 * POST /v1/customers/{id}/agreements: a body with `attestationId` creates the agreement from an
 * accepted attestation (app-only); any other body is the legacy contact attestation (`legacy`,
 * App+User), which answers 600031 once partner confirmation is retired, whatever the body.
 */
export function agreementCreation(legacy: Handler): Handler {
  return (ctx, params) => {
    const parsed = parseJsonBody(ctx);
    if (parsed.ok && carriesAttestation(parsed.value)) return agreementFromAttestation(ctx, params[0] ?? '', parsed.value as object);
    if (ctx.state.controls.partnerConfirmation === 'retired') return partnerAttestationRetired();
    return legacy(ctx, params);
  };
}

/** Public cloud only (like every agreement endpoint) and app-only (partner-center-api.md §3, §6). */
export const attestationRoutes: Route[] = [
  { pattern: /^\/v1\/attestations\/enhanced$/i, methods: { POST: createAttestation }, agreement: true, tokens: { POST: 'app' } },
  { pattern: /^\/v1\/attestations\/enhanced\/([^/]+)$/i, methods: { GET: getAttestation }, agreement: true, tokens: { GET: 'app' } },
];

// ---------------------------------------------------------------------------------------------
// The customer's page: stands for https://cdn.partner.microsoft.com/mca/?attestationid={id}

export const CUSTOMER_PAGE_PATHS = ['/mca/', '/mca', '/mca/accept', '/mca/decline'];
export const isCustomerPage = (path: string) => CUSTOMER_PAGE_PATHS.includes(path);

/** A page of the customer's side: no sign-in, never faulted, delayed or throttled (another service). */
export function customerPage(state: EmulatorState, method: string, path: string, query: URLSearchParams, rawBody: string): { status: number; html: string; allow?: string } {
  const action = path === '/mca/accept' ? 'Accepted' : path === '/mca/decline' ? 'Declined' : null;
  const expected = action ? 'POST' : 'GET';
  if (method !== expected) return { status: 405, html: attestationPage({ kind: 'not-found' }), allow: expected };
  const id = (action ? new URLSearchParams(rawBody).get('attestationid') : query.get('attestationid')) ?? '';
  const a = GUID_RE.test(id) ? state.attestations.get(id.toLowerCase()) : undefined;
  if (!a) return { status: 404, html: attestationPage({ kind: 'not-found' }) };
  const show = (status: number, kind: PageKind) => ({ status, html: attestationPage({ kind, attestation: a }) });
  if (action) {
    const result = answer(state, a, action);
    if (result.ok) return show(200, 'answered');
  }
  const status = statusOf(state, a);
  if (status === 'Pending') return show(200, 'question');
  if (status === 'Expired') return show(410, 'expired');
  return show(409, 'already-answered');
}

// ---------------------------------------------------------------------------------------------
// Admin API: /_emulator/attestations…

function adminJson(state: EmulatorState, a: Attestation) {
  return { ...attestationJson(state, a), usedForAgreement: a.usedForAgreement, requestId: a.requestId, appId: a.appId };
}

/** GET /_emulator/attestations[?status=…], POST /_emulator/attestations/{id}/accept|decline; null: not an attestation route. */
export function adminAttestations(state: EmulatorState, method: string, action: string, query: URLSearchParams): Reply | null {
  if (action === 'attestations') {
    if (method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, body: { error: 'Use GET /_emulator/attestations' } };
    const wanted = query.get('status');
    if (wanted !== null && !(ATTESTATION_STATUSES as readonly string[]).includes(wanted)) {
      return { status: 400, body: { error: `status must be one of ${ATTESTATION_STATUSES.join(', ')}` } };
    }
    const items = [...state.attestations.values()].map((a) => adminJson(state, a)).filter((a) => wanted === null || a.status === wanted);
    return { status: 200, body: { totalCount: items.length, items } };
  }
  const m = /^attestations\/([^/]+)\/(accept|decline)$/.exec(action);
  if (!m) return null;
  if (method !== 'POST') return { status: 405, headers: { Allow: 'POST' }, body: { error: `Use POST /_emulator/${action}` } };
  const a = state.attestations.get(m[1]!.toLowerCase());
  if (!a) return { status: 404, body: { error: `No attestation ${m[1]}` } };
  const result = answer(state, a, m[2] === 'accept' ? 'Accepted' : 'Declined');
  if (!result.ok || !result.first) return { status: 409, body: { error: `The attestation is ${a.status}, not Pending.` } };
  return { status: 200, body: adminJson(state, a) };
}
