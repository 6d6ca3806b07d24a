import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Meta } from '../store/meta';
import { writeTransaction } from '../store/database';

/**
 * What the customers table keeps beside its rows: the search index (FTS5, kept by triggers) and
 * the lookup indexes by domain and by name key. Kept row by row they cost most of a refresh's page
 * write (each page dirties index pages all over the file, and FTS5 merges its segments once per
 * transaction); built once over a whole table they cost a fraction. So a first load into an empty
 * cache suspends them and builds them at its end (`buildSuspendedIndexes`); a crash in between
 * is mended when the profile opens. Meanwhile the new rows are found by name without the index
 * (a scan of what is loaded so far), not by word.
 *
 * The statements below are those of the latest migration that made each object (a test compares
 * them with what the migrations create): a migration that changes one of them changes it here too,
 * and uses IF EXISTS, since a first load may have it suspended.
 */
const TRIGGERS = {
  customers_ai: `CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
          INSERT INTO customers_fts (rowid, company_name, domain_label, other_domains, contact_email)
            VALUES (new.seq, new.company_name, new.domain_label, new.other_domains, new.contact_email);
        END`,
  customers_ad: `CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain_label, other_domains, contact_email)
            VALUES ('delete', old.seq, old.company_name, old.domain_label, old.other_domains, old.contact_email);
        END`,
  customers_au: `CREATE TRIGGER customers_au AFTER UPDATE OF company_name, domain, other_domains, contact_email ON customers
        WHEN old.company_name IS NOT new.company_name OR old.domain IS NOT new.domain
          OR old.other_domains IS NOT new.other_domains OR old.contact_email IS NOT new.contact_email
        BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain_label, other_domains, contact_email)
            VALUES ('delete', old.seq, old.company_name, old.domain_label, old.other_domains, old.contact_email);
          INSERT INTO customers_fts (rowid, company_name, domain_label, other_domains, contact_email)
            VALUES (new.seq, new.company_name, new.domain_label, new.other_domains, new.contact_email);
        END`,
} as const;
const INDEXES = {
  customers_domain: 'CREATE INDEX customers_domain ON customers (domain COLLATE NOCASE)',
  customers_name_key: 'CREATE INDEX customers_name_key ON customers (name_key)',
} as const;

/** For the test that keeps these in step with the migrations. */
export const SUSPENDABLE_SQL: Readonly<Record<string, string>> = { ...TRIGGERS, ...INDEXES };

const SUSPENDED_KEY = 'customer-indexes-suspended';
const suspendedSchema = z.literal(true);

export function indexesSuspended(meta: Meta): boolean {
  return meta.get(SUSPENDED_KEY, suspendedSchema) === true;
}

/**
 * Suspends the indexes for a first load, if the cache is empty (with rows in it, their search
 * would stop until the end of the load). Returns whether it did.
 */
export function suspendIndexesForFirstLoad(db: Database, meta: Meta): boolean {
  return writeTransaction(db, () => {
    if (indexesSuspended(meta)) return true;
    if (db.prepare('SELECT 1 FROM customers LIMIT 1').get() !== undefined) return false;
    for (const name of Object.keys(TRIGGERS)) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    for (const name of Object.keys(INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`);
    meta.set(SUSPENDED_KEY, true);
    return true;
  });
}

/**
 * Builds what a first load suspended, in one transaction: the lookup indexes (a sort each), the
 * triggers, and the search index from every row ('rebuild': entries of rows changed meanwhile, or
 * half-written by a crash, cannot remain). Atomic on purpose: built in chunks, a row changed
 * between two chunks would need its old values to be taken out of the index, and they are gone.
 * It holds the thread ~2 s per 100,000 customers here, once, at the end of a first load. Nothing
 * to do when nothing is suspended — or when another process built them first (checked inside the
 * transaction).
 */
export function buildSuspendedIndexes(db: Database, meta: Meta): boolean {
  return writeTransaction(db, () => {
    if (!indexesSuspended(meta)) return false;
    for (const sql of Object.values(INDEXES)) db.exec(sql.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'));
    for (const sql of Object.values(TRIGGERS)) db.exec(sql.replace('CREATE TRIGGER', 'CREATE TRIGGER IF NOT EXISTS'));
    db.exec("INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')");
    meta.delete(SUSPENDED_KEY);
    return true;
  });
}
