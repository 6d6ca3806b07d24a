import { translate } from '../../../shared/i18n';
import { DOMAIN_SUFFIX, domainPrefixSchema, newCustomerSchema } from '../../../shared/new-customer';
import { localToday } from '../../../shared/validation';
import { AppFailure, invalidInput, toFailure } from '../app-failure';
import { iso, newId } from '../clock';
import type { NewCustomerPayload } from '../confirmations/outbox';
import { actorOf, requireConfirmRole, type Services } from '../services';

/** True when a create-customer item for this domain already waits in the queue. */
function queuedForDomain(s: Services, domain: string, exceptItemId?: string): boolean {
  return s.outbox
    .list()
    .some((i) => i.kind === 'create-customer' && i.id !== exceptItemId && i.newCustomer?.domain === domain && ['queued', 'sending', 'needs-attention'].includes(i.state));
}

/** Online: whether `<prefix>.onmicrosoft.com` is free on Partner Center. Offline: unknown (null). */
export async function checkDomain(s: Services, prefix: string): Promise<{ domain: string; available: boolean | null }> {
  const parsed = domainPrefixSchema.safeParse(prefix);
  if (!parsed.success) throw invalidInput(parsed.error.issues, ['domainPrefix'], s.locale);
  const domain = `${parsed.data}${DOMAIN_SUFFIX}`;
  if (queuedForDomain(s, domain)) return { domain, available: false };
  if (!s.connectivity.online) return { domain, available: null };
  try {
    return { domain, available: await s.client.isDomainAvailable(domain, { correlationId: newId() }) };
  } catch (error) {
    const failure = toFailure(error, s.locale);
    if (failure.code === 'offline') return { domain, available: null };
    throw failure;
  }
}

function validate(s: Services, input: unknown) {
  const checked = newCustomerSchema(() => localToday(s.clock.now())).safeParse(input);
  if (!checked.success) throw invalidInput(checked.error.issues, [], s.locale);
  return checked.data;
}

const taken = (s: Services) => invalidInput([{ path: ['company', 'domainPrefix'], message: 'validation.domain.taken' }], [], s.locale);

/**
 * Saves a new customer to the queue — and, when the customer accepted the MCA, its confirmation,
 * waiting for the creation — in one transaction. Online, a domain already taken is refused now;
 * offline it is found when the item syncs and comes back as "needs attention" on that field.
 */
export async function createCustomer(s: Services, input: unknown): Promise<{ queueItemId: string; confirmationItemId: string | null }> {
  requireConfirmRole(s);
  const data = validate(s, input);
  if ((await checkDomain(s, data.company.domainPrefix)).available === false) throw taken(s);
  const payload: NewCustomerPayload = { company: data.company, contact: data.contact };
  const acceptance = data.mca.accepted ? { ...(data.mca.acceptedBy ?? data.contact), dateAgreed: data.mca.dateAgreed } : null;
  const { createItemId, confirmItemId } = s.outbox.enqueueNewCustomer(payload, acceptance, actorOf(s), iso(s.clock.now()));
  return { queueItemId: createItemId, confirmationItemId: confirmItemId };
}

/** Corrects a create-customer item Partner Center refused, and sends it again. */
export function editNewCustomer(s: Services, itemId: string, input: unknown) {
  requireConfirmRole(s);
  const data = validate(s, input);
  if (queuedForDomain(s, `${data.company.domainPrefix}${DOMAIN_SUFFIX}`, itemId)) throw taken(s);
  const item = s.outbox.editNewCustomer(itemId, { company: data.company, contact: data.contact }, actorOf(s), iso(s.clock.now()));
  if (!item) throw new AppFailure('not-found', translate(s.locale, 'error.queue.not-found', { id: itemId }));
  return item;
}
