import type { AgreementRecord, Contact } from '../../../shared/domain';
import type { RequestContext } from '../partner-center';

/** The part of Partner Center the sync engine and status reads need (adapted from the client). */
export interface AgreementsPort {
  /** The current Microsoft Customer Agreement template id (looked up, never hard-coded). */
  mcaTemplateId(ctx: RequestContext): Promise<string>;
  /** The customer's partner confirmations of the MCA, newest first. */
  customerAgreements(customerId: string, ctx: RequestContext): Promise<AgreementRecord[]>;
  /** Whether the customer accepted directly in the Microsoft 365 admin center. */
  directlySigned(customerId: string, ctx: RequestContext): Promise<boolean>;
  createAgreement(
    customerId: string,
    body: { contact: Contact; dateAgreed: string; templateId: string },
    ctx: RequestContext,
  ): Promise<AgreementRecord>;
}

const norm = (v: string | undefined) => (v ?? '').trim().toLowerCase();

/** Partner Center's own duplicate rule (600061): same first name, last name, email and phone. */
export function sameContact(a: Contact, b: Contact): boolean {
  return (
    norm(a.firstName) === norm(b.firstName) &&
    norm(a.lastName) === norm(b.lastName) &&
    norm(a.email) === norm(b.email) &&
    norm(a.phone).replace(/\D/g, '') === norm(b.phone).replace(/\D/g, '')
  );
}

/** The same record: the same person, on the same day, for the same agreement template. */
export function sameRecord(a: AgreementRecord, b: AgreementRecord): boolean {
  return sameContact(a.contact, b.contact) && a.dateAgreed.slice(0, 10) === b.dateAgreed.slice(0, 10) && a.templateId === b.templateId;
}

/**
 * The records on Partner Center that the operator did not have in front of them when saving:
 * neither in the status they had read, nor by a person of their own earlier confirmations.
 */
export function unseenRecords(records: readonly AgreementRecord[], seen: readonly AgreementRecord[], ownContacts: readonly Contact[]): AgreementRecord[] {
  return records.filter((r) => !seen.some((s) => sameRecord(s, r)) && !ownContacts.some((c) => sameContact(c, r.contact)));
}

/** A customer Partner Center created, with the one-time initial admin credentials. */
export interface CreatedCustomerResult {
  customerId: string;
  companyName: string;
  domain: string;
  /** Only in the create answer; null when the customer was found after an interrupted create. */
  credentials: { userName: string; password: string } | null;
}

/** The customer calls the sync engine needs for create-customer items. */
export interface CustomersPort {
  /** The customer with exactly this domain among the partner's customers, if any. */
  findByDomain(domain: string, ctx: RequestContext): Promise<{ customerId: string; companyName: string } | null>;
  createCustomer(payload: import('../confirmations/outbox').NewCustomerPayload, ctx: RequestContext): Promise<CreatedCustomerResult>;
}
