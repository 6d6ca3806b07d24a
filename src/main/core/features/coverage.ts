import { z } from 'zod';
import { acceptanceRequestInputSchema, requestFormDefaults, type AcceptanceRequestInput } from '../../../shared/acceptance-request';
import type { BulkRequestPlan, CoverageGroup, McaStatus } from '../../../shared/domain';
import { writeTransaction } from '../store/database';
import type { ProfileParts } from '../compose';
import { CoverageRepo, CURRENT_TEMPLATE_KEY } from '../customers/coverage-repo';
import { detailOf, verifyNow } from './customers';
import { afterQueueChange } from './queue-change';
import { queueRequest } from './requests';
import { auditOperator, requireMayConfirm } from './session';

/**
 * Coverage: how many customers have an acceptance on record (counted in SQL over the cache and
 * the outbox, with the status rule the list and the panel use), the customers still to get on
 * record, and "Request acceptance" for many at once — each request made as the single dialog
 * makes it (requestFormDefaults, the same schema, queueRequest).
 */

type Parts = Pick<ProfileParts, 'db' | 'meta' | 'customers' | 'statuses' | 'outbox' | 'engine' | 'emit' | 'clock' | 'profile' | 'signIn' | 'connectivity' | 'locale' | 'client' | 'agreements' | 'audit'>;

/** Customers never read by id are read first (contact, country, language), this many at a time. */
const READ_CONCURRENCY = 4;
/** A status where something is on its way already: a confirmation or a request in the queue. */
const OPEN: readonly McaStatus[] = ['pending-sync', 'waiting-for-customer'];

type Ready = BulkRequestPlan['ready'][number] & { request: AcceptanceRequestInput };

export function createCoverageFeature(p: Parts) {
  const repo = new CoverageRepo(p.db);
  const currentTemplate = () => p.meta.get(CURRENT_TEMPLATE_KEY, z.string());

  /** Reads the customers not read by id yet (online only); one that cannot be read stays as it is. */
  const readUnknown = async (ids: string[]) => {
    if (!p.connectivity.online) return;
    const queue = ids.filter((id) => {
      const c = p.customers.get(id);
      return c !== null && c.detailReadAt === null;
    })[Symbol.iterator]();
    const worker = async () => {
      for (let step = queue.next(); !step.done; step = queue.next()) await verifyNow(p, step.value).catch(() => undefined);
    };
    await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  };

  /** Who can be asked, with what, and who cannot and why. The operator rule first: role and cloud. */
  const plan = async (customerIds: string[]): Promise<{ ready: Ready[]; blocked: BulkRequestPlan['blocked'] }> => {
    requireMayConfirm(p);
    const ids = [...new Set(customerIds)];
    await readUnknown(ids);
    const ready: Ready[] = [];
    const blocked: BulkRequestPlan['blocked'] = [];
    for (const id of ids) {
      const customer = p.customers.get(id);
      if (!customer) {
        blocked.push({ customerId: id, companyName: '', reason: 'not-found', fields: [] });
        continue;
      }
      const base = { customerId: id, companyName: customer.companyName };
      const detail = detailOf(p, id);
      const status = detail.mca.status;
      if (OPEN.includes(status)) {
        blocked.push({ ...base, reason: 'open-item', fields: [] });
        continue;
      }
      // On record already, unless on an earlier version: that one is asked again.
      if (status === 'accepted-by-customer' || (status === 'confirmed' && !detail.mca.earlierVersion)) {
        blocked.push({ ...base, reason: 'on-record', fields: [] });
        continue;
      }
      const values = requestFormDefaults(customer);
      if (!customer.primaryContact || values.email.trim() === '') {
        blocked.push({ ...base, reason: 'no-contact', fields: [] });
        continue;
      }
      const parsed = acceptanceRequestInputSchema.safeParse(values);
      if (!parsed.success) {
        blocked.push({ ...base, reason: 'invalid-request', fields: [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))] });
        continue;
      }
      const r = parsed.data;
      ready.push({ ...base, signatory: `${r.firstName} ${r.lastName}`, email: r.email, country: r.country, language: r.language, request: r });
    }
    return { ready, blocked };
  };
  const publicPlan = ({ ready, blocked }: { ready: Ready[]; blocked: BulkRequestPlan['blocked'] }): BulkRequestPlan => ({
    ready: ready.map(({ request: _request, ...rest }) => rest),
    blocked,
  });

  return {
    getCoverage: () => {
      const currentTemplateId = currentTemplate();
      return { counts: repo.counts(currentTemplateId), currentTemplateId };
    },
    listCoverage: ({ group, limit }: { group: CoverageGroup; limit: number }) => repo.list(group, currentTemplate(), limit),
    planBulkRequest: async ({ customerIds }: { customerIds: string[] }) => publicPlan(await plan(customerIds)),
    /** Queues every request the plan allows, all or none (one transaction), then sends as usual. */
    requestAcceptanceBulk: async ({ customerIds }: { customerIds: string[] }) => {
      const planned = await plan(customerIds);
      const queued = writeTransaction(p.db, () =>
        planned.ready.map((r) => ({ customerId: r.customerId, queueItemId: queueRequest(p, { id: r.customerId, companyName: r.companyName }, r.request) })),
      );
      if (queued.length > 0) auditOperator(p, 'operator.bulk-request', { queued: queued.length, blocked: planned.blocked.length });
      afterQueueChange(p, null);
      return { ...publicPlan(planned), queued };
    },
  };
}
