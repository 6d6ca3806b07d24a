import type { ConfirmationMethod, CustomerDetail, McaStatus, QueueItem } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { PARTNER_CONFIRMATION_RETIRED_CODE } from '../../shared/partner-center-codes';
import { actionsFor } from '../../shared/queue-actions';

/*
 * What the account panel and the Sync queue offer for customer acceptance requests, as pure rules
 * (unit-tested without a DOM): which of the two ways is the primary button, which actions an item
 * has, where a request stands.
 */

/** "Update" (partner confirmation) or "Request acceptance" (customer acceptance request). */
export type MethodButton = 'update' | 'request';

/** The profile's method is the primary button, the other one secondary; both are always offered. */
export function methodButtons(method: ConfirmationMethod): { primary: MethodButton; secondary: MethodButton } {
  return method === 'customer-acceptance' ? { primary: 'request', secondary: 'update' } : { primary: 'update', secondary: 'request' };
}

/** Statuses where nothing is on record yet: the primary button is filled, calling for action. */
const CALLS_FOR_ACTION: readonly McaStatus[] = ['not-confirmed', 'not-verified', 'needs-attention'];

export function primaryIsFilled(status: McaStatus): boolean {
  return CALLS_FOR_ACTION.includes(status);
}

/** The customer's open acceptance request (saved, being created, or waiting for the customer), if any. */
export function openRequest(customer: Pick<CustomerDetail, 'mca'>): QueueItem | null {
  const pending = customer.mca.pending;
  if (!pending || pending.kind !== 'acceptance-request') return null;
  return pending.state === 'queued' || pending.state === 'sending' || pending.state === 'waiting-for-customer' ? pending : null;
}

/** A partner confirmation Partner Center refused because partner confirmation is retired for the account (600031). */
export function isRetiredConfirmation(item: Pick<QueueItem, 'kind' | 'state' | 'lastError'>): boolean {
  return item.kind === 'confirm-acceptance' && item.state === 'needs-attention' && item.lastError?.partnerCenterCode === PARTNER_CONFIRMATION_RETIRED_CODE;
}

/** A request the customer declined, or that expired before they answered. */
export function closedAnswer(item: Pick<QueueItem, 'kind' | 'state' | 'request'>): 'declined' | 'expired' | null {
  if (item.kind !== 'acceptance-request' || item.state !== 'needs-attention') return null;
  const answer = item.request?.customerAnswer;
  return answer === 'declined' || answer === 'expired' ? answer : null;
}

/** Every button a queue item may show, in the order shown (the way forward first). */
export type ItemAction = 'convert-to-request' | 'send-new-request' | 'check-now' | 'edit' | 'retry' | 'send-anyway' | 'discard';

const ORDER: readonly ItemAction[] = ['convert-to-request', 'send-new-request', 'check-now', 'edit', 'retry', 'send-anyway', 'discard'];

/**
 * The buttons of one item: what the shared rule allows (src/shared/queue-actions.ts, the rule the
 * core enforces), the way forward first. One choice of the UI on top: a partner confirmation
 * refused as retired offers "Request acceptance instead" and "Discard…" only, since "Edit and
 * retry" or "Retry" would be refused again.
 */
export function itemActions(item: Pick<QueueItem, 'kind' | 'state' | 'lastError' | 'request'>): ItemAction[] {
  const allowed = actionsFor(item);
  const shown = ORDER.filter((action) => allowed[action]);
  return allowed['convert-to-request'] ? shown.filter((action) => action !== 'edit' && action !== 'retry') : shown;
}

export type StepKey = 'created' | 'waiting' | 'accepted' | 'agreement';
export type StepState = 'done' | 'current' | 'todo' | 'failed';

/**
 * Where a request stands, as its four steps: created at Partner Center → waiting for the customer
 * → customer accepted → agreement created. A failure marks the step it happened at.
 */
export function requestSteps(item: Pick<QueueItem, 'state' | 'request'>): Array<{ key: StepKey; state: StepState }> {
  const keys: StepKey[] = ['created', 'waiting', 'accepted', 'agreement'];
  const request = item.request;
  let reached: number;
  if (item.state === 'confirmed' || item.state === 'already-confirmed') reached = keys.length;
  else if (!request || request.step === 'create-attestation') reached = 0;
  else if (request.step === 'wait-for-customer') reached = 1;
  else reached = 3; // create-agreement: the customer accepted
  const failed = item.state === 'needs-attention' || item.state === 'discarded';
  return keys.map((key, index) => ({
    key,
    state: index < reached ? 'done' : index === reached ? (failed ? 'failed' : 'current') : 'todo',
  }));
}

/** The title of an open or closed request in the account panel. */
export function requestTitleKey(item: Pick<QueueItem, 'state' | 'request'>): MessageKey {
  const request = item.request;
  const admin = request?.way === 'admin-center';
  switch (item.state) {
    case 'queued':
    case 'sending':
      if (!request || request.step === 'create-attestation') return item.state === 'queued' ? 'ui.request.title.queued' : 'ui.request.title.sending';
      return request.step === 'create-agreement' ? 'ui.request.title.accepted' : admin ? 'ui.request.title.waitingAdmin' : 'ui.request.title.waiting';
    case 'waiting-for-customer':
      return admin ? 'ui.request.title.waitingAdmin' : 'ui.request.title.waiting';
    case 'needs-attention': {
      const answer = request?.customerAnswer;
      return answer === 'declined' ? 'ui.request.title.declined' : answer === 'expired' ? 'ui.request.title.expired' : 'ui.request.title.failed';
    }
    case 'confirmed':
    case 'already-confirmed':
      return 'ui.request.title.done';
    case 'discarded':
      return 'ui.pending.title.discarded';
  }
}

/**
 * What "Check now" answered, in one sentence. The check itself runs in the queue right after (the
 * call answers the item as it stands), so a request still waiting says it is being checked.
 */
export function checkNowMessage(item: Pick<QueueItem, 'state' | 'request'>): MessageKey {
  if (item.state === 'confirmed' || item.state === 'already-confirmed') return 'ui.request.checked.confirmed';
  const answer = item.request?.customerAnswer;
  if (answer === 'declined') return 'ui.request.checked.declined';
  if (answer === 'expired') return 'ui.request.checked.expired';
  if (answer === 'accepted' || item.request?.step === 'create-agreement') return 'ui.request.checked.accepted';
  return 'ui.request.checking';
}
