import { createHash } from 'node:crypto';

/*
 * The activity log's hash chain (format 1). Each entry's `hash` is
 *
 *   lower-case hex of SHA-256( UTF-8( JCS([seq, at, actor, action, subject, details, previousHash]) ) )
 *
 * - JCS: JSON with object keys sorted by UTF-16 code units and no whitespace, numbers and string
 *   escapes as JSON.stringify writes them (RFC 8785, the JSON Canonicalization Scheme);
 * - seq: the entry's number (integer); at, actor, action: the stored strings; subject: the stored
 *   string or null; details: the parsed value of `details_json`, or null when there is none;
 * - previousHash: the `hash` of the entry before it (by seq), or GENESIS_HASH for the first entry.
 *
 * Example: the first entry {seq 1, at "2026-11-20T09:30:00.000Z", actor "sync", action
 * "sync.confirmed", subject null, details {"reason":"created","company":"Contoso"}} hashes the text
 *   [1,"2026-11-20T09:30:00.000Z","sync","sync.confirmed",null,{"company":"Contoso","reason":"created"},"000…000"]
 *
 * Frozen: migration 100 chained the entries written before it with this format; a change is a
 * new format (and a new migration), never an edit of this one.
 */

/** The previous hash of the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as stored: what its hash covers. */
export interface ChainedFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detailsJson: string | null;
}

/** JSON text with object keys sorted (RFC 8785 for the values JSON.parse gives back). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/** The text an entry's hash is taken over (exported for auditors' tests and the README example). */
export function chainText(entry: ChainedFields, previousHash: string): string {
  const details: unknown = entry.detailsJson === null ? null : JSON.parse(entry.detailsJson);
  return canonicalJson([entry.seq, entry.at, entry.actor, entry.action, entry.subject, details, previousHash]);
}

/** The entry's hash, chained to the one before. Throws when `detailsJson` is not JSON. */
export function entryHash(entry: ChainedFields, previousHash: string): string {
  return createHash('sha256').update(chainText(entry, previousHash), 'utf8').digest('hex');
}
