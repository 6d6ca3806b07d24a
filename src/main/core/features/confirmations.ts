import type { OperatorView, QueueState } from '../../../shared/domain';
import { acceptanceSchema, localToday, type AcceptanceInput } from '../../../shared/validation';
import { AppFailure, invalidInput } from '../app-failure';
import { iso } from '../clock';
import type { ProfileParts } from '../compose';
import { NOTHING_SEEN } from '../confirmations/outbox';
import { detailOf } from './customers';
import { afterQueueChange } from './queue-change';
import { actorOf, requireMayConfirm } from './session';

/** Partner confirmations ("Update" → "Confirm customer acceptance") and the operator's queue actions. */

type ConfirmParts = Pick<ProfileParts, 'profile' | 'signIn' | 'connectivity' | 'customers' | 'statuses' | 'outbox' | 'clock' | 'locale' | 'meta'>;

/** Role check and the form's validation again, against the core's clock ("today" is the core's). */
export function checkAcceptance(p: ConfirmParts, acceptance: unknown): AcceptanceInput {
  requireMayConfirm(p);
  const checked = acceptanceSchema(() => localToday(p.clock.now())).safeParse(acceptance);
  if (!checked.success) throw invalidInput(checked.error.issues, ['acceptance']);
  return checked.data;
}

/**
 * What the operator has in front of them for a customer: its status as last read from Partner
 * Center (the account panel shows exactly this). Kept with every confirmation they save.
 */
export function operatorView(p: Pick<ProfileParts, 'statuses'>, customerId: string): OperatorView {
  const status = p.statuses.get(customerId);
  if (!status) return NOTHING_SEEN;
  return {
    records: status.partnerRecords.map((r) => ({ contact: r.contact, dateAgreed: r.dateAgreed, templateId: r.templateId })),
    directlySigned: status.directlySigned,
    readAt: status.verifiedAt,
  };
}

/**
 * Saves an operator's confirmation: the confirmation and its queue item in one transaction, with
 * what the operator saw. The one way to save a confirmation; sending is the caller's choice.
 */
export function saveConfirmation(p: ConfirmParts, customerId: string, acceptance: unknown): string {
  const checked = checkAcceptance(p, acceptance);
  const customer = p.customers.get(customerId);
  if (!customer) throw new AppFailure('not-found', 'error.not-found', undefined, { id: customerId });
  return p.outbox.enqueue(customer, checked, operatorView(p, customerId), actorOf(p), iso(p.clock.now()));
}

export function createConfirmationsFeature(p: ConfirmParts & Pick<ProfileParts, 'engine' | 'emit'>) {
  const now = () => iso(p.clock.now());
  const changed = <T extends { customerId: string }>(item: T) => {
    afterQueueChange(p, item.customerId);
    return item;
  };
  return {
    confirmAcceptance: ({ customerId, acceptance }: { customerId: string; acceptance: unknown }) => {
      const queueItemId = saveConfirmation(p, customerId, acceptance);
      afterQueueChange(p, customerId);
      return { queueItemId, customer: detailOf(p, customerId) };
    },
    listQueue: ({ state }: { state?: QueueState | undefined }) => ({ items: p.outbox.list(state) }),
    getQueueItemHistory: ({ itemId }: { itemId: string }) => ({ attempts: p.outbox.history(itemId) }),
    retryItem: ({ itemId }: { itemId: string }) => {
      requireMayConfirm(p);
      return changed(p.outbox.retry(itemId, actorOf(p), now()));
    },
    editAndRetryItem: ({ itemId, acceptance }: { itemId: string; acceptance: unknown }) => {
      const checked = checkAcceptance(p, acceptance);
      const customerId = p.outbox.get(itemId)?.customerId ?? '';
      return changed(p.outbox.editAndRetry(itemId, checked, operatorView(p, customerId), actorOf(p), now()));
    },
    sendAnyway: ({ itemId }: { itemId: string }) => {
      requireMayConfirm(p);
      return changed(p.outbox.sendAnyway(itemId, actorOf(p), now()));
    },
    discardItem: ({ itemId, reason }: { itemId: string; reason: string }) => {
      requireMayConfirm(p);
      return changed(p.outbox.discard(itemId, reason, actorOf(p), now()));
    },
  };
}
