import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainText, entryHash, GENESIS_HASH, type ChainedFields } from '../../../src/main/core/confirmations/audit-chain';
import { activityCsv } from '../../../src/main/core/confirmations/activity-csv';
import { BOM } from '../../../src/shared/csv';
import type { StoredAuditEntry } from '../../../src/main/core/confirmations/audit-log';
import { activityRangeSchema, instantsOf } from '../../../src/shared/activity-log';
import { translate } from '../../../src/shared/i18n';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const entry: ChainedFields = {
  seq: 1,
  at: '2026-11-20T09:30:00.000Z',
  actor: 'sync',
  action: 'sync.confirmed',
  subject: null,
  detailsJson: '{"reason":"created","company":"Contoso"}',
};

describe('the activity log hash chain (format 1)', () => {
  it('writes JSON canonically: keys sorted at every depth, arrays in order, no whitespace, text as it is', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson(['x', 1.5, -0, false])).toBe('["x",1.5,0,false]');
    // UTF-16 code unit order, as RFC 8785 sorts: upper case before lower case, "é" after "z".
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
  });

  it('hashes exactly the documented text: [seq, at, actor, action, subject, details, previous hash]', () => {
    const text = `[1,"2026-11-20T09:30:00.000Z","sync","sync.confirmed",null,{"company":"Contoso","reason":"created"},"${'0'.repeat(64)}"]`;
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainText(entry, GENESIS_HASH)).toBe(text);
    expect(entryHash(entry, GENESIS_HASH)).toBe(sha256(text));
    expect(entryHash(entry, GENESIS_HASH)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with every field and with the hash before, but not with the order of the details\u2019 keys', () => {
    const base = entryHash(entry, GENESIS_HASH);
    const variants: ChainedFields[] = [
      { ...entry, seq: 2 },
      { ...entry, at: '2026-11-20T09:30:00.001Z' },
      { ...entry, actor: 'operator:Ana' },
      { ...entry, action: 'sync.already-confirmed' },
      { ...entry, subject: '' },
      { ...entry, detailsJson: '{"reason":"created","company":"Contoso "}' },
      { ...entry, detailsJson: null },
    ];
    for (const variant of variants) expect(entryHash(variant, GENESIS_HASH), JSON.stringify(variant)).not.toBe(base);
    expect(entryHash(entry, 'f'.repeat(64))).not.toBe(base);
    expect(entryHash({ ...entry, detailsJson: '{ "company" : "Contoso", "reason" : "created" }' }, GENESIS_HASH)).toBe(base);
  });

  it('refuses details that are not JSON (a row no app wrote)', () => {
    expect(() => entryHash({ ...entry, detailsJson: '{broken' }, GENESIS_HASH)).toThrow();
  });
});

const stored = (over: Partial<StoredAuditEntry>): StoredAuditEntry => ({ seq: 1, at: '2026-11-20T09:30:00.000Z', actor: 'operator:Ana Admin', action: 'operator.discard', hash: 'a'.repeat(64), ...over });

describe('activityCsv', () => {
  const entries = [
    stored({ seq: 1, action: 'operator.discard', subject: 'item-1', details: { reason: 'Customer asked to wait, "politely"', company: '=cmd|\' /C calc\'!A0' } }),
    stored({ seq: 2, actor: 'sync', action: 'sync.needs-attention', subject: 'cust-1', hash: 'b'.repeat(64), details: { reason: 'rejected', message: 'Refusé', partnerCenterCode: '600002', correlationId: 'corr-1' } }),
  ];
  const companyOf = (id: string) => ({ 'cust-1': 'Café São João Ltda' })[id];

  it('writes a UTF-8 BOM, a header and one CRLF line per entry, oldest first, in English', () => {
    const { csv, entries: count } = activityCsv(entries, 'en-US', companyOf);
    expect(count).toBe(2);
    expect(csv.startsWith(BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe('Time (UTC),Operator,Action,Customer,Details,Hash (SHA-256)');
    expect(lines[1]).toBe(`2026-11-20T09:30:00.000Z,Ana Admin,Discarded,'=cmd|' /C calc'!A0,"Reason: Customer asked to wait, ""politely""",${'a'.repeat(64)}`);
    expect(lines[2]).toBe(`2026-11-20T09:30:00.000Z,Sync,Needs attention,Café São João Ltda,"Error: Refusé; Partner Center code: 600002; Correlation id: corr-1",${'b'.repeat(64)}`);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('writes the header and the words in French, with French typography', () => {
    const { csv } = activityCsv(entries, 'fr-FR', companyOf);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Date et heure (UTC),Opérateur,Action,Client,Détails,Empreinte (SHA-256)');
    expect(lines[1]).toContain(',Ana Admin,Abandonnée,');
    expect(lines[1]).toContain('"Raison\u202F: Customer asked to wait, ""politely"""');
    expect(lines[2]).toContain(',Synchronisation,Action requise,Café São João Ltda,"Erreur\u202F: Refusé\u202F; ');
  });

  it('writes just the header for no entries', () => {
    expect(activityCsv([], 'en-US', () => undefined)).toEqual({ csv: `${BOM}Time (UTC),Operator,Action,Customer,Details,Hash (SHA-256)\r\n`, entries: 0 });
  });
});

describe('the days of an export', () => {
  it('takes real dates, either left out, from not after to', () => {
    expect(activityRangeSchema.safeParse({}).success).toBe(true);
    expect(activityRangeSchema.safeParse({ from: '2026-11-20', to: '2026-11-20' }).success).toBe(true);
    expect(activityRangeSchema.safeParse({ from: '2026-02-30' }).error?.issues).toEqual([expect.objectContaining({ path: ['from'], message: 'validation.activityRange.date' })]);
    expect(activityRangeSchema.safeParse({ to: '20-11-2026' }).error?.issues[0]?.path).toEqual(['to']);
    expect(activityRangeSchema.safeParse({ from: '2026-11-21', to: '2026-11-20' }).error?.issues).toEqual([expect.objectContaining({ path: ['to'], message: 'validation.activityRange.order' })]);
    expect(activityRangeSchema.safeParse({ from: '2026-11-20', extra: 1 }).success).toBe(false);
    expect(translate('fr', 'validation.activityRange.order')).toBe('La date de début est postérieure à la date de fin.');
  });

  it('covers whole UTC days, both inclusive (to the start of the day after "to")', () => {
    expect(instantsOf({ from: '2026-11-20', to: '2026-12-31' })).toEqual({ fromAt: '2026-11-20T00:00:00.000Z', beforeAt: '2027-01-01T00:00:00.000Z' });
    expect(instantsOf({ to: '2028-02-28' })).toEqual({ fromAt: null, beforeAt: '2028-02-29T00:00:00.000Z' });
    expect(instantsOf({})).toEqual({ fromAt: null, beforeAt: null });
  });
});
