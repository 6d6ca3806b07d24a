import type { QueueItem, QueueState } from './domain';

/**
 * What an operator may do with a queue item, by its state: the one rule the core enforces
 * (outbox) and the UI offers (buttons), so the two never disagree.
 */
export type QueueAction = 'retry' | 'edit' | 'discard' | 'send-anyway';

const ALLOWED: Record<QueueAction, readonly QueueState[]> = {
  /** Send a rejected item again as it is. */
  retry: ['needs-attention'],
  /** Correct a rejected item, then send it. */
  edit: ['needs-attention'],
  /** Give up on an item that has not reached Partner Center, with a reason. */
  discard: ['queued', 'needs-attention', 'already-confirmed'],
  /** Partner Center held an acceptance the operator did not see: send this confirmation still. */
  'send-anyway': ['already-confirmed'],
};

export function allowedStates(action: QueueAction): readonly QueueState[] {
  return ALLOWED[action];
}

export function mayAct(action: QueueAction, item: Pick<QueueItem, 'state' | 'kind'>): boolean {
  if (action === 'send-anyway' && item.kind !== 'confirm-acceptance') return false;
  return ALLOWED[action].includes(item.state);
}

/** Every action, allowed or not, for one item (what the buttons show). */
export function actionsFor(item: Pick<QueueItem, 'state' | 'kind'>): Record<QueueAction, boolean> {
  return {
    retry: mayAct('retry', item),
    edit: mayAct('edit', item),
    discard: mayAct('discard', item),
    'send-anyway': mayAct('send-anyway', item),
  };
}
