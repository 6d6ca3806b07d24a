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

/** Rows indexed per transaction while building: ~80 ms of the thread each here. */
const BUILD_CHUNK = 10_000;
const BUILT_UP_TO_KEY = 'customer-search-index-built-up-to';
const builtUpToSchema = z.number().int().nonnegative();
/** In SQL, for the triggers: the last row (seq) the search index has been built for. */
const BUILT_UP_TO = `coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '${BUILT_UP_TO_KEY}'), 0)`;

/**
 * The triggers while the search index is built chunk by chunk: they keep the entries of the rows
 * already indexed, and leave alone the rows a later chunk indexes (with their values of then).
 * A row changed between two chunks is thus always right, never taken out with values it no
 * longer has.
 */
function gatedTrigger(name: keyof typeof TRIGGERS): string {
  const sql = TRIGGERS[name];
  const gated =
    name === 'customers_ai'
      ? sql.replace('AFTER INSERT ON customers BEGIN', `AFTER INSERT ON customers WHEN new.seq <= ${BUILT_UP_TO} BEGIN`)
      : name === 'customers_ad'
        ? sql.replace('AFTER DELETE ON customers BEGIN', `AFTER DELETE ON customers WHEN old.seq <= ${BUILT_UP_TO} BEGIN`)
        : sql.replace(/WHEN ([\s\S]*?)\s+BEGIN/, `WHEN old.seq <= ${BUILT_UP_TO} AND ($1) BEGIN`);
  if (gated === sql) throw new Error(`search-index: cannot gate ${name}`);
  return gated;
}

function replaceTriggers(db: Database, sqlOf: (name: keyof typeof TRIGGERS) => string): void {
  for (const name of Object.keys(TRIGGERS) as (keyof typeof TRIGGERS)[]) {
    db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    db.exec(sqlOf(name));
  }
}

export interface BuildOptions {
  /** After each chunk: customers indexed so far, of how many. */
  onProgress?: (indexed: number, total: number) => void;
  /** Customers per transaction (tests make it small). */
  chunk?: number;
  /** Between two chunks: a turn of the event loop. */
  nextTurn?: () => Promise<void>;
}

/**
 * Builds what a first load suspended: the lookup indexes first (a sort each, in one transaction:
 * names are found at once), then the search index, 10,000 customers per transaction with a turn
 * of the event loop between two, so calls go on being answered while a large cache is indexed
 * (a million: some seconds of work). Until it is done, the words of the customers not yet indexed
 * are not found. A crash in the middle is taken up where it stopped (when the profile opens);
 * two builders (a refresh ending, a profile opening; or two processes) share the work, each
 * chunk read and written in one transaction. Returns false when nothing was suspended.
 */
export async function buildSuspendedIndexes(db: Database, meta: Meta, options: BuildOptions = {}): Promise<boolean> {
  const { onProgress = () => undefined, chunk = BUILD_CHUNK, nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve)) } = options;
  const total = writeTransaction(db, () => {
    if (!indexesSuspended(meta)) return null;
    for (const sql of Object.values(INDEXES)) db.exec(sql.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'));
    if (meta.get(BUILT_UP_TO_KEY, builtUpToSchema) === null) {
      // From nothing: entries of rows written while the triggers were off must not remain.
      db.exec("INSERT INTO customers_fts (customers_fts) VALUES ('delete-all')");
      meta.set(BUILT_UP_TO_KEY, 0);
      replaceTriggers(db, gatedTrigger);
    }
    return (db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  });
  if (total === null) return false;
  const chunkEnd = db.prepare(`SELECT max(seq) AS seq FROM (SELECT seq FROM customers WHERE seq > ? ORDER BY seq LIMIT ?)`);
  const index = db.prepare(`INSERT INTO customers_fts (rowid, company_name, domain_label, other_domains, contact_email)
    SELECT seq, company_name, domain_label, other_domains, contact_email FROM customers WHERE seq > ? AND seq <= ?`);
  let indexed = 0;
  for (;;) {
    const finished = writeTransaction(db, () => {
      if (!indexesSuspended(meta)) return true; // another builder finished it
      const after = meta.get(BUILT_UP_TO_KEY, builtUpToSchema) ?? 0;
      const upTo = (chunkEnd.get(after, chunk) as { seq: number | null }).seq;
      if (upTo === null) {
        replaceTriggers(db, (name) => TRIGGERS[name]);
        meta.delete(BUILT_UP_TO_KEY);
        meta.delete(SUSPENDED_KEY);
        return true;
      }
      indexed += index.run(after, upTo).changes;
      meta.set(BUILT_UP_TO_KEY, upTo);
      return false;
    });
    onProgress(Math.min(indexed, total), total);
    if (finished) return true;
    await nextTurn();
  }
}
