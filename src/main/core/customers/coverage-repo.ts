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
    // Three bands, each walked in name order and stopped after `limit` matches (the name-key
    // index, the status computed only for the rows walked): live subscriptions first (the few
    // customers whose subscriptions were read), then never read, then read with none. CROSS JOIN
    // makes SQLite walk the small subscriptions cache, not every customer, for the two read bands.
    const row = (band: number) => `SELECT ${band} AS band, c.id, c.company_name AS companyName, c.domain, c.name_key AS nameKey, ${STATUS_SQL} AS mcaStatus,
           ${LATEST_TEMPLATE} AS latestTemplate,
           CASE WHEN s.partner_records_json <> '[]' THEN json_extract(s.partner_records_json, '$[0].dateAgreed') END AS latestDate`;
    const live = `EXISTS (SELECT 1 FROM json_each(sc.items_json) j WHERE coalesce(json_extract(j.value, '$.status'), '') <> 'deleted')`;
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT * FROM (${row(0)} FROM subscriptions_cache sc CROSS JOIN customers c ON c.id = sc.customer_id LEFT JOIN mca_status s ON s.customer_id = c.id
                                      WHERE ${live}) WHERE ${where} ORDER BY nameKey, id LIMIT @limit)
         UNION ALL
         SELECT * FROM (SELECT * FROM (${row(1)} FROM customers c LEFT JOIN mca_status s ON s.customer_id = c.id
                                      WHERE NOT EXISTS (SELECT 1 FROM subscriptions_cache sc WHERE sc.customer_id = c.id)) WHERE ${where} ORDER BY nameKey, id LIMIT @limit)
         UNION ALL
         SELECT * FROM (SELECT * FROM (${row(2)} FROM subscriptions_cache sc CROSS JOIN customers c ON c.id = sc.customer_id LEFT JOIN mca_status s ON s.customer_id = c.id
                                      WHERE NOT ${live}) WHERE ${where} ORDER BY nameKey, id LIMIT @limit)
         ORDER BY band, nameKey, id LIMIT @limit`,
      )
      .all(params) as {
      band: number;
      id: string;
      companyName: string;
      domain: string;
      mcaStatus: McaStatus;
      latestDate: string | null;
      latestTemplate: string | null;
    }[];
    // A full page needs the whole count (one pass, the status once per customer); a short one is the whole list.
    const total =
      rows.length < limit
        ? rows.length
        : (this.db.prepare(`${STATUS_CTE} SELECT count(*) AS n FROM r WHERE ${where}`).get({ current: currentTemplateId }) as { n: number }).n;
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        companyName: r.companyName,
        domain: r.domain,
        mcaStatus: r.mcaStatus,
        hasSubscriptions: r.band === 0 ? true : r.band === 2 ? false : null,
        latestRecord: r.latestDate !== null && r.latestTemplate !== null ? { dateAgreed: r.latestDate, templateId: r.latestTemplate } : null,
      })),
    };
  }
}
