import type { SubscriptionSummary } from '../../../shared/domain';
import { translate } from '../../../shared/i18n';
import { AppFailure, toFailure } from '../app-failure';
import { iso, newId } from '../clock';
import { isMcaRequiredError, type Subscription } from '../partner-center';
import { actorOf, requireConfirmRole, type Services } from '../services';

/**
 * Orders and license changes. They need Partner Center (never queued), and Partner Center
 * refuses them (13605) until the customer's MCA acceptance is on record — so a confirmation the
 * operator saved but the queue has not sent yet is sent first.
 */

const summary = (s: Subscription): SubscriptionSummary => ({
  id: s.id,
  offerId: s.offerId,
  name: s.friendlyName ?? s.offerName ?? s.offerId,
  quantity: s.quantity,
  status: s.status,
  licenseBased: s.billingType === 'license' || s.unitType === 'Licenses',
});

function requireOnline(s: Services): void {
  if (!s.connectivity.online) throw new AppFailure('offline', translate(s.locale, 'error.orders.offline'));
}

function mcaRequired(s: Services, error?: unknown): AppFailure {
  const facts = error ? toFailure(error, s.locale).details : undefined;
  return new AppFailure('mca-required', translate(s.locale, 'error.mca-required'), facts);
}

/**
 * Before an order: send this customer's waiting confirmation now, then refuse locally what
 * Partner Center would refuse (not confirmed) — an unknown status is left to Partner Center.
 */
async function ensureAcceptance(s: Services, customerId: string): Promise<void> {
  await s.engine.flushCustomer(customerId);
  const open = s.outbox.openItemFor(customerId);
  if (open && open.kind === 'confirm-acceptance') {
    throw new AppFailure('mca-required', translate(s.locale, 'error.mca-pending', { state: open.state }), open.lastError?.partnerCenterCode ? { partnerCenterCode: open.lastError.partnerCenterCode } : undefined);
  }
  if (s.customers.statusOf(customerId) === 'not-confirmed') throw mcaRequired(s);
}

function requireCreated(s: Services, customerId: string): void {
  if (customerId.startsWith('local:') || !s.customers.get(customerId)) throw new AppFailure('not-found', translate(s.locale, 'error.customer.pendingCreation'));
}

export async function listSubscriptions(s: Services, customerId: string): Promise<{ items: SubscriptionSummary[]; readAt: string | null; fromCache: boolean }> {
  const cached = () => {
    const row = s.db.prepare('SELECT items_json, read_at FROM subscriptions_cache WHERE customer_id = ?').get(customerId) as { items_json: string; read_at: string } | undefined;
    return { items: row ? (JSON.parse(row.items_json) as SubscriptionSummary[]) : [], readAt: row?.read_at ?? null, fromCache: true };
  };
  if (!s.connectivity.online) return cached();
  try {
    const items = (await s.client.listSubscriptions(customerId, { correlationId: newId() })).map(summary);
    const readAt = iso(s.clock.now());
    s.db
      .prepare(`INSERT INTO subscriptions_cache (customer_id, items_json, read_at) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET items_json = excluded.items_json, read_at = excluded.read_at`)
      .run(customerId, JSON.stringify(items), readAt);
    return { items, readAt, fromCache: false };
  } catch (error) {
    const failure = toFailure(error, s.locale);
    if (failure.code === 'offline') {
      s.connectivity.reportNetworkFailure();
      return cached();
    }
    throw failure;
  }
}

export async function listOffers(s: Services, customerId: string) {
  requireOnline(s);
  const country = s.customers.get(customerId)?.country ?? 'US';
  const offers = await s.client.listOffers(country, { correlationId: newId() });
  return { items: offers.map((o) => ({ id: o.id, name: o.name, minimumQuantity: o.minimumQuantity, maximumQuantity: o.maximumQuantity })) };
}

export async function changeQuantity(s: Services, customerId: string, subscriptionId: string, quantity: number) {
  requireConfirmRole(s);
  requireOnline(s);
  requireCreated(s, customerId);
  await ensureAcceptance(s, customerId);
  const correlationId = newId();
  try {
    // Read the subscription fresh: the change sends the whole resource back with its etag.
    const current = (await s.client.listSubscriptions(customerId, { correlationId })).find((x) => x.id === subscriptionId);
    if (!current) throw new AppFailure('not-found', translate(s.locale, 'error.not-found', { id: subscriptionId }));
    const result = await s.client.updateSubscriptionQuantity(customerId, current, quantity, { correlationId });
    s.audit.append({
      at: iso(s.clock.now()),
      actor: actorOf(s),
      action: 'operator.change-quantity',
      subject: customerId,
      details: { company: s.customers.get(customerId)?.companyName ?? null, subscription: summary(current).name, from: current.quantity, to: quantity, pending: result.pending },
    });
    return result.pending ? { subscription: null, pending: true } : { subscription: summary(result.subscription), pending: false };
  } catch (error) {
    if (isMcaRequiredError(error)) throw mcaRequired(s, error);
    throw toFailure(error, s.locale);
  }
}

export async function placeOrder(s: Services, customerId: string, offerId: string, quantity: number) {
  requireConfirmRole(s);
  requireOnline(s);
  requireCreated(s, customerId);
  await ensureAcceptance(s, customerId);
  try {
    const order = await s.client.createOrder(customerId, { lineItems: [{ lineItemNumber: 0, offerId, quantity }] }, { correlationId: newId() });
    s.audit.append({
      at: iso(s.clock.now()),
      actor: actorOf(s),
      action: 'operator.order',
      subject: customerId,
      details: { company: s.customers.get(customerId)?.companyName ?? null, offerId, quantity, orderId: order.id },
    });
    return { orderId: order.id, status: order.status };
  } catch (error) {
    if (isMcaRequiredError(error)) throw mcaRequired(s, error);
    throw toFailure(error, s.locale);
  }
}
