import type { CustomerCredentials } from '../../../shared/domain';
import { DOMAIN_SUFFIX, domainPrefixSchema, newCustomerSchema, type NewCustomerPayload } from '../../../shared/new-customer';
import { localToday } from '../../../shared/validation';
import { asFailure, invalidInput } from '../app-failure';
import { iso, newId } from '../clock';
import type { ProfileParts } from '../compose';
import type { CreatedCustomerResult } from '../sync/agreements-port';
import { afterQueueChange } from './queue-change';
import { actorOf, requireMayConfirm } from './session';

/**
 * New customers from the wizard: saved to the queue (with their confirmation, if accepted) in one
 * transaction, created at Partner Center when online; the one-time admin credentials Partner
 * Center answers are kept in memory until the operator has seen them once — never on disk.
 */

type Parts = Pick<ProfileParts, 'profile' | 'signIn' | 'connectivity' | 'customers' | 'outbox' | 'client' | 'clock' | 'locale' | 'engine' | 'emit'>;

const taken = () => invalidInput([{ path: ['company', 'domainPrefix'], message: 'validation.domain.taken' }]);

export function createNewCustomersFeature(p: Parts) {
  const credentials = new Map<string, CustomerCredentials>();

  /** True when a create-customer item for this domain already waits in the queue. */
  const queuedForDomain = (domain: string, exceptItemId?: string) =>
    p.outbox.list().some((i) => i.kind === 'create-customer' && i.id !== exceptItemId && i.newCustomer?.domain === domain && ['queued', 'sending', 'needs-attention'].includes(i.state));

  /** Online: whether `<prefix>.onmicrosoft.com` is free on Partner Center. Offline: unknown (null). */
  const checkDomain = async ({ domainPrefix }: { domainPrefix: string }): Promise<{ domain: string; available: boolean | null }> => {
    const parsed = domainPrefixSchema.safeParse(domainPrefix);
    if (!parsed.success) throw invalidInput(parsed.error.issues, ['domainPrefix']);
    const domain = `${parsed.data}${DOMAIN_SUFFIX}`;
    if (queuedForDomain(domain)) return { domain, available: false };
    if (!p.connectivity.online) return { domain, available: null };
    try {
      return { domain, available: await p.client.isDomainAvailable(domain, { correlationId: newId() }) };
    } catch (error) {
      if (asFailure(error).code === 'offline') return { domain, available: null };
      throw error;
    }
  };

  const validate = (input: unknown) => {
    const checked = newCustomerSchema(() => localToday(p.clock.now())).safeParse(input);
    if (!checked.success) throw invalidInput(checked.error.issues);
    return checked.data;
  };

  return {
    checkDomain,
    /**
     * Saves a new customer to the queue — and, when the customer accepted the MCA, its
     * confirmation, waiting for the creation — in one transaction. Online, a domain already taken
     * is refused now; offline it is found when the item syncs and comes back as "needs attention".
     */
    createCustomer: async (input: unknown) => {
      requireMayConfirm(p);
      const data = validate(input);
      if ((await checkDomain({ domainPrefix: data.company.domainPrefix })).available === false) throw taken();
      const payload: NewCustomerPayload = { company: data.company, contact: data.contact };
      const acceptance = data.mca.accepted ? { ...(data.mca.acceptedBy ?? data.contact), dateAgreed: data.mca.dateAgreed } : null;
      // Or the customer is asked to accept on Microsoft's page once it exists (the signatory
      // defaults to the primary contact; the page in the company's country and language).
      const asked = !data.mca.accepted ? data.mca.request : undefined;
      const request = asked
        ? { way: 'attestation' as const, signatory: asked.signatory ?? data.contact, companyName: data.company.name, country: data.company.country, language: data.company.language }
        : null;
      const { createItemId, confirmItemId } = p.outbox.enqueueNewCustomer(payload, acceptance, actorOf(p), iso(p.clock.now()), request);
      afterQueueChange(p, null);
      return { queueItemId: createItemId, confirmationItemId: confirmItemId };
    },
    /** The initial admin credentials of a customer the queue created: returned once, then forgotten. */
    takeCustomerCredentials: ({ queueItemId }: { queueItemId: string }) => {
      const found = credentials.get(queueItemId) ?? null;
      credentials.delete(queueItemId);
      return found;
    },
    /** Corrects a create-customer item Partner Center refused, and sends it again. */
    editNewCustomer: ({ queueItemId, customer }: { queueItemId: string; customer: unknown }) => {
      requireMayConfirm(p);
      const data = validate(customer);
      if (queuedForDomain(`${data.company.domainPrefix}${DOMAIN_SUFFIX}`, queueItemId)) throw taken();
      const item = p.outbox.editNewCustomer(queueItemId, { company: data.company, contact: data.contact }, actorOf(p), iso(p.clock.now()));
      afterQueueChange(p, null);
      return item;
    },
    /** The queue created a customer: cache it, keep its credentials (memory only), tell the windows. */
    customerCreated: (itemId: string, created: CreatedCustomerResult) => {
      p.customers.upsertMany([{ id: created.customerId, companyName: created.companyName, domain: created.domain, relationship: 'reseller' }], 'created', iso(p.clock.now()));
      if (created.credentials) credentials.set(itemId, { customerId: created.customerId, companyName: created.companyName, ...created.credentials });
      p.emit('customerCreated', { queueItemId: itemId, customerId: created.customerId, companyName: created.companyName, credentialsAvailable: created.credentials !== null });
      p.emit('customersChanged', { customerIds: null });
    },
    close: () => credentials.clear(),
  };
}
