import { z } from 'zod';
import type { CustomerDetail } from '../../../shared/domain';
import { AppFailure } from '../app-failure';
import { iso, newId } from '../clock';
import type { ProfileParts } from '../compose';
import { CURRENT_TEMPLATE_KEY } from '../customers/coverage-repo';
import { readStatus, rememberCurrentTemplate } from '../customers/refresh';
import { isPartnerCenterError, type Customer } from '../partner-center';

/** Customers from the local cache: search, the account panel, and reading one again from Partner Center. */

/** Re-read an opened customer from Partner Center at most this often. */
const VERIFY_AFTER_MS = 60_000;

type DetailParts = Pick<ProfileParts, 'customers' | 'statuses' | 'outbox' | 'meta'>;

/** Everything the account-info panel shows for one customer, from the local store only. */
export function customerDetail(p: DetailParts, id: string): CustomerDetail | null {
  const customer = p.customers.get(id);
  if (!customer) return null;
  const status = p.statuses.get(id);
  const mcaStatus = p.customers.statusOf(id);
  const current = p.meta.get(CURRENT_TEMPLATE_KEY, z.string());
  const latest = status?.partnerRecords[0];
  return {
    id: customer.id,
    companyName: customer.companyName,
    domain: customer.domain,
    relationship: customer.relationship,
    country: customer.country,
    language: customer.language,
    primaryContact: customer.primaryContact,
    mca: {
      status: mcaStatus,
      partnerRecords: status?.partnerRecords ?? [],
      directlySigned: status?.directlySigned ?? null,
      pending: p.outbox.openItemFor(id),
      lastVerifiedAt: status?.verifiedAt ?? null,
      // The same rule as the coverage counts (customers/coverage-repo.ts): confirmed, newest record on another template.
      earlierVersion: mcaStatus === 'confirmed' && current !== null && latest !== undefined && latest.templateId !== current,
    },
  };
}

/** The panel's customer, or a not-found failure. */
export function detailOf(p: DetailParts, id: string): CustomerDetail {
  const detail = customerDetail(p, id);
  if (!detail) throw new AppFailure('not-found', 'error.not-found', undefined, { id });
  return detail;
}

/** Writes what Partner Center returned for one customer into the cache. */
export function cacheCustomer(p: Pick<ProfileParts, 'customers' | 'clock'>, c: Customer): void {
  const b = c.billingProfile;
  const id = c.id.toLowerCase();
  const base = { id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner };
  const now = iso(p.clock.now());
  if (!p.customers.get(id)) p.customers.upsertMany([base], 'single-read', now);
  p.customers.saveDetail(
    id,
    {
      ...base,
      country: c.companyProfile.address?.country ?? b?.defaultAddress?.country ?? null,
      language: b?.language ?? b?.culture ?? null,
      customDomains: (c.customDomains ?? []).filter((d) => d.toLowerCase() !== base.domain.toLowerCase()),
      primaryContact:
        b?.firstName && b.lastName && b.email
          ? { firstName: b.firstName, lastName: b.lastName, email: b.email, ...(b.defaultAddress?.phoneNumber ? { phone: b.defaultAddress.phoneNumber } : {}) }
          : null,
    },
    now,
  );
}

type VerifyParts = Pick<ProfileParts, 'client' | 'customers' | 'statuses' | 'agreements' | 'clock' | 'connectivity' | 'profile' | 'meta'>;

/**
 * Reads a customer, its agreements and its direct acceptance from Partner Center now, into the
 * cache (also a customer not cached yet). A network failure marks Partner Center unreachable.
 */
export async function verifyNow(p: VerifyParts, customerId: string): Promise<void> {
  const correlationId = newId();
  try {
    cacheCustomer(p, await p.client.getCustomer(customerId, { correlationId }));
    if (p.profile.cloud === 'public') {
      await readStatus(p, customerId, correlationId);
      // "Earlier version" needs the current template; a refresh reads it too.
      if (p.meta.get(CURRENT_TEMPLATE_KEY, z.string()) === null) await rememberCurrentTemplate(p, correlationId);
    }
  } catch (error) {
    if (isPartnerCenterError(error) && error.kind === 'network') p.connectivity.reportNetworkFailure();
    if (isPartnerCenterError(error) && error.kind === 'not-found') throw new AppFailure('not-found', 'error.not-found', undefined, { id: customerId });
    throw error;
  }
}

/** `verifyOpened`: re-read a customer in the background when it is opened (the app; not the CLI). */
export function createCustomersFeature(p: VerifyParts & DetailParts & Pick<ProfileParts, 'emit'>, options: { verifyOpened: boolean }) {
  // Re-reads started in the background are awaited on close, so nothing touches a closed store.
  const background = new Set<Promise<void>>();
  const verifying = new Set<string>();
  const verify = async (id: string) => {
    await verifyNow(p, id);
    p.emit('customersChanged', { customerIds: [id] });
  };
  /** Re-reads an opened customer and its status in the background; the panel never waits. */
  const verifyInBackground = (id: string) => {
    // Gate on the last read by id: the refresh's status sweep does not read the primary contact.
    const last = p.customers.get(id)?.detailReadAt;
    if (!p.connectivity.online || verifying.has(id) || (last && p.clock.now().getTime() - Date.parse(last) < VERIFY_AFTER_MS)) return;
    verifying.add(id);
    const work = verify(id)
      // A failed re-read leaves the panel as it was (a network failure already marked Partner Center unreachable).
      .catch(() => undefined)
      .finally(() => verifying.delete(id));
    background.add(work);
    void work.finally(() => background.delete(work));
  };

  return {
    searchCustomers: ({ query, limit }: { query: string; limit: number }) => p.customers.search(query, limit),
    getCustomer: ({ customerId }: { customerId: string }) => {
      const detail = detailOf(p, customerId);
      if (options.verifyOpened) verifyInBackground(customerId);
      return detail;
    },
    /** "Verify now" (and the CLI before saving): online only; reads a customer not cached yet too. */
    verifyCustomer: async ({ customerId }: { customerId: string }) => {
      if (!p.connectivity.online) {
        if (!p.customers.get(customerId)) throw new AppFailure('not-found', 'error.not-found', undefined, { id: customerId });
        throw new AppFailure('offline', 'error.offline');
      }
      await verify(customerId);
      return detailOf(p, customerId);
    },
    close: () => Promise.allSettled([...background]).then(() => undefined),
  };
}
