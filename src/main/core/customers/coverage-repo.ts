import type { Database } from 'better-sqlite3';
import type { CoverageCounts, CoverageGroup, CoverageRow, McaStatus } from '../../../shared/domain';
import { STATUS_SQL } from './customer-repo';

/** Where the current MCA template id (agreement metadata, highest versionRank) is kept once read. */
export const CURRENT_TEMPLATE_KEY = 'mca-current-template';

const COUNT_KEYS: Record<McaStatus, Exclude<keyof CoverageCounts, 'total' | 'earlierVersion'>> = {
  confirmed: 'confirmed',
  'accepted-by-customer': 'acceptedByCustomer',
  'not-confirmed': 'notConfirmed',
  'pending-sync': 'pendingSync',
  'waiting-for-customer': 'waitingForCustomer',
  'needs-attention': 'needsAttention',
  'not-verified': 'notVerified',
};

/** The template of a customer's newest partner record (records are kept newest first), if any. */
const LATEST_TEMPLATE = `CASE WHEN s.partner_records_json <> '[]' THEN json_extract(s.partner_records_json, '$[0].templateId') END`;

/**
 * Every cached customer's displayed status (the one rule, STATUS_SQL) and newest template,
 * evaluated once per customer: MATERIALIZED keeps SQLite from copying the CASE (and its outbox
 * look-up) into both the GROUP BY key and the output, which doubled the work. Only the two small
 * values are kept, not the records' JSON.
 */
const STATUS_CTE = `
  WITH r AS MATERIALIZED (
    SELECT c.seq, ${STATUS_SQL} AS mcaStatus, ${LATEST_TEMPLATE} AS latestTemplate
    FROM customers c LEFT JOIN mca_status s ON s.customer_id = c.id
  )`;

/** Confirmed, with the newest record on another template than the current one (never when the current one is unknown). */
const EARLIER = `mcaStatus = 'confirmed' AND @current IS NOT NULL AND latestTemplate IS NOT @current`;

const GROUP_FILTER: Record<CoverageGroup, string> = {
  'not-confirmed': `mcaStatus NOT IN ('confirmed', 'accepted-by-customer')`,
  'earlier-version': EARLIER,
};

/** How far the customers are covered: counts by status and the lists behind them, all in SQL. */
export class CoverageRepo {
  constructor(private readonly db: Database) {}

  /** One pass over the cache and the outbox, grouped by displayed status. */
  counts(currentTemplateId: string | null): CoverageCounts {
    const rows = this.db
      .prepare(
        `${STATUS_CTE}
         SELECT mcaStatus AS status, count(*) AS n,
           sum(CASE WHEN mcaStatus = 'confirmed' AND @current IS NOT NULL AND latestTemplate IS NOT @current THEN 1 ELSE 0 END) AS earlier
         FROM r GROUP BY mcaStatus`,
      )
      .all({ current: currentTemplateId }) as { status: McaStatus; n: number; earlier: number }[];
    const counts: CoverageCounts = {
      total: 0,
      confirmed: 0,
      acceptedByCustomer: 0,
      notConfirmed: 0,
      pendingSync: 0,
      waitingForCustomer: 0,
      needsAttention: 0,
      notVerified: 0,
      earlierVersion: 0,
    };
    for (const row of rows) {
      counts[COUNT_KEYS[row.status]] = row.n;
      counts.total += row.n;
      counts.earlierVersion += row.earlier;
    }
    return counts;
  }

  /** One list, customers with subscriptions first (their orders are blocked), then unknown, then none; by name. */
  list(group: CoverageGroup, currentTemplateId: string | null, limit: number): { items: CoverageRow[]; total: number } {
    const where = GROUP_FILTER[group];
    const params = { current: currentTemplateId, limit };
    // One pass: the window counts the whole list before LIMIT keeps the first rows.
    // The filter and the order need the status only; the rest is read for the rows listed. One
    // pass: the window counts the whole list before LIMIT keeps the first rows.
    const rows = this.db
      .prepare(
        `${STATUS_CTE}
         SELECT c.id, c.company_name AS companyName, c.domain, r.mcaStatus, r.latestTemplate,
           CASE WHEN r.latestTemplate IS NOT NULL THEN json_extract(s.partner_records_json, '$[0].dateAgreed') END AS latestDate,
           CASE WHEN sc.customer_id IS NULL THEN NULL
                ELSE EXISTS (SELECT 1 FROM json_each(sc.items_json) j WHERE coalesce(json_extract(j.value, '$.status'), '') <> 'deleted') END AS hasSubscriptions,
           count(*) OVER () AS total
         FROM r JOIN customers c ON c.seq = r.seq
         LEFT JOIN mca_status s ON s.customer_id = c.id
         LEFT JOIN subscriptions_cache sc ON sc.customer_id = c.id
         WHERE ${where}
         ORDER BY CASE hasSubscriptions WHEN 1 THEN 0 WHEN 0 THEN 2 ELSE 1 END, c.name_key, c.id LIMIT @limit`,
      )
      .all(params) as {
      id: string;
      companyName: string;
      domain: string;
      mcaStatus: McaStatus;
      latestDate: string | null;
      latestTemplate: string | null;
      hasSubscriptions: number | null;
      total: number;
    }[];
    const total = rows[0]?.total ?? 0;
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        companyName: r.companyName,
        domain: r.domain,
        mcaStatus: r.mcaStatus,
        hasSubscriptions: r.hasSubscriptions === null ? null : r.hasSubscriptions === 1,
        latestRecord: r.latestDate !== null && r.latestTemplate !== null ? { dateAgreed: r.latestDate, templateId: r.latestTemplate } : null,
      })),
    };
  }
}
