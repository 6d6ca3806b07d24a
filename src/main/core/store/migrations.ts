import type { Database } from 'better-sqlite3';
import { searchKey } from '../../../shared/search-key';
import { entryHash, GENESIS_HASH } from '../confirmations/audit-chain';

/**
 * Numbered schema migrations. Numbers are spaced by 10 so a fix can slot in between two released
 * versions. Never edit a released migration: add a new one. The customers table's triggers and
 * lookup indexes are also written in customers/search-index.ts (a first load suspends them): a
 * migration that changes one changes it there too, and drops it with IF EXISTS.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /** Drops and recreates tables: run with foreign keys off, checked before commit. */
  rebuildsTables?: boolean;
}

export const migrations: readonly Migration[] = [
  {
    version: 10,
    name: 'customers, statuses, confirmations, outbox, audit log',
    up(db) {
      db.exec(`
        CREATE TABLE customers (
          seq INTEGER PRIMARY KEY,              -- stable rowid for the FTS index
          id TEXT NOT NULL UNIQUE,              -- tenant id, lower-case GUID
          company_name TEXT NOT NULL,
          domain TEXT NOT NULL,
          relationship TEXT,
          contact_json TEXT,                    -- primary contact, once read by id
          detail_read_at TEXT,
          refresh_run TEXT,                     -- last refresh that listed it (to drop removed ones)
          updated_at TEXT NOT NULL
        );
        CREATE INDEX customers_name ON customers (company_name COLLATE NOCASE);
        CREATE INDEX customers_domain ON customers (domain COLLATE NOCASE);

        -- Accent- and case-insensitive word-prefix search over name, domain and tenant id.
        CREATE VIRTUAL TABLE customers_fts USING fts5(
          company_name, domain, id,
          content = 'customers', content_rowid = 'seq',
          tokenize = "unicode61 remove_diacritics 2",
          prefix = '1 2 3'
        );
        CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
          INSERT INTO customers_fts (rowid, company_name, domain, id) VALUES (new.seq, new.company_name, new.domain, new.id);
        END;
        CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain, id) VALUES ('delete', old.seq, old.company_name, old.domain, old.id);
        END;
        CREATE TRIGGER customers_au AFTER UPDATE OF company_name, domain, id ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain, id) VALUES ('delete', old.seq, old.company_name, old.domain, old.id);
          INSERT INTO customers_fts (rowid, company_name, domain, id) VALUES (new.seq, new.company_name, new.domain, new.id);
        END;

        -- What Partner Center said about a customer's MCA when last read.
        CREATE TABLE mca_status (
          customer_id TEXT PRIMARY KEY,
          partner_records_json TEXT NOT NULL,   -- array of agreement records, newest first
          directly_signed INTEGER,              -- NULL when not read
          verified_at TEXT NOT NULL
        );

        -- A confirmation is a compliance record: never deleted, only its queue item moves on.
        CREATE TABLE confirmations (
          id TEXT PRIMARY KEY,
          customer_id TEXT NOT NULL,
          company_name TEXT NOT NULL,
          first_name TEXT NOT NULL,
          last_name TEXT NOT NULL,
          email TEXT NOT NULL,
          phone TEXT,
          date_agreed TEXT NOT NULL,            -- YYYY-MM-DD
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL
        );

        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY,              -- global order; per customer it is the send order
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('confirm-acceptance')),
          confirmation_id TEXT NOT NULL REFERENCES confirmations (id),
          customer_id TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('queued','sending','confirmed','already-confirmed','needs-attention','discarded')),
          attempts INTEGER NOT NULL DEFAULT 0,
          first_attempt_at TEXT,
          next_attempt_at TEXT,
          lease_owner TEXT,
          lease_until TEXT,
          request_id TEXT,                      -- MS-RequestId to reuse after a timeout
          needs_reconcile INTEGER NOT NULL DEFAULT 0,
          last_error_json TEXT,
          server_record_json TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX outbox_state ON outbox (state, next_attempt_at);
        CREATE INDEX outbox_customer ON outbox (customer_id, state);

        -- Append-only: triggers refuse any change or removal.
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          subject TEXT,
          details_json TEXT
        );
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
          SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
          SELECT RAISE(ABORT, 'audit_log is append-only');
        END;

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
  {
    version: 20,
    name: 'attempt history, discard reasons, edited confirmations',
    up(db) {
      db.exec(`
        -- Every try at sending an item, so the queue view can show what happened when.
        CREATE TABLE outbox_attempts (
          seq INTEGER PRIMARY KEY,
          item_id TEXT NOT NULL REFERENCES outbox (id),
          at TEXT NOT NULL,
          outcome TEXT NOT NULL,
          reason TEXT NOT NULL,
          until TEXT,
          error_json TEXT
        );
        CREATE INDEX outbox_attempts_item ON outbox_attempts (item_id, seq);
        ALTER TABLE outbox ADD COLUMN discard_reason TEXT;
        -- "Edit and retry" writes a new confirmation; the earlier one stays, pointing forward.
        ALTER TABLE confirmations ADD COLUMN superseded_by TEXT REFERENCES confirmations (id);
      `);
    },
  },
  {
    version: 30,
    name: 'name keys for fast accent-insensitive name-prefix search',
    up(db) {
      db.exec(`
        ALTER TABLE customers ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
        CREATE INDEX customers_name_key ON customers (name_key);
      `);
      const update = db.prepare('UPDATE customers SET name_key = ? WHERE seq = ?');
      for (const row of db.prepare('SELECT seq, company_name FROM customers').iterate() as IterableIterator<{ seq: number; company_name: string }>) {
        update.run(searchKey(row.company_name), row.seq);
      }
    },
  },
  {
    version: 40,
    name: 'create-customer items and dependencies in the outbox',
    rebuildsTables: true,
    up(db) {
      // SQLite cannot change a CHECK constraint in place: rebuild the outbox with the new kind,
      // an optional confirmation (a new customer has none), its payload and a dependency.
      db.exec(`
        CREATE TABLE outbox_new (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('confirm-acceptance','create-customer')),
          confirmation_id TEXT REFERENCES confirmations (id),
          customer_id TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('queued','sending','confirmed','already-confirmed','needs-attention','discarded')),
          attempts INTEGER NOT NULL DEFAULT 0,
          first_attempt_at TEXT,
          next_attempt_at TEXT,
          lease_owner TEXT,
          lease_until TEXT,
          request_id TEXT,
          needs_reconcile INTEGER NOT NULL DEFAULT 0,
          last_error_json TEXT,
          server_record_json TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          discard_reason TEXT,
          -- create-customer: the customer to create (company and primary contact; never secrets)
          payload_json TEXT,
          -- an item that must be confirmed first (a confirmation waits for its customer's creation)
          depends_on TEXT REFERENCES outbox_new (id),
          CHECK ((kind = 'confirm-acceptance') = (confirmation_id IS NOT NULL)),
          CHECK ((kind = 'create-customer') = (payload_json IS NOT NULL))
        );
        INSERT INTO outbox_new (seq, id, kind, confirmation_id, customer_id, state, attempts, first_attempt_at, next_attempt_at,
            lease_owner, lease_until, request_id, needs_reconcile, last_error_json, server_record_json, created_at, updated_at, discard_reason)
          SELECT seq, id, kind, confirmation_id, customer_id, state, attempts, first_attempt_at, next_attempt_at,
            lease_owner, lease_until, request_id, needs_reconcile, last_error_json, server_record_json, created_at, updated_at, discard_reason
          FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_state ON outbox (state, next_attempt_at);
        CREATE INDEX outbox_customer ON outbox (customer_id, state);
        CREATE INDEX outbox_depends_on ON outbox (depends_on);
      `);
    },
  },
  {
    version: 50,
    name: 'customer country and cached subscriptions',
    up(db) {
      db.exec(`
        ALTER TABLE customers ADD COLUMN country TEXT;
        -- The last list of a customer's subscriptions, shown read-only while offline.
        CREATE TABLE subscriptions_cache (
          customer_id TEXT PRIMARY KEY,
          items_json TEXT NOT NULL,
          read_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 60,
    name: 'search custom domains and the contact email too',
    up(db) {
      db.exec(`
        ALTER TABLE customers ADD COLUMN other_domains TEXT NOT NULL DEFAULT '';
        ALTER TABLE customers ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
        UPDATE customers SET contact_email = coalesce(json_extract(contact_json, '$.email'), '') WHERE contact_json IS NOT NULL;
        DROP TRIGGER customers_ai;
        DROP TRIGGER customers_ad;
        DROP TRIGGER customers_au;
        DROP TABLE customers_fts;
        CREATE VIRTUAL TABLE customers_fts USING fts5(
          company_name, domain, id, other_domains, contact_email,
          content = 'customers', content_rowid = 'seq',
          tokenize = "unicode61 remove_diacritics 2",
          prefix = '1 2 3'
        );
        CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
          INSERT INTO customers_fts (rowid, company_name, domain, id, other_domains, contact_email)
            VALUES (new.seq, new.company_name, new.domain, new.id, new.other_domains, new.contact_email);
        END;
        CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain, id, other_domains, contact_email)
            VALUES ('delete', old.seq, old.company_name, old.domain, old.id, old.other_domains, old.contact_email);
        END;
        CREATE TRIGGER customers_au AFTER UPDATE OF company_name, domain, id, other_domains, contact_email ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain, id, other_domains, contact_email)
            VALUES ('delete', old.seq, old.company_name, old.domain, old.id, old.other_domains, old.contact_email);
          INSERT INTO customers_fts (rowid, company_name, domain, id, other_domains, contact_email)
            VALUES (new.seq, new.company_name, new.domain, new.id, new.other_domains, new.contact_email);
        END;
        INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
      `);
    },
  },
  {
    version: 70,
    name: 'search index: re-index a customer only when a searchable field really changed',
    // "AFTER UPDATE OF" fires whenever a column is in the SET list, changed or not, so every
    // refresh rewrote the index entries of every customer it listed.
    up(db) {
      db.exec(`
        DROP TRIGGER customers_au;
        CREATE TRIGGER customers_au AFTER UPDATE OF company_name, domain, id, other_domains, contact_email ON customers
        WHEN old.company_name IS NOT new.company_name OR old.domain IS NOT new.domain OR old.id IS NOT new.id
          OR old.other_domains IS NOT new.other_domains OR old.contact_email IS NOT new.contact_email
        BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain, id, other_domains, contact_email)
            VALUES ('delete', old.seq, old.company_name, old.domain, old.id, old.other_domains, old.contact_email);
          INSERT INTO customers_fts (rowid, company_name, domain, id, other_domains, contact_email)
            VALUES (new.seq, new.company_name, new.domain, new.id, new.other_domains, new.contact_email);
        END;
      `);
    },
  },
  {
    version: 80,
    name: "the operator's view at save time, send anyway, records in the history",
    up(db) {
      db.exec(`
        -- What the operator had in front of them when saving (records as last read, direct
        -- acceptance, when): a record found at sending time that is not in here is someone
        -- else's. NULL for confirmations saved before: they count as having seen nothing.
        ALTER TABLE confirmations ADD COLUMN seen_json TEXT;
        -- "Send anyway" on an already-confirmed item: unseen records no longer hold it back.
        ALTER TABLE outbox ADD COLUMN send_anyway INTEGER NOT NULL DEFAULT 0;
        -- The Partner Center record an attempt is about (the one found, or one that appeared meanwhile).
        ALTER TABLE outbox_attempts ADD COLUMN record_json TEXT;
      `);
    },
  },
  {
    version: 90,
    name: 'customer acceptance requests: the request item, waiting for the customer, the customer language',
    rebuildsTables: true,
    up(db) {
      // A new item kind and a new state: SQLite changes CHECK constraints only by rebuilding.
      db.exec(`
        CREATE TABLE outbox_new (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('confirm-acceptance','create-customer','acceptance-request')),
          confirmation_id TEXT REFERENCES confirmations (id),
          customer_id TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('queued','sending','waiting-for-customer','confirmed','already-confirmed','needs-attention','discarded')),
          attempts INTEGER NOT NULL DEFAULT 0,
          first_attempt_at TEXT,
          next_attempt_at TEXT,
          lease_owner TEXT,
          lease_until TEXT,
          request_id TEXT,
          needs_reconcile INTEGER NOT NULL DEFAULT 0,
          last_error_json TEXT,
          server_record_json TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          discard_reason TEXT,
          payload_json TEXT,
          depends_on TEXT REFERENCES outbox_new (id),
          send_anyway INTEGER NOT NULL DEFAULT 0,
          CHECK ((kind = 'confirm-acceptance') = (confirmation_id IS NOT NULL)),
          CHECK ((kind = 'create-customer') = (payload_json IS NOT NULL))
        );
        INSERT INTO outbox_new (seq, id, kind, confirmation_id, customer_id, state, attempts, first_attempt_at, next_attempt_at, lease_owner,
            lease_until, request_id, needs_reconcile, last_error_json, server_record_json, created_at, updated_at, discard_reason, payload_json,
            depends_on, send_anyway)
          SELECT seq, id, kind, confirmation_id, customer_id, state, attempts, first_attempt_at, next_attempt_at, lease_owner,
            lease_until, request_id, needs_reconcile, last_error_json, server_record_json, created_at, updated_at, discard_reason, payload_json,
            depends_on, send_anyway
          FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_new RENAME TO outbox;
        CREATE INDEX outbox_state ON outbox (state, next_attempt_at);
        CREATE INDEX outbox_customer ON outbox (customer_id, state);
        CREATE INDEX outbox_depends_on ON outbox (depends_on);

        -- An acceptance request: who signs (the signatory), what Microsoft's page shows, and how far
        -- it got. One row per request item; the item's history is in outbox_attempts.
        CREATE TABLE acceptance_requests (
          item_id TEXT PRIMARY KEY REFERENCES outbox (id),
          way TEXT NOT NULL CHECK (way IN ('attestation','admin-center')),
          company_name TEXT NOT NULL,
          country TEXT NOT NULL,
          language TEXT NOT NULL,
          first_name TEXT NOT NULL,
          last_name TEXT NOT NULL,
          email TEXT NOT NULL,
          phone TEXT,
          step TEXT NOT NULL CHECK (step IN ('create-attestation','wait-for-customer','create-agreement')),
          attestation_id TEXT,
          acceptance_url TEXT,
          requested_at TEXT,
          expires_at TEXT,
          customer_answer TEXT CHECK (customer_answer IN ('pending','accepted','declined','expired')),
          answered_at TEXT,
          last_checked_at TEXT,
          checks INTEGER NOT NULL DEFAULT 0,
          requested_by TEXT NOT NULL,
          created_at TEXT NOT NULL
        );

        -- The customer's language (billing profile), read by id: the agreement's language in a request.
        ALTER TABLE customers ADD COLUMN language TEXT;
      `);
    },
  },
  {
    version: 100,
    name: 'tamper-evident activity log: each entry hashes its content and the hash before it',
    up(db) {
      // A NOT NULL column needs a rebuild; the entries written so far are chained in seq order
      // (confirmations/audit-chain.ts, format 1), so an existing log is checked like a new one.
      db.exec(`
        CREATE TABLE audit_log_chained (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          subject TEXT,
          details_json TEXT,
          hash TEXT NOT NULL CHECK (length(hash) = 64)
        );
      `);
      type Row = { seq: number; at: string; actor: string; action: string; subject: string | null; details_json: string | null };
      const page = db.prepare('SELECT seq, at, actor, action, subject, details_json FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1000');
      const insert = db.prepare('INSERT INTO audit_log_chained (seq, at, actor, action, subject, details_json, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
      let previous = GENESIS_HASH;
      let after = 0;
      for (let rows = page.all(after) as Row[]; rows.length > 0; rows = page.all(after) as Row[]) {
        for (const r of rows) {
          try {
            previous = entryHash({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detailsJson: r.details_json }, previous);
          } catch {
            // Details that are not JSON (never written by the app): the entry stays, and shows as
            // not matching; the entries after it chain on from here.
            previous = 'f'.repeat(64);
          }
          insert.run(r.seq, r.at, r.actor, r.action, r.subject, r.details_json, previous);
          after = r.seq;
        }
      }
      db.exec(`
        DROP TABLE audit_log;
        ALTER TABLE audit_log_chained RENAME TO audit_log;
        -- Append-only still: triggers refuse any change or removal.
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
          SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
          SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
      `);
    },
  },
  {
    version: 110,
    name: 'a lighter, faster search index: domains by their first label, the tenant id by its beginning, prefixes up to 8 characters',
    // What made it heavy and slow at a million customers (measured): the id's five hex groups with
    // their prefixes were over half of the index, and every domain put "onmicrosoft" and "com"
    // in it, each a word of every customer; an FTS5 prefix longer than its prefix indexes gathers
    // every matching word's list before it returns a row ("onmicrosoft"*: 46 ms of CPU, "grou"*:
    // 15 ms). Now: the domain's first label (the one searched; the rest is in every domain), the
    // id from its beginning through its own unique index (customer-repo.ts), prefix indexes up to
    // 8 characters (whole common words: "societe" gen took 18 ms at a million with 6, 2 ms with
    // 8; the index 168 MB instead of 146). company_name's own index served no query (names go by
    // name_key).
    up(db) {
      db.exec(`
        DROP INDEX IF EXISTS customers_name;
        DROP TRIGGER IF EXISTS customers_ai;
        DROP TRIGGER IF EXISTS customers_ad;
        DROP TRIGGER IF EXISTS customers_au;
        DROP TABLE customers_fts;
        ALTER TABLE customers ADD COLUMN domain_label TEXT GENERATED ALWAYS AS (substr(domain, 1, instr(domain || '.', '.') - 1)) VIRTUAL;
        CREATE VIRTUAL TABLE customers_fts USING fts5(
          company_name, domain_label, other_domains, contact_email,
          content = 'customers', content_rowid = 'seq',
          tokenize = "unicode61 remove_diacritics 2",
          prefix = '1 2 3 4 5 6 7 8'
        );
        CREATE TRIGGER customers_ai AFTER INSERT ON customers BEGIN
          INSERT INTO customers_fts (rowid, company_name, domain_label, other_domains, contact_email)
            VALUES (new.seq, new.company_name, new.domain_label, new.other_domains, new.contact_email);
        END;
        CREATE TRIGGER customers_ad AFTER DELETE ON customers BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain_label, other_domains, contact_email)
            VALUES ('delete', old.seq, old.company_name, old.domain_label, old.other_domains, old.contact_email);
        END;
        CREATE TRIGGER customers_au AFTER UPDATE OF company_name, domain, other_domains, contact_email ON customers
        WHEN old.company_name IS NOT new.company_name OR old.domain IS NOT new.domain
          OR old.other_domains IS NOT new.other_domains OR old.contact_email IS NOT new.contact_email
        BEGIN
          INSERT INTO customers_fts (customers_fts, rowid, company_name, domain_label, other_domains, contact_email)
            VALUES ('delete', old.seq, old.company_name, old.domain_label, old.other_domains, old.contact_email);
          INSERT INTO customers_fts (rowid, company_name, domain_label, other_domains, contact_email)
            VALUES (new.seq, new.company_name, new.domain_label, new.other_domains, new.contact_email);
        END;
        INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
      `);
    },
  },
];

export const latestVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
