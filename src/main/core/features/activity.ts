import { instantsOf, type ActivityRange } from '../../../shared/activity-log';
import { activityCsv } from '../confirmations/activity-csv';
import type { ProfileParts } from '../compose';

/** The append-only activity log: newest first, its hash chain checked, exported as CSV. */
export function createActivityFeature(p: Pick<ProfileParts, 'audit' | 'outbox' | 'locale' | 'clock'>) {
  return {
    listActivity: ({ limit }: { limit: number }) => ({
      entries: p.audit.list(limit).map((e) => ({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        subject: e.subject ?? null,
        details: e.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : null,
      })),
    }),

    /** Recomputes the whole chain: intact, or the first entry that does not match. */
    verifyActivity: () => p.audit.verify(),

    /** The entries of the range's days as CSV, in the app's language (the CLI's for the CLI). */
    exportActivity: (range: ActivityRange) => {
      // Companies by queue item and customer id, read before the entries stream from the database.
      const companies = new Map<string, string>();
      for (const item of p.outbox.list()) {
        companies.set(item.id, item.companyName);
        companies.set(item.customerId, item.companyName);
      }
      const { fromAt, beforeAt } = instantsOf(range);
      const { csv, entries } = activityCsv(p.audit.between(fromAt, beforeAt), p.locale, (id) => companies.get(id));
      const today = p.clock.now().toISOString().slice(0, 10);
      const fileName = range.from || range.to ? `mca-desk-activity-${range.from ?? 'start'}-to-${range.to ?? today}.csv` : `mca-desk-activity-${today}.csv`;
      return { csv, entries, fileName };
    },
  };
}
