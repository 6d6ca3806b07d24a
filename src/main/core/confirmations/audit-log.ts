import type { Database, Statement } from 'better-sqlite3';
import { writeTransaction } from '../store/database';
import { entryHash, GENESIS_HASH } from './audit-chain';

export interface AuditEntry {
  at: string;
  /** 'operator:<name>' for people, 'sync' for the engine. */
  actor: string;
  action: string;
  subject?: string;
  details?: unknown;
}

export type StoredAuditEntry = AuditEntry & { seq: number; hash: string };

/** What a check of the chain found: how many entries, and the first one that does not match. */
export interface ChainCheck {
  entries: number;
  /** Null when every entry matches its hash and the one before it. */
  firstBroken: { seq: number; at: string } | null;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details_json: string | null;
  hash: string;
}

const COLUMNS = 'seq, at, actor, action, subject, details_json, hash';

function entryOf(r: Row): StoredAuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    hash: r.hash,
    ...(r.subject ? { subject: r.subject } : {}),
    ...(r.details_json ? { details: JSON.parse(r.details_json) as unknown } : {}),
  };
}

/** The hash a row should have after `previousHash`, or null when its details are not even JSON. */
function expectedHash(r: Row, previousHash: string): string | null {
  try {
    return entryHash({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detailsJson: r.details_json }, previousHash);
  } catch {
    return null;
  }
}

/**
 * Append-only record of operator actions and sync outcomes. The table refuses edits (triggers);
 * each entry also carries a hash of its content and of the entry before it (audit-chain.ts), so
 * an edit made around the app (the triggers dropped with the sqlite3 tool) shows in `verify`.
 */
export class AuditLog {
  private readonly last: Statement;
  private readonly insert: Statement;
  constructor(private readonly db: Database) {
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare('INSERT INTO audit_log (seq, at, actor, action, subject, details_json, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  /**
   * Appends one entry, chained to the last one. The last hash is read and the entry written under
   * the write lock (BEGIN IMMEDIATE, or the caller's transaction), so two processes appending at
   * once never chain two entries to the same predecessor.
   */
  append(entry: AuditEntry): void {
    const detailsJson = entry.details === undefined ? null : JSON.stringify(entry.details);
    writeTransaction(this.db, () => {
      const last = this.last.get() as { seq: number; hash: string } | undefined;
      const seq = (last?.seq ?? 0) + 1;
      const fields = { seq, at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject ?? null, detailsJson };
      this.insert.run(seq, fields.at, fields.actor, fields.action, fields.subject, detailsJson, entryHash(fields, last?.hash ?? GENESIS_HASH));
    });
  }

  /** The newest `limit` entries, newest first. */
  list(limit = 500): StoredAuditEntry[] {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ?`).all(limit) as Row[];
    return rows.map(entryOf);
  }

  /**
   * Entries written from `fromAt` (inclusive) to `beforeAt` (exclusive), ISO-8601 UTC instants,
   * oldest first; streamed, for exports of any size. The connection runs nothing else until the
   * iteration ends: read what the caller needs besides before iterating.
   */
  *between(fromAt: string | null, beforeAt: string | null): Generator<StoredAuditEntry> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE (? IS NULL OR at >= ?) AND (? IS NULL OR at < ?) ORDER BY seq`)
      .iterate(fromAt, fromAt, beforeAt, beforeAt) as IterableIterator<Row>;
    for (const row of rows) yield entryOf(row);
  }

  /**
   * Recomputes the chain from the first entry: each entry's hash must match its content and the
   * hash of the entry before it. Reports the first that does not (an edited entry, or the one
   * after a removed entry) — every later entry depends on it and is not checked further.
   */
  verify(): ChainCheck {
    // One statement, so one snapshot: entries appended meanwhile are neither counted nor checked.
    let entries = 0;
    let firstBroken: ChainCheck['firstBroken'] = null;
    let previous = GENESIS_HASH;
    for (const row of this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).iterate() as IterableIterator<Row>) {
      entries++;
      if (firstBroken) continue;
      if (row.hash !== expectedHash(row, previous)) firstBroken = { seq: row.seq, at: row.at };
      previous = row.hash;
    }
    return { entries, firstBroken };
  }
}
