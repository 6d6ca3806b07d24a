import type { Database } from 'better-sqlite3';

export interface AuditEntry {
  at: string;
  /** 'operator:<name>' for people, 'sync' for the engine. */
  actor: string;
  action: string;
  subject?: string;
  details?: unknown;
}

/** Append-only record of operator actions and sync outcomes (the table refuses edits). */
export class AuditLog {
  constructor(private readonly db: Database) {}

  append(entry: AuditEntry): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES (?, ?, ?, ?, ?)')
      .run(entry.at, entry.actor, entry.action, entry.subject ?? null, entry.details === undefined ? null : JSON.stringify(entry.details));
  }

  list(limit = 500): (AuditEntry & { seq: number })[] {
    const rows = this.db.prepare('SELECT seq, at, actor, action, subject, details_json FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit) as {
      seq: number;
      at: string;
      actor: string;
      action: string;
      subject: string | null;
      details_json: string | null;
    }[];
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      ...(r.subject ? { subject: r.subject } : {}),
      ...(r.details_json ? { details: JSON.parse(r.details_json) as unknown } : {}),
    }));
  }
}
