import type { ProfileParts } from '../compose';

/** After the queue changed: send what is due, and tell the windows (counts, the customer's status). */
export function afterQueueChange(p: Pick<ProfileParts, 'engine' | 'emit'>, customerId: string | null): void {
  p.engine.kick();
  p.emit('sync', p.engine.status());
  p.emit('customersChanged', { customerIds: customerId ? [customerId] : null });
}
