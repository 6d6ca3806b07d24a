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

/**
 * Every cached customer with its displayed status (the one rule, STATUS_SQL), its newest partner
 * record (records are kept newest first) and whether its subscriptions, when last read, held any
 * that is not deleted (NULL: never read).
 */
const ROWS_SQL = `
  SELECT c.id, c.company_name AS companyName, c.domain, c.name_key AS nameKey, ${STATUS_SQL} AS mcaStatus,
    json_extract(s.partner_records_json, '$[0].dateAgreed') AS latestDate,
    json_extract(s.partner_records_json, '$[0].templateId') AS latestTemplate,
    CASE WHEN sc.customer_id IS NULL THEN NULL
         ELSE EXISTS (SELECT 1 FROM json_each(sc.items_json) j WHERE coalesce(json_extract(j.value, '$.status'), '') <> 'deleted') END AS hasSubscriptions
  FROM customers c
  LEFT JOIN mca_status s ON s.customer_id = c.id
  LEFT JOIN subscriptions_cache sc ON sc.customer_id = c.id`;

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
        `SELECT status, count(*) AS n,
           sum(CASE WHEN status = 'confirmed' AND @current IS NOT NULL AND latestTemplate IS NOT @current THEN 1 ELSE 0 END) AS earlier
         FROM (SELECT ${STATUS_SQL} AS status, json_extract(s.partner_records_json, '$[0].templateId') AS latestTemplate
               FROM customers c LEFT JOIN mca_status s ON s.customer_id = c.id)
         GROUP BY status`,
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
    const rows = this.db
      .prepare(
        `SELECT * FROM (${ROWS_SQL}) WHERE ${where}
         ORDER BY CASE hasSubscriptions WHEN 1 THEN 0 WHEN 0 THEN 2 ELSE 1 END, nameKey, id LIMIT @limit`,
      )
      .all(params) as {
      id: string;
      companyName: string;
      domain: string;
      mcaStatus: McaStatus;
      latestDate: string | null;
      latestTemplate: string | null;
      hasSubscriptions: number | null;
    }[];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM (${ROWS_SQL}) WHERE ${where}`).get({ current: currentTemplateId }) as { n: number }).n;
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
