import type { SubscriptionSummary } from '../../../shared/domain';
import { quoteInput } from '../../../shared/quote-input';
import { AppFailure, asFailure } from '../app-failure';
import { iso, newId } from '../clock';
import type { ProfileParts } from '../compose';
import { isMcaRequiredError, type Subscription } from '../partner-center';
import { afterQueueChange } from './queue-change';
import { auditOperator, requireMayConfirm } from './session';

/**
 * Orders and license changes. They need Partner Center (never queued), and Partner Center
 * refuses them (13605) until the customer's MCA acceptance is on record — so a confirmation the
 * operator saved but the queue has not sent yet is sent first.
 */

type Parts = Pick<ProfileParts, 'profile' | 'signIn' | 'connectivity' | 'customers' | 'subscriptions' | 'outbox' | 'engine' | 'client' | 'audit' | 'clock' | 'locale' | 'emit'>;

const summary = (s: Subscription): SubscriptionSummary => ({
  id: s.id,
  offerId: s.offerId,
  name: s.friendlyName ?? s.offerName ?? s.offerId,
  quantity: s.quantity,
  status: s.status,
  licenseBased: s.billingType === 'license' || s.unitType === 'Licenses',
});

/** 13605 in the operator's terms, with Partner Center's facts for support. */
function mcaRequired(error?: unknown): AppFailure {
  return new AppFailure('mca-required', 'error.mca-required', error ? asFailure(error).details : undefined);
}

export function createOrdersFeature(p: Parts) {
  const requireOnline = () => {
    if (!p.connectivity.online) throw new AppFailure('offline', 'error.orders.offline');
  };
  const requireCreated = (customerId: string) => {
    if (customerId.startsWith('local:') || !p.customers.get(customerId)) throw new AppFailure('not-found', 'error.customer.pendingCreation');
  };
  /**
   * Before an order: send this customer's waiting confirmation now, then refuse locally what
   * Partner Center would refuse (not confirmed) — an unknown status is left to Partner Center.
   */
  const ensureAcceptance = async (customerId: string) => {
    await p.engine.flushCustomer(customerId);
    const open = p.outbox.openItemFor(customerId);
    if (open && open.kind === 'confirm-acceptance') {
      throw new AppFailure('mca-required', 'error.mca-pending', open.lastError?.partnerCenterCode ? { partnerCenterCode: open.lastError.partnerCenterCode } : undefined, { state: open.state });
    }
    if (p.customers.statusOf(customerId) === 'not-confirmed') throw mcaRequired();
  };
  /** An order-like change: role, online, created, acceptance first; 13605 said in the operator's terms. */
  const orderStep = async <T>(customerId: string, work: () => Promise<T>): Promise<T> => {
    requireMayConfirm(p);
    requireOnline();
    requireCreated(customerId);
    try {
      await ensureAcceptance(customerId);
      return await work();
    } catch (error) {
      throw isMcaRequiredError(error) ? mcaRequired(error) : error;
    } finally {
      afterQueueChange(p, customerId);
    }
  };

  return {
    listSubscriptions: async ({ customerId }: { customerId: string }): Promise<{ items: SubscriptionSummary[]; readAt: string | null; fromCache: boolean }> => {
      const cached = () => {
        const kept = p.subscriptions.get(customerId);
        return { items: kept?.items ?? [], readAt: kept?.readAt ?? null, fromCache: true };
      };
      if (!p.connectivity.online) return cached();
      try {
        const items = (await p.client.listSubscriptions(customerId, { correlationId: newId() })).map(summary);
        const readAt = iso(p.clock.now());
        p.subscriptions.save(customerId, items, readAt);
        return { items, readAt, fromCache: false };
      } catch (error) {
        if (asFailure(error).code !== 'offline') throw error;
        p.connectivity.reportNetworkFailure();
        return cached();
      }
    },
    listOffers: async ({ customerId }: { customerId: string }) => {
      requireOnline();
      const country = p.customers.get(customerId)?.country ?? 'US';
      const offers = await p.client.listOffers(country, { correlationId: newId() });
      return { items: offers.map((o) => ({ id: o.id, name: o.name, minimumQuantity: o.minimumQuantity, maximumQuantity: o.maximumQuantity })) };
    },
    changeQuantity: ({ customerId, subscriptionId, quantity }: { customerId: string; subscriptionId: string; quantity: number }) =>
      orderStep(customerId, async () => {
        const correlationId = newId();
        // Read the subscription fresh: the change sends the whole resource back with its etag.
        const current = (await p.client.listSubscriptions(customerId, { correlationId })).find((x) => x.id === subscriptionId);
        if (!current) throw new AppFailure('not-found', 'error.not-found', undefined, { id: quoteInput(subscriptionId) });
        const result = await p.client.updateSubscriptionQuantity(customerId, current, quantity, { correlationId });
        auditOperator(p, 'operator.change-quantity', { company: p.customers.get(customerId)?.companyName ?? null, subscription: summary(current).name, from: current.quantity, to: quantity, pending: result.pending }, customerId);
        return result.pending ? { subscription: null, pending: true } : { subscription: summary(result.subscription), pending: false };
      }),
    placeOrder: ({ customerId, offerId, quantity }: { customerId: string; offerId: string; quantity: number }) =>
      orderStep(customerId, async () => {
        const order = await p.client.createOrder(customerId, { lineItems: [{ lineItemNumber: 0, offerId, quantity }] }, { correlationId: newId() });
        auditOperator(p, 'operator.order', { company: p.customers.get(customerId)?.companyName ?? null, offerId, quantity, orderId: order.id }, customerId);
        return { orderId: order.id, status: order.status };
      }),
  };
}
