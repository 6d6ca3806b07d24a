/**
 * The enhanced MCA attestation API (partner-center-api.md §3), the way a customer's acceptance of
 * the MCA gets on record since partner attestation was retired on 5 January 2026:
 *
 *   1. createAttestation              POST /v1/attestations/enhanced             (app-only token)
 *   2. the customer accepts on Microsoft's page        acceptanceLink(...)        (no sign-in)
 *   3. getAttestation                 GET  /v1/attestations/enhanced/{id}         (app-only)
 *   4. createAgreementFromAttestation POST /v1/customers/{id}/agreements {type, templateId, attestationId} (app-only)
 *
 * Microsoft documents little of this: beyond step 1's path and part of its body, every path,
 * field name, status value, error code and link form is UNVERIFIED. This file is the ONE place in
 * the client holding those choices, and it mirrors the emulator exactly (src/emulator/attestations.ts,
 * "UNVERIFIED choices" in src/emulator/README.md). When Microsoft's real shape is known, change
 * this file and the fixtures in test/fixtures/partner-center/attestation-*.json (and the codes in
 * src/shared/partner-center-codes.ts); nothing else should need to know.
 */
import { z } from 'zod';
import {
  AGREEMENT_ALREADY_EXISTS_CODE,
  ATTESTATION_ALREADY_USED_CODE,
  ATTESTATION_DECLINED_CODE,
  ATTESTATION_EXPIRED_CODE,
  ATTESTATION_NOT_ACCEPTED_CODE,
  ATTESTATION_NOT_FOUND_CODE,
  ATTESTATION_OTHER_CUSTOMER_CODE,
  PARTNER_CONFIRMATION_RETIRED_CODE,
  TEMPLATE_NOT_SUPPORTED_CODE,
} from '../../../shared/partner-center-codes';
import { transportOf, type PartnerCenterClientOptions } from './client';
import { PartnerCenterError } from './errors';
import { type RequestContext } from './http';
import { agreementSchema, utcDateTimeSchema, type Agreement } from './schemas';

// ---------------------------------------------------------------------------------------------
// Paths, values and links (UNVERIFIED unless said otherwise)

/** `{version}` is never given as a number by Microsoft; every other call is `v1`. */
export const ATTESTATIONS_PATH = '/v1/attestations/enhanced';
/** The agreement type an attestation records (the MCA; documented in §2.5). */
export const ATTESTATION_AGREEMENT_TYPE = 'MicrosoftCustomerAgreement';
/** Partner Center's production base URL: only there does the customer go to Microsoft's CDN page. */
export const PARTNER_CENTER_PRODUCTION_URL = 'https://api.partnercenter.microsoft.com';
/** Microsoft's acceptance page (link form used by two independent integrations; §3 step 2). */
export const MICROSOFT_ACCEPTANCE_PAGE = 'https://cdn.partner.microsoft.com/mca/';
/**
 * Where a customer's admin can accept the MCA directly, without an attestation (documented by a
 * third party, BEMO; §3). The acceptance then shows as direct signing, not as a record.
 */
export const ADMIN_CENTER_ACCEPTANCE_URL = 'https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement';

/**
 * The page where the customer accepts attestation `attestationId`: Microsoft's CDN page for
 * production Partner Center, the same path on the emulator for any other base (it serves
 * `/mca/?attestationid=`). The id is URL-encoded: it comes from a server answer.
 */
export function acceptanceLink(partnerCenterBaseUrl: string, attestationId: string): string {
  const query = `?attestationid=${encodeURIComponent(attestationId)}`;
  const base = new URL(partnerCenterBaseUrl);
  if (base.origin === new URL(PARTNER_CENTER_PRODUCTION_URL).origin) return `${MICROSOFT_ACCEPTANCE_PAGE}${query}`;
  return `${partnerCenterBaseUrl.replace(/\/+$/, '')}/mca/${query}`;
}

// ---------------------------------------------------------------------------------------------
// Status

export type AttestationStatus = 'pending' | 'accepted' | 'declined' | 'expired';

/**
 * Microsoft's status words, lower-cased. `valid` is what integrators report for an accepted one
 * (§3); the emulator says `Accepted`. Anything else is refused (never read as pending: a status
 * we do not understand must not leave an item waiting forever, or be sent as accepted).
 */
const STATUS_WORDS: Readonly<Record<string, AttestationStatus>> = {
  pending: 'pending',
  accepted: 'accepted',
  valid: 'accepted',
  declined: 'declined',
  expired: 'expired',
};

/** Maps Microsoft's status value (any case) to ours; undefined for a value we do not know. */
export function attestationStatusOf(value: string): AttestationStatus | undefined {
  const key = value.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(STATUS_WORDS, key) ? STATUS_WORDS[key] : undefined;
}

/** Inside a response schema, so an unknown value is the transport's `bad-response`, with the call's ids. */
export const attestationStatusSchema = z.string().transform((value, ctx) => {
  const status = attestationStatusOf(value);
  if (status === undefined) {
    ctx.addIssue({ code: 'custom', message: `unknown attestation status '${value}'` });
    return z.NEVER;
  }
  return status;
});

// ---------------------------------------------------------------------------------------------
// Wire formats

/**
 * Body of `POST /v1/attestations/enhanced`. `country`, `language`, `companyName`,
 * `signatoryFirstName` and `signatoryLastName` are documented (§3); `customerTenantId`,
 * `signatoryEmail` and `signatoryPhoneNumber` are guessed names (the emulator's). Strict: it is
 * what we send, so the test against the fixture catches a field sent by mistake.
 */
export const attestationCreateRequestSchema = z
  .object({
    customerTenantId: z.string().min(1),
    country: z.string().min(1),
    language: z.string().min(1),
    companyName: z.string().min(1),
    signatoryFirstName: z.string().min(1),
    signatoryLastName: z.string().min(1),
    signatoryEmail: z.string().min(1),
    signatoryPhoneNumber: z.string().min(1).optional(),
  })
  .strict();
export type AttestationCreateRequest = z.infer<typeof attestationCreateRequestSchema>;

/**
 * The attestation as Partner Center answers it (201 on create, 200 on GET). Strict on what the
 * app relies on (id, status, customer, signatory, dates); the rest optional, unknown keys stripped
 * (a field Microsoft adds tomorrow does not break parsing), like the schemas in schemas.ts.
 */
export const attestationSchema = z.object({
  attestationId: z.string().min(1),
  status: attestationStatusSchema,
  customerTenantId: z.string().min(1),
  companyName: z.string().optional(),
  country: z.string().optional(),
  language: z.string().optional(),
  signatoryFirstName: z.string().min(1),
  signatoryLastName: z.string().min(1),
  signatoryEmail: z.string().min(1),
  signatoryPhoneNumber: z.string().nullish(),
  createdDateTime: utcDateTimeSchema.optional(),
  expirationDateTime: utcDateTimeSchema.optional(),
  acceptedDateTime: utcDateTimeSchema.optional(),
  declinedDateTime: utcDateTimeSchema.optional(),
});
export type AttestationResponse = z.infer<typeof attestationSchema>;

/**
 * The create answer, read for what the app keeps from it: the id, the status, and how long the
 * link stays valid (shown to the customer). The rest of the object (as on GET) is not needed here.
 */
export const attestationCreatedSchema = z.object({
  attestationId: z.string().min(1),
  status: attestationStatusSchema,
  createdDateTime: utcDateTimeSchema,
  expirationDateTime: utcDateTimeSchema,
});

/**
 * Body of the agreement created from an attestation: the documented create-agreement POST (§2.5)
 * with `attestationId` (guessed name) instead of the contact and date. The answer is the
 * documented Agreement (`agreementSchema`).
 */
export const agreementFromAttestationRequestSchema = z
  .object({
    type: z.string().min(1),
    templateId: z.string().min(1),
    attestationId: z.string().min(1),
  })
  .strict();
export type AgreementFromAttestationRequest = z.infer<typeof agreementFromAttestationRequestSchema>;

// ---------------------------------------------------------------------------------------------
// The app's view

export interface AttestationSignatory {
  firstName: string;
  lastName: string;
  email: string;
  /** Absent when none was given. */
  phone?: string;
}

export interface CreateAttestationInput {
  customerId: string;
  /** ISO 3166-1 alpha-2 (sent upper case). */
  country: string;
  /** The agreement's language, `xx` or `xx-YY`. */
  language: string;
  companyName: string;
  signatory: AttestationSignatory;
}

export interface CreatedAttestation {
  attestationId: string;
  status: AttestationStatus;
  /** ISO-8601 UTC (`…Z`). */
  createdAt: string;
  expiresAt: string;
}

export interface Attestation {
  attestationId: string;
  status: AttestationStatus;
  acceptedAt?: string;
  declinedAt?: string;
  expiresAt?: string;
  signatory: AttestationSignatory;
  customerId: string;
}

/** The wire body for `input`: only the chosen fields, trimmed; an empty phone is left out. */
export function attestationWireBody(input: CreateAttestationInput): AttestationCreateRequest {
  const s = input.signatory;
  const phone = s.phone?.trim();
  return {
    customerTenantId: input.customerId.trim(),
    country: input.country.trim().toUpperCase(),
    language: input.language.trim(),
    companyName: input.companyName.trim(),
    signatoryFirstName: s.firstName.trim(),
    signatoryLastName: s.lastName.trim(),
    signatoryEmail: s.email.trim(),
    ...(phone ? { signatoryPhoneNumber: phone } : {}),
  };
}

/** The wire body of the agreement created from `attestationId`. */
export function agreementFromAttestationWireBody(request: { templateId: string; attestationId: string }): AgreementFromAttestationRequest {
  return { type: ATTESTATION_AGREEMENT_TYPE, templateId: request.templateId, attestationId: request.attestationId };
}

/** Partner Center's answer in the app's terms. */
export function attestationFromResponse(r: AttestationResponse): Attestation {
  return {
    attestationId: r.attestationId,
    status: r.status,
    ...(r.acceptedDateTime ? { acceptedAt: r.acceptedDateTime } : {}),
    ...(r.declinedDateTime ? { declinedAt: r.declinedDateTime } : {}),
    ...(r.expirationDateTime ? { expiresAt: r.expirationDateTime } : {}),
    signatory: {
      firstName: r.signatoryFirstName,
      lastName: r.signatoryLastName,
      email: r.signatoryEmail,
      ...(r.signatoryPhoneNumber ? { phone: r.signatoryPhoneNumber } : {}),
    },
    customerId: r.customerTenantId,
  };
}

// ---------------------------------------------------------------------------------------------
// The client

/** The Partner Center client's options, with an APP-ONLY token in place of the operator's. */
export type AttestationClientOptions = Omit<PartnerCenterClientOptions, 'getAccessToken'> & {
  /**
   * An APP-ONLY token (the partner's web app, client credentials): the attestation calls refuse
   * App+User tokens (403 900150). May throw a `PartnerCenterError` itself (e.g. `network` while
   * the sign-in service is unreachable); any other error becomes `unauthorized`, with it as `cause`.
   */
  getAppToken: () => Promise<string>;
};

export interface AttestationClient {
  /**
   * Step 1. A retry after a `timeout` must pass the failed call's `requestId` in `ctx`: Partner
   * Center (the emulator at least) then answers the first 201 again, not a second attestation.
   */
  createAttestation(input: CreateAttestationInput, ctx?: RequestContext): Promise<CreatedAttestation>;
  /** Step 3. An unknown status value rejects with `bad-response` (never read as pending). */
  getAttestation(attestationId: string, ctx?: RequestContext): Promise<Attestation>;
  /** Step 4: the record of the customer's acceptance, as `getCustomerAgreements` lists it. */
  createAgreementFromAttestation(
    customerId: string,
    request: { templateId: string; attestationId: string },
    ctx?: RequestContext,
  ): Promise<Agreement>;
}

export function createAttestationClient(options: AttestationClientOptions): AttestationClient {
  // The same transport as every other call (ids, timeout, error mapping); only the token differs.
  const transport = transportOf({ ...options, getAccessToken: options.getAppToken });

  return {
    createAttestation: async (input, ctx) => {
      const created = await transport.send({
        method: 'POST',
        target: ATTESTATIONS_PATH,
        body: attestationWireBody(input),
        schema: attestationCreatedSchema,
        ctx,
      });
      return {
        attestationId: created.attestationId,
        status: created.status,
        createdAt: created.createdDateTime,
        expiresAt: created.expirationDateTime,
      };
    },

    getAttestation: async (attestationId, ctx) =>
      attestationFromResponse(
        await transport.send({
          method: 'GET',
          target: `${ATTESTATIONS_PATH}/${encodeURIComponent(attestationId)}`,
          schema: attestationSchema,
          ctx,
        }),
      ),

    createAgreementFromAttestation: (customerId, request, ctx) =>
      transport.send({
        method: 'POST',
        target: `/v1/customers/${encodeURIComponent(customerId)}/agreements`,
        body: agreementFromAttestationWireBody(request),
        schema: agreementSchema,
        ctx,
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// What an error means (the engine branches on these)

/** The emulator's `errorName`s (UNVERIFIED), recognised besides the codes in case a code changes. */
const ERROR_NAMES = {
  partnerConfirmationRetired: 'partnerattestationdeprecated',
  notFound: 'attestationnotfound',
  notAccepted: 'attestationnotaccepted',
  declined: 'attestationdeclined',
  expired: 'attestationexpired',
  otherCustomer: 'attestationcustomermismatch',
  used: 'attestationalreadyused',
} as const;

const errorNameOf = (error: PartnerCenterError) => error.errorName?.trim().toLowerCase();

/*
 * Earlier versions of the MCA (UNVERIFIED). Partner Center's agreement metadata names the current
 * MCA template (the highest versionRank); a customer whose latest record carries another template
 * accepted an earlier version ("Earlier version": partners report orders refused for acceptances
 * before April 2023). No source says what Partner Center answers an agreement POSTed with such a
 * template: the choice, shared with the emulator (templateProblem in src/emulator/api.ts, README
 * "UNVERIFIED choices"), is the answer it gives the retired Microsoft Cloud Agreement's template —
 * 400 600020 `AgreementTemplateNotSupported` ("… is no longer supported"). The client only ever
 * sends the metadata's current template; such a refusal means the template it holds went out of
 * date, so the engine reads the metadata again before the next send.
 */
export function isOutdatedTemplate(error: unknown): error is PartnerCenterError {
  return error instanceof PartnerCenterError && (error.code === TEMPLATE_NOT_SUPPORTED_CODE || errorNameOf(error) === 'agreementtemplatenotsupported');
}

/**
 * Was the legacy contact-body agreement POST refused because partner confirmation is retired?
 * Then nothing the operator changes makes it work: the customer must accept through an
 * attestation (or directly). Recognised by code or by `errorName`.
 */
export function isPartnerConfirmationRetired(error: unknown): error is PartnerCenterError {
  return (
    error instanceof PartnerCenterError &&
    (error.code === PARTNER_CONFIRMATION_RETIRED_CODE || errorNameOf(error) === ERROR_NAMES.partnerConfirmationRetired)
  );
}

/**
 * 600061 on creating an attestation or the agreement from it: the same signatory (first name,
 * last name, e-mail, phone) is already on record for the customer. As for the legacy POST, that
 * counts as done.
 */
export function isAgreementAlreadyExists(error: unknown): error is PartnerCenterError {
  return error instanceof PartnerCenterError && error.code === AGREEMENT_ALREADY_EXISTS_CODE;
}

export type AttestationRefusal = 'not-accepted-yet' | 'declined' | 'expired' | 'used' | 'other-customer' | 'not-found';

const REFUSALS: readonly (readonly [code: string, name: string, refusal: AttestationRefusal])[] = [
  [ATTESTATION_NOT_FOUND_CODE, ERROR_NAMES.notFound, 'not-found'],
  [ATTESTATION_NOT_ACCEPTED_CODE, ERROR_NAMES.notAccepted, 'not-accepted-yet'],
  [ATTESTATION_DECLINED_CODE, ERROR_NAMES.declined, 'declined'],
  [ATTESTATION_EXPIRED_CODE, ERROR_NAMES.expired, 'expired'],
  [ATTESTATION_OTHER_CUSTOMER_CODE, ERROR_NAMES.otherCustomer, 'other-customer'],
  [ATTESTATION_ALREADY_USED_CODE, ERROR_NAMES.used, 'used'],
];

/**
 * Why Partner Center refused to use (or find) an attestation; null for any other error.
 * - `not-accepted-yet`: wait and read the status again;
 * - `declined`, `expired`: a new attestation is needed (the customer must be asked again);
 * - `used`: an agreement was already created from it (e.g. by an earlier try whose answer was
 *   lost): read the customer's agreements;
 * - `other-customer`, `not-found`: the app's record is wrong.
 */
export function attestationRefusal(error: unknown): AttestationRefusal | null {
  if (!(error instanceof PartnerCenterError)) return null;
  const name = errorNameOf(error);
  const hit = REFUSALS.find(([code, errorName]) => error.code === code || name === errorName);
  return hit ? hit[2] : null;
}
