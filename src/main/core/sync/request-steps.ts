import type { AgreementRecord } from '../../../shared/domain';
import { iso, newId, type Clock } from '../clock';
import type { ClaimedItem, Outbox } from '../confirmations/outbox';
import type { StatusRepo } from '../customers/status-repo';
import { keepsRequestId } from '../partner-center/errors';
import type { RequestContext } from '../partner-center';
import { attestationRefusal, isAgreementAlreadyExists } from '../partner-center/attestation';
import { sameContact, type AgreementsPort } from './agreements-port';
import type { RequestsPort } from './requests-port';
import { pollDelayMs } from './retry-policy';

/**
 * The steps of an acceptance request, exactly once whatever fails: create the attestation → wait
 * for the customer → create the agreement from it → verify.
 * - create: the customer's records are read first (the signatory already on record → done); the
 *   MS-RequestId of a create that got no answer is reused, so Partner Center answers with the
 *   same attestation instead of making a second;
 * - wait: checks the attestation (and the direct acceptance) with backoff — about a minute at
 *   first, up to about 15 — and costs nothing offline (the engine does not run);
 * - agreement: the records are read first (the signatory already on record → done, an earlier
 *   create whose answer was lost), then created from the attestation, then read again (verify).
 */

export interface RequestStepsContext {
  outbox: Outbox;
  statuses: StatusRepo;
  agreements: AgreementsPort;
  requests: RequestsPort;
  clock: Clock;
  owner: string;
  leaseMs: number;
  poll: { firstMs: number; capMs: number };
  random: () => number;
  templateId(ctx: RequestContext): Promise<string>;
}

export type StepOutcome = 'settled' | 'lease-lost';

export async function processRequest(c: RequestStepsContext, item: ClaimedItem): Promise<StepOutcome> {
  const request = item.request;
  if (!request) throw new Error(`queue item ${item.id} is no acceptance request`);
  const ctx: RequestContext = { correlationId: newId() };
  if (request.way === 'admin-center') return checkDirectAcceptance(c, item, ctx);
  switch (request.step) {
    case 'create-attestation':
      return createAttestation(c, item, ctx);
    case 'wait-for-customer':
      return checkCustomer(c, item, ctx);
    case 'create-agreement':
      return createAgreement(c, item, ctx);
  }
}

const now = (c: RequestStepsContext) => iso(c.clock.now());
const nextCheck = (c: RequestStepsContext, checks: number) => iso(new Date(c.clock.now().getTime() + pollDelayMs(checks, c.poll, c.random)));

/** The signatory's record, if Partner Center already holds one (records saved for the panel too). */
async function signatoryOnRecord(c: RequestStepsContext, item: ClaimedItem, ctx: RequestContext): Promise<AgreementRecord | null> {
  const records = await c.agreements.customerAgreements(item.customerId, ctx);
  c.statuses.save(item.customerId, { partnerRecords: records, directlySigned: c.statuses.get(item.customerId)?.directlySigned ?? null, verifiedAt: now(c) });
  return records.find((r) => sameContact(r.contact, item.contact)) ?? null;
}

async function createAttestation(c: RequestStepsContext, item: ClaimedItem, ctx: RequestContext): Promise<StepOutcome> {
  const request = item.request!;
  const found = await signatoryOnRecord(c, item, ctx);
  if (found) {
    c.outbox.finish(item.id, 'confirmed', found, now(c), 'found-same-contact');
    return 'settled';
  }
  const requestId = item.requestId ?? newId();
  if (!c.outbox.prepareSend(item.id, c.owner, requestId, iso(new Date(c.clock.now().getTime() + c.leaseMs)))) return 'lease-lost';
  let created: Awaited<ReturnType<RequestsPort['createAttestation']>>;
  try {
    created = await c.requests.createAttestation(
      { customerId: item.customerId, country: request.country, language: request.language, companyName: request.companyName, signatory: item.contact },
      { ...ctx, requestId },
    );
  } catch (error) {
    answered(c, item, error);
    // 600061: the signatory already has a record for this customer (made meanwhile).
    if (isAgreementAlreadyExists(error)) {
      const record = await signatoryOnRecord(c, item, ctx);
      if (record) {
        c.outbox.finish(item.id, 'confirmed', record, now(c), 'found-same-contact');
        return 'settled';
      }
    }
    throw error;
  }
  c.outbox.requestCreated(
    item.id,
    { attestationId: created.attestationId, acceptanceUrl: c.requests.acceptanceLink(created.attestationId), requestedAt: created.createdAt, expiresAt: created.expiresAt },
    nextCheck(c, 0),
    now(c),
  );
  return 'settled';
}

/** Waiting: what did the customer answer? Accepted → the agreement is created at once. */
async function checkCustomer(c: RequestStepsContext, item: ClaimedItem, ctx: RequestContext): Promise<StepOutcome> {
  const status = await c.requests.attestationStatus(item.request!.attestationId!, ctx);
  if (status.answer === 'accepted') {
    if (!c.outbox.customerAccepted(item.id, status.answeredAt ?? now(c), now(c))) return 'settled';
    return createAgreement(c, c.outbox.get(item.id)!, ctx);
  }
  if (status.answer === 'declined' || status.answer === 'expired') {
    c.outbox.requestAnswered(item.id, status.answer, status.answeredAt, now(c));
    return 'settled';
  }
  // Still pending on Microsoft's page: the customer may have accepted in the admin center instead.
  if (await c.agreements.directlySigned(item.customerId, ctx)) return acceptedDirectly(c, item);
  c.outbox.requestChecked(item.id, nextCheck(c, item.checks + 1), now(c));
  return 'settled';
}

/** "Accept in Microsoft 365 admin center": waits until the customer's direct acceptance is there. */
async function checkDirectAcceptance(c: RequestStepsContext, item: ClaimedItem, ctx: RequestContext): Promise<StepOutcome> {
  if (await c.agreements.directlySigned(item.customerId, ctx)) return acceptedDirectly(c, item);
  c.outbox.requestChecked(item.id, nextCheck(c, item.checks + 1), now(c));
  return 'settled';
}

function acceptedDirectly(c: RequestStepsContext, item: ClaimedItem): StepOutcome {
  const status = c.statuses.get(item.customerId);
  c.statuses.save(item.customerId, { partnerRecords: status?.partnerRecords ?? [], directlySigned: true, verifiedAt: now(c) });
  c.outbox.finish(item.id, 'confirmed', null, now(c), 'accepted-directly');
  return 'settled';
}

async function createAgreement(c: RequestStepsContext, item: ClaimedItem, ctx: RequestContext): Promise<StepOutcome> {
  // An earlier create whose answer was lost (or a kill right after it) left the record there.
  const found = await signatoryOnRecord(c, item, ctx);
  if (found) {
    c.outbox.finish(item.id, 'confirmed', found, now(c), item.needsReconcile || item.requestId ? 'found-after-interruption' : 'found-same-contact');
    return 'settled';
  }
  const templateId = await c.templateId(ctx);
  const requestId = item.requestId ?? newId();
  if (!c.outbox.prepareSend(item.id, c.owner, requestId, iso(new Date(c.clock.now().getTime() + c.leaseMs)))) return 'lease-lost';
  let created: AgreementRecord;
  try {
    created = await c.requests.createAgreement(item.customerId, { templateId, attestationId: item.request!.attestationId! }, { ...ctx, requestId });
  } catch (error) {
    answered(c, item, error);
    // Made already (600061, or this attestation was used): the records say whether it is ours.
    if (isAgreementAlreadyExists(error) || attestationRefusal(error) === 'used') {
      const record = await signatoryOnRecord(c, item, ctx);
      if (record) {
        c.outbox.finish(item.id, 'confirmed', record, now(c), 'found-same-contact');
        return 'settled';
      }
    }
    throw error;
  }
  // Verify: what Partner Center holds now is what the panel shows.
  const verified = (await signatoryOnRecord(c, item, ctx).catch(() => null)) ?? created;
  c.outbox.finish(item.id, 'confirmed', verified, now(c), 'agreement-created');
  return 'settled';
}

/** A business answer spends the request id; no usable answer keeps it for the retry (keepsRequestId). */
function answered(c: RequestStepsContext, item: ClaimedItem, error: unknown): void {
  if (!keepsRequestId(error)) c.outbox.clearRequestId(item.id);
}
