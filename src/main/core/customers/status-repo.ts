import type { Database } from 'better-sqlite3';
import type { AgreementRecord } from '../../../shared/domain';

export interface StoredStatus {
  partnerRecords: AgreementRecord[];
  directlySigned: boolean | null;
  verifiedAt: string;
}

/** What Partner Center said about each customer's MCA when last read. */
export class StatusRepo {
  constructor(private readonly db: Database) {}

  save(customerId: string, status: StoredStatus): void {
    this.db
      .prepare(
        `INSERT INTO mca_status (customer_id, partner_records_json, directly_signed, verified_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET partner_records_json = excluded.partner_records_json,
           directly_signed = excluded.directly_signed, verified_at = excluded.verified_at`,
      )
      .run(customerId, JSON.stringify(status.partnerRecords), status.directlySigned === null ? null : Number(status.directlySigned), status.verifiedAt);
  }

  /** Adds a record we just created on Partner Center, without waiting for a re-read. */
  addPartnerRecord(customerId: string, record: AgreementRecord, now: string): void {
    const current = this.get(customerId);
    this.save(customerId, {
      partnerRecords: [record, ...(current?.partnerRecords ?? [])],
      directlySigned: current?.directlySigned ?? null,
      verifiedAt: now,
    });
  }

  get(customerId: string): StoredStatus | null {
    const row = this.db.prepare('SELECT partner_records_json, directly_signed, verified_at FROM mca_status WHERE customer_id = ?').get(customerId) as
      | { partner_records_json: string; directly_signed: number | null; verified_at: string }
      | undefined;
    if (!row) return null;
    return {
      partnerRecords: JSON.parse(row.partner_records_json) as AgreementRecord[],
      directlySigned: row.directly_signed === null ? null : row.directly_signed === 1,
      verifiedAt: row.verified_at,
    };
  }
}
