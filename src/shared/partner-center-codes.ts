/*
 * Partner Center's error codes that MCA Desk acts on, by name, and which new-customer fields a
 * refusal is about. Shared by the core (sync engine, commerce calls) and the renderer (the wizard
 * shows an item's refused fields, also for items saved before the core named them). Codes are
 * strings, as the client reads them from both error body shapes (partner-center-api.md §1.5).
 */

/** 403: neither a partner confirmation nor a direct acceptance of the MCA exists (§5.3). */
export const MCA_REQUIRED_CODE = '13605';
/** 400 `Etag is no longer valid`: re-read the subscription and apply the change again (§5.2). */
export const STALE_ETAG_CODE = '2055';
/** 400: `organizationRegistrationNumber` missing for the customer's country (§4.4). */
export const REGISTRATION_NUMBER_MISSING_CODE = '600049';
/** 400: `organizationRegistrationNumber` not in the country's format; the message gives the pattern (§4.4). */
export const REGISTRATION_NUMBER_INVALID_CODE = '600050';
/** 400: the customer's phone number is missing for its country (§4.4). */
export const PHONE_NUMBER_MISSING_CODE = '600051';
/** 400 `PartnerConfirmedAgreementAlreadyExists`: the same confirmation is on record; counts as done (§1.5). */
export const AGREEMENT_ALREADY_EXISTS_CODE = '600061';
/**
 * 400 `PartnerAttestationDeprecated`: the legacy contact-body agreement POST, refused since partner
 * attestation was retired on 5 January 2026 (§0). Production's answer is unknown: the emulator's.
 */
export const PARTNER_CONFIRMATION_RETIRED_CODE = '600031';
/**
 * 400 `AgreementTemplateNotSupported`: an agreement POSTed with a template Partner Center no longer
 * takes — the retired Microsoft Cloud Agreement's (quoted in PS issue #292, code UNVERIFIED) and,
 * the emulator's choice (UNVERIFIED), an earlier version of the MCA. What it means to the client:
 * src/main/core/partner-center/attestation.ts (isOutdatedTemplate).
 */
export const TEMPLATE_NOT_SUPPORTED_CODE = '600020';
/*
 * The enhanced attestation API's refusals (§3). Microsoft publishes none of them: these are the
 * emulator's codes (src/emulator/attestations.ts); what each means to the app is decided in
 * src/main/core/partner-center/attestation.ts.
 */
/** 404: no attestation with that id. */
export const ATTESTATION_NOT_FOUND_CODE = '600071';
/** 400: the customer has not accepted the attestation yet (still pending). */
export const ATTESTATION_NOT_ACCEPTED_CODE = '600072';
/** 400: the customer declined the MCA on the acceptance page. */
export const ATTESTATION_DECLINED_CODE = '600073';
/** 400: the attestation expired before the customer answered. */
export const ATTESTATION_EXPIRED_CODE = '600074';
/** 400: the attestation was made for another customer. */
export const ATTESTATION_OTHER_CUSTOMER_CODE = '600075';
/** 409: an agreement was already created from this attestation. */
export const ATTESTATION_ALREADY_USED_CODE = '600076';
/** HTTP status of a create-customer refused because the domain is taken. */
export const DOMAIN_TAKEN_STATUS = 409;
/** The code that comes with it (the emulator answers `code "409"`; the rule goes by the status). */
export const DOMAIN_TAKEN_CODE = '409';

/** The new-customer field (path in the wizard and in NewCustomerInput) each refusal is about. */
export const REFUSED_FIELD = {
  domain: 'company.domainPrefix',
  registrationNumber: 'company.registrationNumber',
  phone: 'company.phone',
} as const;

/** Which wizard fields a create-customer refusal is about; null when it is not about a field. */
export function refusedFields(httpStatus: number | undefined, code: string | undefined): string[] | null {
  if (httpStatus === DOMAIN_TAKEN_STATUS) return [REFUSED_FIELD.domain];
  if (code === REGISTRATION_NUMBER_MISSING_CODE || code === REGISTRATION_NUMBER_INVALID_CODE) return [REFUSED_FIELD.registrationNumber];
  if (code === PHONE_NUMBER_MISSING_CODE) return [REFUSED_FIELD.phone];
  return null;
}
