import type { QueueItem } from './domain';
import { PARTNER_CONFIRMATION_RETIRED_CODE } from './partner-center-codes';

/**
 * What an operator may do with a queue item: the one rule the core enforces (outbox) and the UI
 * offers (buttons), so the two never disagree.
 */
export type QueueAction = 'retry' | 'edit' | 'discard' | 'send-anyway' | 'check-now' | 'send-new-request' | 'convert-to-request';

type Subject = Pick<QueueItem, 'state' | 'kind'> & { lastError?: QueueItem['lastError']; request?: QueueItem['request'] };

const answered = (item: Subject) => item.request?.customerAnswer === 'declined' || item.request?.customerAnswer === 'expired';

const RULES: Record<QueueAction, (item: Subject) => boolean> = {
  /** Send a rejected item again as it is (a request the customer declined gets a new one instead). */
  retry: (item) => item.state === 'needs-attention' && !answered(item),
  /** Correct a rejected confirmation or new customer, then send it. */
  edit: (item) => item.state === 'needs-attention' && item.kind !== 'acceptance-request',
  /** Give up on an item that has not reached Partner Center (or a request still waiting), with a reason. */
  discard: (item) => ['queued', 'needs-attention', 'already-confirmed', 'waiting-for-customer'].includes(item.state),
  /** Partner Center held an acceptance the operator did not see: send this confirmation still. */
  'send-anyway': (item) => item.state === 'already-confirmed' && item.kind === 'confirm-acceptance',
  /** "Check now": a request waiting for the customer is checked at once. */
  'check-now': (item) => item.state === 'waiting-for-customer',
  /** "Send a new request": the customer declined, or the request expired. */
  'send-new-request': (item) => item.state === 'needs-attention' && item.kind === 'acceptance-request' && answered(item),
  /** Partner Center refused the partner confirmation as retired: ask the customer instead, same person. */
  'convert-to-request': (item) => item.state === 'needs-attention' && item.kind === 'confirm-acceptance' && item.lastError?.partnerCenterCode === PARTNER_CONFIRMATION_RETIRED_CODE,
};

export function mayAct(action: QueueAction, item: Subject): boolean {
  return RULES[action](item);
}

/** Every action, allowed or not, for one item (what the buttons show). */
export function actionsFor(item: Subject): Record<QueueAction, boolean> {
  return Object.fromEntries((Object.keys(RULES) as QueueAction[]).map((action) => [action, RULES[action](item)])) as Record<QueueAction, boolean>;
}
