import type { RefreshProgress } from '../../../shared/domain';
import { iso, newId, type Clock } from '../clock';
import { isPartnerCenterError, type PageCursor, type PartnerCenterClient } from '../partner-center';
import type { AgreementsPort } from '../sync/agreements-port';
import type { CustomerRepo } from './customer-repo';
import type { StatusRepo } from './status-repo';

export interface RefreshDeps {
  client: PartnerCenterClient;
  agreements: AgreementsPort;
  customers: CustomerRepo;
  statuses: StatusRepo;
  clock: Clock;
  onProgress: (progress: RefreshProgress) => void;
  pageSize?: number;
  statusConcurrency?: number;
  /** Cancels after the page (or status read) in flight; what was written stays. */
  signal?: AbortSignal;
  /** Also read the MCA status of customers never read before (default true). */
  readStatuses?: boolean;
}

const PAGE_TRIES = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fills the cache from Partner Center's paged customer list, one transaction per page, then reads
 * the MCA status of every customer not read before. A page that fails with a retryable error is
 * fetched again from its cursor (never from the start). Customers no longer listed are dropped
 * only after a complete listing.
 */
export async function refreshCustomers(deps: RefreshDeps): Promise<{ customers: number; statuses: number }> {
  const run = newId();
  const correlationId = newId();
  let listed = 0;
  let total: number | null = null;
  let resumeFrom: PageCursor | undefined;
  let failures = 0;
  for (;;) {
    try {
      for await (const page of deps.client.listCustomers({ pageSize: deps.pageSize ?? 500, ...(resumeFrom ? { resumeFrom } : {}) }, { correlationId })) {
        deps.customers.upsertMany(
          page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner })),
          run,
          iso(deps.clock.now()),
        );
        listed += page.items.length;
        total = Math.max(page.totalCount, listed);
        resumeFrom = page.next;
        failures = 0;
        deps.onProgress({ phase: 'customers', done: listed, total });
        if (deps.signal?.aborted) break;
      }
      break;
    } catch (error) {
      failures += 1;
      if (!isPartnerCenterError(error) || !error.retryable || failures >= PAGE_TRIES) throw error;
      const wait = error.retryAt ? error.retryAt.getTime() - deps.clock.now().getTime() : 250 * 2 ** failures;
      await sleep(Math.max(0, Math.min(wait, 60_000)));
    }
  }
  if (deps.signal?.aborted) {
    deps.onProgress({ phase: 'cancelled', done: listed, total });
    return { customers: listed, statuses: 0 };
  }
  deps.customers.removeNotSeenIn(run);

  const ids = deps.readStatuses === false ? [] : deps.customers.idsWithoutStatus();
  let done = 0;
  deps.onProgress({ phase: 'statuses', done, total: ids.length });
  const next = ids[Symbol.iterator]();
  const worker = async () => {
    for (let step = next.next(); !step.done && !deps.signal?.aborted; step = next.next()) {
      await readStatus(deps, step.value, correlationId);
      done += 1;
      if (done % 25 === 0 || done === ids.length) deps.onProgress({ phase: 'statuses', done, total: ids.length });
    }
  };
  await Promise.all(Array.from({ length: deps.statusConcurrency ?? 4 }, worker));
  deps.onProgress(deps.signal?.aborted ? { phase: 'cancelled', done, total: ids.length } : { phase: 'done', done: listed, total: listed });
  return { customers: listed, statuses: done };
}

/** Reads one customer's agreements and direct acceptance into the status cache. */
export async function readStatus(deps: Pick<RefreshDeps, 'agreements' | 'statuses' | 'clock'>, customerId: string, correlationId: string): Promise<void> {
  const [partnerRecords, directlySigned] = await Promise.all([
    deps.agreements.customerAgreements(customerId, { correlationId }),
    deps.agreements.directlySigned(customerId, { correlationId }),
  ]);
  deps.statuses.save(customerId, { partnerRecords, directlySigned, verifiedAt: iso(deps.clock.now()) });
}
