import type { Database } from 'better-sqlite3';
import type { Contact, CustomerSummary, McaStatus } from '../../../shared/domain';

/** A customer as Partner Center lists it (the part the cache keeps). */
export interface CachedCustomer {
  id: string;
  companyName: string;
  domain: string;
  relationship: string | null;
}

export interface CustomerRow extends CachedCustomer {
  primaryContact: Contact | null;
  detailReadAt: string | null;
}

/**
 * The status shown for a customer, most decisive first: a local item waiting or rejected beats
 * what Partner Center said when last read. One SQL expression, used by search and by detail.
 */
const STATUS_SQL = `
  CASE
    WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.customer_id = c.id AND o.state = 'needs-attention') THEN 'needs-attention'
    WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.customer_id = c.id AND o.state IN ('queued','sending')) THEN 'pending-sync'
    WHEN s.customer_id IS NULL THEN 'not-verified'
    WHEN s.partner_records_json <> '[]' THEN 'confirmed'
    WHEN s.directly_signed = 1 THEN 'accepted-by-customer'
    ELSE 'not-confirmed'
  END`;

/** Turns what the operator typed into an FTS5 query: every word must match as a prefix. */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

export class CustomerRepo {
  constructor(private readonly db: Database) {}

  private readonly upsertStatement = () =>
    this.db.prepare(`
      INSERT INTO customers (id, company_name, domain, relationship, refresh_run, updated_at)
      VALUES (@id, @companyName, @domain, @relationship, @run, @now)
      ON CONFLICT (id) DO UPDATE SET
        company_name = excluded.company_name, domain = excluded.domain,
        relationship = excluded.relationship, refresh_run = excluded.refresh_run,
        updated_at = CASE WHEN company_name = excluded.company_name AND domain = excluded.domain
                          THEN updated_at ELSE excluded.updated_at END`);

  /** Writes one page of a refresh in one transaction. */
  upsertMany(customers: readonly CachedCustomer[], run: string, now: string): void {
    const statement = this.upsertStatement();
    this.db.transaction(() => {
      for (const c of customers) statement.run({ ...c, id: c.id.toLowerCase(), run, now });
    })();
  }

  /** After a complete refresh: customers Partner Center no longer lists leave the cache. */
  removeNotSeenIn(run: string): number {
    return this.db.prepare('DELETE FROM customers WHERE refresh_run IS NOT ? ').run(run).changes;
  }

  saveDetail(id: string, detail: CachedCustomer & { primaryContact: Contact | null }, now: string): void {
    this.db
      .prepare(
        `UPDATE customers SET company_name = ?, domain = ?, relationship = ?, contact_json = ?, detail_read_at = ?, updated_at = ?
         WHERE id = ?`,
      )
      .run(detail.companyName, detail.domain, detail.relationship, detail.primaryContact ? JSON.stringify(detail.primaryContact) : null, now, now, id);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  }

  get(id: string): CustomerRow | null {
    const row = this.db
      .prepare('SELECT id, company_name, domain, relationship, contact_json, detail_read_at FROM customers WHERE id = ?')
      .get(id) as
      | { id: string; company_name: string; domain: string; relationship: string | null; contact_json: string | null; detail_read_at: string | null }
      | undefined;
    if (!row) return null;
    return {
      id: row.id,
      companyName: row.company_name,
      domain: row.domain,
      relationship: row.relationship,
      primaryContact: row.contact_json ? (JSON.parse(row.contact_json) as Contact) : null,
      detailReadAt: row.detail_read_at,
    };
  }

  statusOf(id: string): McaStatus {
    const row = this.db
      .prepare(`SELECT ${STATUS_SQL} AS status FROM customers c LEFT JOIN mca_status s ON s.customer_id = c.id WHERE c.id = ?`)
      .get(id) as { status: McaStatus } | undefined;
    return row?.status ?? 'not-verified';
  }

  /** Ids of cached customers never read from Partner Center's agreement endpoints. */
  idsWithoutStatus(): string[] {
    return (
      this.db.prepare('SELECT c.id FROM customers c LEFT JOIN mca_status s ON s.customer_id = c.id WHERE s.customer_id IS NULL ORDER BY c.seq').all() as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /**
   * Search by company name, domain or tenant id. An exact tenant id or domain comes first, then
   * FTS matches by relevance. An empty query lists customers by name.
   */
  search(text: string, limit: number): { items: CustomerSummary[]; total: number } {
    const select = `SELECT c.id, c.company_name AS companyName, c.domain, ${STATUS_SQL} AS mcaStatus
                    FROM customers c LEFT JOIN mca_status s ON s.customer_id = c.id`;
    const query = toFtsQuery(text);
    if (!query) {
      const items = this.db.prepare(`${select} ORDER BY c.company_name COLLATE NOCASE LIMIT ?`).all(limit) as CustomerSummary[];
      return { items, total: this.count() };
    }
    const needle = text.trim().toLowerCase();
    const exact = this.db.prepare(`${select} WHERE c.id = ? OR lower(c.domain) = ? LIMIT ?`).all(needle.replace(/[{}]/g, ''), needle, limit) as CustomerSummary[];
    const ranked = this.db
      .prepare(
        `${select} JOIN (SELECT rowid, rank FROM customers_fts WHERE customers_fts MATCH ? ORDER BY rank LIMIT ?) f ON f.rowid = c.seq
         ORDER BY f.rank, c.company_name COLLATE NOCASE`,
      )
      .all(query, limit + exact.length) as CustomerSummary[];
    const seen = new Set(exact.map((c) => c.id));
    const items = [...exact, ...ranked.filter((c) => !seen.has(c.id))].slice(0, limit);
    const total = (this.db.prepare('SELECT count(*) AS n FROM customers_fts WHERE customers_fts MATCH ?').get(query) as { n: number }).n;
    return { items, total: Math.max(total, items.length) };
  }
}
