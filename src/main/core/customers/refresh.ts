import { z } from 'zod';
import type { RefreshProgress } from '../../../shared/domain';
import type { Meta } from '../store/meta';
import { iso, newId, type Clock } from '../clock';
import { isPartnerCenterError, type PageCursor, type PartnerCenterClient } from '../partner-center';
import type { AgreementsPort } from '../sync/agreements-port';
import { whenNextRequestSent } from '../partner-center/request-sent';
import { retryDelayMs } from '../sync/retry-policy';
import { sleep } from '../../../shared/sleep';
import { CURRENT_TEMPLATE_KEY } from './coverage-repo';
import type { CustomerRepo } from './customer-repo';
import type { StatusRepo } from './status-repo';

export interface RefreshDeps {
  client: PartnerCenterClient;
  /** Where a refresh in progress keeps its place, so a crash or a cut resumes from there. */
  meta: Meta;
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
/** How long a page's write waits for the next page's request to leave, at most. */
const REQUEST_LEAVES_MS = 50;
/** Retrying a page or a status read: Retry-After when given, else a jittered backoff from 250 ms. */
const RETRY = { baseMs: 250, capMs: 60_000 };

/** A listing in progress: its run id, where to go on, and how far it got. */
const progressSchema = z.object({
  run: z.string(),
  cursor: z.object({ uri: z.string(), headers: z.record(z.string(), z.string()) }),
  listed: z.number().int(),
});
const PROGRESS_KEY = 'refresh-in-progress';

/**
 * Fills the cache from Partner Center's paged customer list, one transaction per page, then reads
 * the MCA status of every customer not read before. With each page its place (the next page's
 * cursor) is saved in the same transaction, so a refresh cut by a crash, a network loss or Cancel goes on from there, not
 * from zero; a cursor Partner Center no longer accepts starts the listing again. A failed page is
 * fetched again from its cursor. Customers no longer listed are dropped only after a complete
 * listing. A first load (into an empty cache) writes without the indexes and builds them once at
 * its end, however it ends (search-index.ts).
 */
export async function refreshCustomers(deps: RefreshDeps): Promise<{ customers: number; statuses: number }> {
  const saved = deps.meta.get(PROGRESS_KEY, progressSchema);
  const correlationId = newId();
  const listing: Listing = { run: saved?.run ?? newId(), listed: saved?.listed ?? 0, resumeFrom: saved?.cursor, complete: false };
  // Says at once where this refresh starts: from zero, or from where the last one stopped.
  deps.onProgress({ phase: 'customers', done: listing.listed, total: null });
  if (!saved) deps.customers.suspendIndexesForFirstLoad();
  try {
    await listPages(deps, listing, correlationId);
  } finally {
    // However the listing ends (complete, cancelled, failed), the cache is searchable again.
    if (deps.customers.indexesSuspended()) {
      deps.onProgress({ phase: 'indexing', done: 0, total: listing.listed });
      await deps.customers.buildSuspendedIndexes({ onProgress: (done, total) => deps.onProgress({ phase: 'indexing', done, total }) });
    }
  }
  const { run, listed, complete } = listing;
  if (deps.signal?.aborted && !complete) {
    deps.onProgress({ phase: 'cancelled', done: listed, total: null });
    return { customers: listed, statuses: 0 };
  }
  deps.meta.delete(PROGRESS_KEY);
  deps.customers.removeNotSeenIn(run);

  if (deps.readStatuses !== false) await rememberCurrentTemplate(deps, correlationId);
  const ids = deps.readStatuses === false ? [] : deps.customers.idsWithoutStatus();
  let done = 0;
  deps.onProgress({ phase: 'statuses', done, total: ids.length });
  let read = 0;
  const next = ids[Symbol.iterator]();
  const worker = async () => {
    for (let step = next.next(); !step.done && !deps.signal?.aborted; step = next.next()) {
      if (await readStatusOrSkip(deps, step.value, correlationId)) read += 1;
      done += 1;
      if (done % 25 === 0 || done === ids.length) deps.onProgress({ phase: 'statuses', done, total: ids.length });
    }
  };
  await Promise.all(Array.from({ length: deps.statusConcurrency ?? 4 }, worker));
  deps.onProgress(deps.signal?.aborted ? { phase: 'cancelled', done, total: ids.length } : { phase: 'done', done: listed, total: listed, statuses: read });
  return { customers: listed, statuses: read };
}

/** A listing in progress, as it goes: its run id, how far it got, where to go on, whether it read every page. */
interface Listing {
  run: string;
  listed: number;
  resumeFrom: PageCursor | undefined;
  complete: boolean;
}

/**
 * Reads the customer list page by page into the cache, each page with its place in one
 * transaction; a failed page is fetched again from its cursor, an expired cursor starts over.
 * Ends when every page is read, on a cancel, or by throwing what cannot be retried.
 */
async function listPages(deps: RefreshDeps, listing: Listing, correlationId: string): Promise<void> {
  let failures = 0;
  for (;;) {
    try {
      const pages = deps.client.listCustomers({ pageSize: deps.pageSize ?? 500, ...(listing.resumeFrom ? { resumeFrom: listing.resumeFrom } : {}) }, { correlationId, ...(deps.signal ? { signal: deps.signal } : {}) });
      // Ask for the next page before writing this one, so the network wait overlaps the write.
      let next = pages.next();
      for (;;) {
        const step = await next;
        if (step.done) {
          if (!deps.signal?.aborted) listing.complete = true;
          break;
        }
        const page = step.value;
        if (page.next && !deps.signal?.aborted) {
          // The write below holds the event loop: let the request leave first, or the network
          // wait only starts once the page is written.
          const leaving = whenNextRequestSent(REQUEST_LEAVES_MS);
          next = pages.next();
          next.catch(() => undefined); // awaited on the next turn; never an unhandled rejection
          await Promise.race([next.then(() => undefined, () => undefined), leaving.sent]);
          leaving.cancel();
        } else next = Promise.resolve({ done: true, value: undefined });
        deps.customers.upsertMany(
          page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner })),
          listing.run,
          iso(deps.clock.now()),
          () => {
            if (page.next) deps.meta.set(PROGRESS_KEY, { run: listing.run, cursor: page.next, listed: listing.listed + page.items.length });
          },
        );
        listing.listed += page.items.length;
        listing.resumeFrom = page.next;
        failures = 0;
        // Partner Center's totalCount is not documented to be the grand total: show a count only.
        deps.onProgress({ phase: 'customers', done: listing.listed, total: page.totalCount > listing.listed ? page.totalCount : null });
        if (!page.next) listing.complete = true;
        if (deps.signal?.aborted) break;
      }
      break;
    } catch (error) {
      // A cancel aborts the page being fetched: that is the cancel, not a failure.
      if (deps.signal?.aborted) break;
      failures += 1;
      if (isPartnerCenterError(error) && error.kind === 'rejected' && listing.resumeFrom && failures === 1) {
        // The saved place expired (continuation tokens do): list again from the first page.
        deps.meta.delete(PROGRESS_KEY);
        listing.run = newId();
        listing.listed = 0;
        listing.resumeFrom = undefined;
        continue;
      }
      if (!isPartnerCenterError(error) || !error.retryable || failures >= PAGE_TRIES) throw error;
      await sleep(Math.min(retryDelayMs(failures, RETRY, error.retryAt, deps.clock.now()), RETRY.capMs), deps.signal);
    }
  }
}

/**
 * One customer's status in the sweep. A sweep of many thousand customers must not fail on one
 * bad answer: a customer whose read fails stays "Not verified" (the next refresh reads it again)
 * and the sweep goes on. Throttling waits and tries again; no network or no sign-in stops it.
 */
async function readStatusOrSkip(deps: RefreshDeps, customerId: string, correlationId: string): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await readStatus(deps, customerId, correlationId);
      return true;
    } catch (error) {
      if (!isPartnerCenterError(error) || error.kind === 'network' || error.kind === 'unauthorized') throw error;
      if (error.kind !== 'throttled' || attempt >= PAGE_TRIES) return false;
      await sleep(Math.min(retryDelayMs(attempt, RETRY, error.retryAt, deps.clock.now()), RETRY.capMs), deps.signal);
    }
  }
}

/** Reads one customer's agreements and direct acceptance into the status cache. */
export async function readStatus(deps: Pick<RefreshDeps, 'agreements' | 'statuses' | 'clock'>, customerId: string, correlationId: string): Promise<void> {
  const [partnerRecords, directlySigned] = await Promise.all([
    deps.agreements.customerAgreements(customerId, { correlationId }),
    deps.agreements.directlySigned(customerId, { correlationId }),
  ]);
  deps.statuses.save(customerId, { partnerRecords, directlySigned, verifiedAt: iso(deps.clock.now()) });
}

/**
 * Reads the current MCA template (agreement metadata) and keeps it, so "Earlier version" can be
 * told offline. A failure other than no network or no sign-in leaves the one kept before.
 */
export async function rememberCurrentTemplate(deps: Pick<RefreshDeps, 'agreements' | 'meta'>, correlationId: string): Promise<void> {
  try {
    deps.meta.set(CURRENT_TEMPLATE_KEY, await deps.agreements.mcaTemplateId({ correlationId }));
  } catch (error) {
    if (isPartnerCenterError(error) && (error.kind === 'network' || error.kind === 'unauthorized')) throw error;
  }
}
