import type { Database, Statement } from 'better-sqlite3';
import type { Contact, CustomerSummary, McaStatus } from '../../../shared/domain';
import { searchKey } from '../../../shared/search-key';
import { writeTransaction } from '../store/database';
import { Meta } from '../store/meta';
import { buildSuspendedIndexes, indexesSuspended, suspendIndexesForFirstLoad, type BuildOptions } from './search-index';

/** A customer as Partner Center lists it (the part the cache keeps). */
export interface CachedCustomer {
  id: string;
  companyName: string;
  domain: string;
  relationship: string | null;
}

/** What a bulk import needs of a cached customer. */
export interface CustomerBrief {
  id: string;
  companyName: string;
  country: string | null;
  language: string | null;
}

export interface CustomerRow extends CachedCustomer {
  primaryContact: Contact | null;
  detailReadAt: string | null;
  country: string | null;
  /** The billing profile's language (e.g. fr, de-DE), once read by id. */
  language: string | null;
}

/**
 * The status shown for a customer, most decisive first: a local item waiting or rejected beats
 * what Partner Center said when last read. One SQL expression, used by search, by detail and by
 * the coverage counts (over `customers c LEFT JOIN mca_status s`).
 *
 * Precedence, as ranks: needs attention (a local item rejected) 1, pending sync (one queued or
 * sending) 2, confirmed (Partner Center holds a record) 3, accepted by the customer 4, waiting for
 * the customer (an acceptance on record counts first) 5, not verified (never read) 6, not
 * confirmed 7. The outbox is read once per customer (its best rank), not once per state, so the
 * expression stays cheap when counted over every customer.
 */
export const STATUS_SQL = `
  CASE min(
    coalesce((SELECT min(CASE o.state WHEN 'needs-attention' THEN 1 WHEN 'queued' THEN 2 WHEN 'sending' THEN 2 WHEN 'waiting-for-customer' THEN 5 END)
              FROM outbox o WHERE o.customer_id = c.id), 9),
    CASE WHEN s.partner_records_json <> '[]' THEN 3 WHEN s.directly_signed = 1 THEN 4 WHEN s.customer_id IS NULL THEN 6 ELSE 7 END)
    WHEN 1 THEN 'needs-attention'
    WHEN 2 THEN 'pending-sync'
    WHEN 3 THEN 'confirmed'
    WHEN 4 THEN 'accepted-by-customer'
    WHEN 5 THEN 'waiting-for-customer'
    WHEN 6 THEN 'not-verified'
    ELSE 'not-confirmed'
  END`;

/** Turns what the operator typed into an FTS5 query: every word must match as a prefix. */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    // A word of marks alone ("\u0301") is empty once the tokenizer drops diacritics: it would match every word.
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

export class CustomerRepo {
  /** Where the state of a first load's indexes is kept (search-index.ts). */
  private readonly meta: Meta;

  constructor(private readonly db: Database) {
    this.meta = new Meta(db);
  }

  /** Prepared once: a refresh runs it for every customer listed. */
  private upsert: Statement | undefined;

  /**
   * Writes one page of a refresh in one transaction; `alongside` runs in the same transaction (the
   * refresh's saved place), so the page and where to go on from it are on disk together, with one
   * commit (one sync to disk) instead of two.
   */
  upsertMany(customers: readonly CachedCustomer[], run: string, now: string, alongside?: () => void): void {
    const statement = (this.upsert ??= this.db.prepare(`
      INSERT INTO customers (id, company_name, name_key, domain, relationship, refresh_run, updated_at)
      VALUES (@id, @companyName, @nameKey, @domain, @relationship, @run, @now)
      ON CONFLICT (id) DO UPDATE SET
        company_name = excluded.company_name, name_key = excluded.name_key, domain = excluded.domain,
        relationship = excluded.relationship, refresh_run = excluded.refresh_run,
        updated_at = CASE WHEN company_name = excluded.company_name AND domain = excluded.domain
                          THEN updated_at ELSE excluded.updated_at END`));
    writeTransaction(this.db, () => {
      for (const c of customers) statement.run({ ...c, id: c.id.toLowerCase(), nameKey: searchKey(c.companyName), run, now });
      alongside?.();
    });
  }

  /** A first load writes without the indexes and builds them at its end (search-index.ts). */
  suspendIndexesForFirstLoad(): boolean {
    return suspendIndexesForFirstLoad(this.db, this.meta);
  }

  indexesSuspended(): boolean {
    return indexesSuspended(this.meta);
  }

  /** Builds the indexes a first load suspended, if any (at its end, or after a crash when the profile opens). */
  buildSuspendedIndexes(options?: BuildOptions): Promise<boolean> {
    return buildSuspendedIndexes(this.db, this.meta, options);
  }

  /** After a complete refresh: customers Partner Center no longer lists leave the cache. */
  removeNotSeenIn(run: string): number {
    return this.db.prepare('DELETE FROM customers WHERE refresh_run IS NOT ? ').run(run).changes;
  }

  /** What a read by id adds: contact, country, custom domains (all searchable). */
  saveDetail(id: string, detail: CachedCustomer & { primaryContact: Contact | null; country: string | null; language: string | null; customDomains: string[] }, now: string): void {
    this.db
      .prepare(
        `UPDATE customers SET company_name = @companyName, name_key = @nameKey, domain = @domain, relationship = @relationship,
           country = coalesce(@country, country), language = coalesce(@language, language), other_domains = @otherDomains, contact_email = @contactEmail,
           contact_json = @contactJson, detail_read_at = @now, updated_at = @now
         WHERE id = @id`,
      )
      .run({
        id,
        companyName: detail.companyName,
        nameKey: searchKey(detail.companyName),
        domain: detail.domain,
        relationship: detail.relationship,
        country: detail.country,
        language: detail.language,
        otherDomains: detail.customDomains.join(' '),
        contactEmail: detail.primaryContact?.email ?? '',
        contactJson: detail.primaryContact ? JSON.stringify(detail.primaryContact) : null,
        now,
      });
  }

  /** The last count, and the state of the database it was counted in. */
  private counted: { version: number; changes: number; n: number } | null = null;

  /**
   * How many customers are cached. Counting walks a whole index (tens of milliseconds at a
   * million), and the list asks with every search: the count is kept until a write, by this
   * connection (total_changes) or any other (data_version), may have changed it.
   */
  count(): number {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    const changes = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    if (this.counted?.version === version && this.counted.changes === changes) return this.counted.n;
    const n = (this.db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
    this.counted = { version, changes, n };
    return n;
  }

  get(id: string): CustomerRow | null {
    const row = this.db
      .prepare('SELECT id, company_name, domain, relationship, contact_json, detail_read_at, country, language FROM customers WHERE id = ?')
      .get(id) as
      | { id: string; company_name: string; domain: string; relationship: string | null; contact_json: string | null; detail_read_at: string | null; country: string | null; language: string | null }
      | undefined;
    if (!row) return null;
    return {
      id: row.id,
      companyName: row.company_name,
      domain: row.domain,
      relationship: row.relationship,
      primaryContact: row.contact_json ? (JSON.parse(row.contact_json) as Contact) : null,
      detailReadAt: row.detail_read_at,
      country: row.country,
      language: row.language,
    };
  }

  /**
   * Many customers at once (a bulk import): by tenant id, and by primary domain (any case, through
   * the domain index; keyed in lower case). Two statements in all, whatever the count.
   */
  findMany(ids: readonly string[], domains: readonly string[]): { byId: Map<string, CustomerBrief>; byDomain: Map<string, CustomerBrief> } {
    const select = 'SELECT id, company_name AS companyName, domain, country, language FROM customers';
    const found = (sql: string, values: readonly string[]) =>
      values.length === 0 ? [] : (this.db.prepare(sql).all(JSON.stringify(values)) as (CustomerBrief & { domain: string })[]);
    const brief = ({ id, companyName, country, language }: CustomerBrief): CustomerBrief => ({ id, companyName, country, language });
    const byId = new Map(found(`${select} WHERE id IN (SELECT value FROM json_each(?))`, ids).map((c) => [c.id, brief(c)]));
    const byDomain = new Map<string, CustomerBrief>();
    for (const c of found(`${select} WHERE domain COLLATE NOCASE IN (SELECT value FROM json_each(?)) ORDER BY seq`, domains)) {
      const key = c.domain.toLowerCase();
      if (!byDomain.has(key)) byDomain.set(key, brief(c));
    }
    return { byId, byDomain };
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
   * Search by company name, domain or tenant id, most relevant first: an exact tenant id or
   * domain, then names starting with what was typed (alphabetical, through the name-key index),
   * then tenant ids starting with it (4 hex digits at least, through the id's index), then any
   * word of the name, the primary domain's first label, the custom domains or the contact e-mail
   * starting with each word typed (FTS5; "onmicrosoft" is in every domain, so not a word). No step reads
   * more rows than it returns, so a one-letter query costs what a long one does. `total` counts
   * matches up to COUNT_CAP; `more` says there are more than that.
   */
  search(text: string, limit: number): { items: CustomerSummary[]; total: number; more: boolean } {
    const select = `SELECT c.id, c.company_name AS companyName, c.domain, ${STATUS_SQL} AS mcaStatus
                    FROM customers c LEFT JOIN mca_status s ON s.customer_id = c.id`;
    const trimmed = text.trim();
    if (!trimmed) {
      const items = this.db.prepare(`${select} ORDER BY c.name_key LIMIT ?`).all(limit) as CustomerSummary[];
      const total = this.count();
      return { items, total, more: false };
    }
    const needle = trimmed.toLowerCase().replace(/[{}]/g, '');
    const exact = this.db
      .prepare(`${select} WHERE c.id = ? UNION ALL ${select} WHERE c.domain = ? COLLATE NOCASE LIMIT ?`)
      .all(needle, needle, limit) as CustomerSummary[];
    // A query that looks like a domain matches on its first label: "onmicrosoft" and "com" are in
    // every domain and would match everyone.
    const ftsText = /^[^\s]+\.[^\s]+$/.test(trimmed) && !/^[0-9a-f-]{36}$/i.test(needle) ? trimmed.split('.')[0]! : trimmed;
    const key = searchKey(ftsText);
    // Typed, but nothing searchable once accents are gone ("\u0301", "..com"): an empty key would
    // be a prefix of every name. Such a query finds nothing; only the empty query lists everyone.
    const byName = key
      ? (this.db
          .prepare(`${select} WHERE c.name_key >= ? AND c.name_key < ? ORDER BY c.name_key LIMIT ?`)
          .all(key, `${key}\u{10FFFF}`, limit) as CustomerSummary[])
      : [];
    const byId = ID_PREFIX.test(needle)
      ? (this.db.prepare(`${select} WHERE c.id >= ? AND c.id < ? ORDER BY c.id LIMIT ?`).all(needle, `${needle}\u{10FFFF}`, limit) as CustomerSummary[])
      : [];
    const query = toFtsQuery(ftsText);
    const byWord = query
      ? (this.db
          .prepare(`${select} WHERE c.seq IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?) ORDER BY c.name_key`)
          .all(query, limit * 2) as CustomerSummary[])
      : [];
    const seen = new Set<string>();
    const items: CustomerSummary[] = [];
    for (const c of [...exact, ...byName, ...byId, ...byWord]) {
      if (items.length >= limit) break;
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      items.push(c);
    }
    const counted = query
      ? (this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?)`).get(query, COUNT_CAP + 1) as { n: number }).n
      : 0;
    const total = Math.max(Math.min(counted, COUNT_CAP), items.length);
    return { items, total, more: counted > COUNT_CAP };
  }
}

/** The beginning of a tenant id (stored lower-case): 4 hex digits at least, then hex digits and dashes. */
const ID_PREFIX = /^[0-9a-f]{4}[0-9a-f-]{0,32}$/;

/** Matches are counted up to this many; beyond it the UI says "more than". */
export const COUNT_CAP = 1000;
