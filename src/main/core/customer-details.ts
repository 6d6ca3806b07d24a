import type { CustomerDetail } from '../../shared/domain';
import type { Outbox } from './confirmations/outbox';
import type { CustomerRepo } from './customers/customer-repo';
import type { StatusRepo } from './customers/status-repo';

/** Everything the account-info panel shows for one customer, from the local store only. */
export function customerDetail(id: string, repos: { customers: CustomerRepo; statuses: StatusRepo; outbox: Outbox }): CustomerDetail | null {
  const customer = repos.customers.get(id);
  if (!customer) return null;
  const status = repos.statuses.get(id);
  const pending = repos.outbox.openItemFor(id);
  return {
    id: customer.id,
    companyName: customer.companyName,
    domain: customer.domain,
    relationship: customer.relationship,
    country: customer.country,
    language: null,
    primaryContact: customer.primaryContact,
    mca: {
      status: repos.customers.statusOf(id),
      partnerRecords: status?.partnerRecords ?? [],
      directlySigned: status?.directlySigned ?? null,
      pending,
      lastVerifiedAt: status?.verifiedAt ?? null,
    },
  };
}
