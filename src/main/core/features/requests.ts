import { normaliseLanguage, type AcceptanceRequestInput } from '../../../shared/acceptance-request';
import { AppFailure } from '../app-failure';
import { iso } from '../clock';
import type { ProfileParts } from '../compose';
import { ADMIN_CENTER_ACCEPTANCE_URL } from '../partner-center/attestation';
import { detailOf, verifyNow } from './customers';
import { afterQueueChange } from './queue-change';
import { actorOf, requireMayConfirm } from './session';

/**
 * Customer acceptance requests — Partner Center's way since 5 January 2026: an attestation the
 * partner creates, the customer accepts on Microsoft's page, MCA Desk creates the agreement from
 * it by itself (the steps: sync/request-steps.ts). Saved to the queue first, like everything.
 */

type Parts = Pick<ProfileParts, 'profile' | 'signIn' | 'connectivity' | 'customers' | 'statuses' | 'outbox' | 'engine' | 'emit' | 'clock' | 'locale' | 'client' | 'agreements' | 'meta'>;

/** "fr-fr" → "fr-FR", "FR" → "fr"; null when it is no language tag Partner Center would take. */
export function agreementLanguage(value: string | null): string | null {
  return normaliseLanguage(value) || null;
}

/**
 * Saves one request to the queue (the operator's rule checked by the caller): what "Request
 * acceptance" does for one customer, and the bulk request for each (features/coverage.ts).
 */
export function queueRequest(p: Pick<ProfileParts, 'outbox' | 'signIn' | 'clock'>, customer: { id: string; companyName: string }, request: AcceptanceRequestInput): string {
  const { firstName, lastName, email, phone, companyName, country, language } = request;
  return p.outbox.enqueueRequest(
    customer,
    { way: 'attestation', signatory: { firstName, lastName, email, ...(phone ? { phone } : {}) }, companyName, country, language },
    actorOf(p),
    iso(p.clock.now()),
  );
}

export function createRequestsFeature(p: Parts) {
  const now = () => iso(p.clock.now());
  const customerOf = (customerId: string) => {
    const customer = p.customers.get(customerId);
    if (!customer) throw new AppFailure('not-found', 'error.not-found', undefined, { id: customerId });
    return customer;
  };
  const saved = (customerId: string, queueItemId: string) => {
    afterQueueChange(p, customerId);
    return { queueItemId, customer: detailOf(p, customerId) };
  };
  const changed = <T extends { customerId: string }>(item: T) => {
    afterQueueChange(p, item.customerId);
    return item;
  };

  return {
    /** "Request acceptance" → "Create request": the signatory and what Microsoft's page shows. */
    requestAcceptance: ({ customerId, request }: { customerId: string; request: AcceptanceRequestInput }) => {
      requireMayConfirm(p);
      return saved(customerId, queueRequest(p, customerOf(customerId), request));
    },
    /** "Accept in Microsoft 365 admin center": the link to pass on; the direct acceptance is checked until it is there. */
    watchAdminCenterAcceptance: ({ customerId }: { customerId: string }) => {
      requireMayConfirm(p);
      const customer = customerOf(customerId);
      const contact = customer.primaryContact ?? { firstName: '', lastName: '', email: '' };
      const itemId = p.outbox.enqueueRequest(
        customer,
        { way: 'admin-center', signatory: contact, companyName: customer.companyName, country: customer.country ?? '', language: agreementLanguage(customer.language) ?? '', acceptanceUrl: ADMIN_CENTER_ACCEPTANCE_URL },
        actorOf(p),
        now(),
      );
      return saved(customerId, itemId);
    },
    checkNow: ({ itemId }: { itemId: string }) => {
      requireMayConfirm(p);
      return changed(p.outbox.checkNow(itemId, actorOf(p), now()));
    },
    sendNewRequest: ({ itemId }: { itemId: string }) => {
      requireMayConfirm(p);
      return changed(p.outbox.renewRequest(itemId, actorOf(p), now()));
    },
    /**
     * A partner confirmation refused as retired → a request for the same person. The page needs
     * the customer's country and language: read from Partner Center when not known yet.
     */
    convertToRequest: async ({ itemId }: { itemId: string }) => {
      requireMayConfirm(p);
      // Refused before anything is read or written: a refused call changes nothing.
      const item = p.outbox.requireState(itemId, 'convert-to-request');
      let customer = customerOf(item.customerId);
      if ((!customer.country || !agreementLanguage(customer.language)) && p.connectivity.online) {
        await verifyNow(p, item.customerId);
        customer = customerOf(item.customerId);
      }
      const language = agreementLanguage(customer.language);
      if (!customer.country || !language) throw new AppFailure('invalid-input', 'error.request.needsCountry', undefined, { company: customer.companyName });
      return changed(p.outbox.convertToRequest(itemId, { companyName: customer.companyName, country: customer.country, language }, actorOf(p), now()));
    },
  };
}
