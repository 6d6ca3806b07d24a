import type { AgreementRecord, Contact, CustomerAnswer } from '../../../shared/domain';
import type { RequestContext } from '../partner-center';

/**
 * The part of Partner Center an acceptance request needs (the enhanced attestation API, app-only
 * tokens), in the sync engine's terms. Adapted from the attestation client, where every
 * UNVERIFIED choice about its shape lives (src/main/core/partner-center/attestation.ts).
 */
export interface RequestsPort {
  createAttestation(
    input: { customerId: string; country: string; language: string; companyName: string; signatory: Contact },
    ctx: RequestContext,
  ): Promise<{ attestationId: string; createdAt: string; expiresAt: string | null }>;
  /** What the customer answered, and when. */
  attestationStatus(attestationId: string, ctx: RequestContext): Promise<{ answer: CustomerAnswer; answeredAt: string | null }>;
  createAgreement(customerId: string, body: { templateId: string; attestationId: string }, ctx: RequestContext): Promise<AgreementRecord>;
  /** The link the customer accepts on (Microsoft's page; the emulator's for the built-in sandbox). */
  acceptanceLink(attestationId: string): string;
}

/**
 * No app token could be had for an attestation call: the web app's key is missing or refused.
 * Requests wait (without spending attempts) until the operator sets the key; confirmations go on.
 */
export class AppCredentialNeeded extends Error {
  constructor(cause: unknown) {
    super('app credential needed', { cause });
    this.name = 'AppCredentialNeeded';
  }
}
