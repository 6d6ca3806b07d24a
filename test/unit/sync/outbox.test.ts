import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { NOTHING_SEEN, Outbox, QueueActionError } from '../../../src/main/core/confirmations/outbox';
import { AuditLog } from '../../../src/main/core/confirmations/audit-log';
import { openDatabase } from '../../../src/main/core/store/database';
import type { Database } from 'better-sqlite3';
import { tempDir } from '../../helpers/temp-dir';

const T0 = '2026-11-20T10:00:00.000Z';
const T1 = '2026-11-20T10:01:00.000Z';
const LATER = '2026-11-20T11:00:00.000Z';
const acme = { id: 'c1', companyName: 'Acme' };
const beta = { id: 'c2', companyName: 'Beta' };
const person = { firstName: 'Tania', lastName: 'Carr', email: 'tania@acme.example', dateAgreed: '2026-11-01' };

describe('outbox', () => {
  let db: Database;
  let outbox: Outbox;
  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'a.db'));
    outbox = new Outbox(db);
  });

  it('writes the confirmation, its queue item and an audit entry together', () => {
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    const item = outbox.get(id);
    expect(item).toMatchObject({ state: 'queued', attempts: 0, customerId: 'c1', contact: { firstName: 'Tania', email: 'tania@acme.example' } });
    expect(item?.contact.phone).toBeUndefined();
    expect(new AuditLog(db).list().map((e) => e.action)).toEqual(['confirmation.saved']);
  });

  it('writes nothing when the transaction fails half-way', () => {
    db.exec(`CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    expect(() => outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0)).toThrow(/disk full/);
    expect((db.prepare('SELECT count(*) AS n FROM confirmations').get() as { n: number }).n).toBe(0);
    expect(new AuditLog(db).list()).toEqual([]);
  });

  it('claims one item per customer, oldest first, and leases it', () => {
    const a1 = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    const a2 = outbox.enqueue(acme, { ...person, firstName: 'Other' }, NOTHING_SEEN, 'operator:Ann', T0);
    const b1 = outbox.enqueue(beta, person, NOTHING_SEEN, 'operator:Ann', T0);
    const claimed = outbox.claimDue(T0, 10, 'engine-1', T1);
    expect(claimed.map((i) => i.id)).toEqual([a1, b1]);
    expect(claimed.every((i) => i.state === 'sending')).toBe(true);
    // a2 waits behind a1 even though a slot is free
    expect(outbox.claimDue(T0, 10, 'engine-2', T1)).toEqual([]);
    outbox.finish(a1, 'confirmed', null, T0, 'created');
    expect(outbox.claimDue(T0, 10, 'engine-2', T1).map((i) => i.id)).toEqual([a2]);
  });

  it('does not claim items whose next attempt is still ahead', () => {
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'engine-1', T1);
    outbox.retryLater(id, { message: 'HTTP 503' }, LATER, T0);
    expect(outbox.get(id)).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: LATER, lastError: { message: 'HTTP 503' } });
    expect(outbox.claimDue(T1, 1, 'engine-1', LATER)).toEqual([]);
    expect(outbox.claimDue(LATER, 1, 'engine-1', LATER)).toHaveLength(1);
    expect(outbox.nextDueAt()).toBe(LATER); // the lease of the item now being sent
  });

  it('recovers only expired leases, marking them for reconciliation', () => {
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'engine-1', T1);
    expect(outbox.recoverLeases(T0, () => false)).toBe(0);
    expect(outbox.recoverLeases(T1, () => false)).toBe(1);
    expect(outbox.get(id)).toMatchObject({ state: 'queued', needsReconcile: true });
  });

  it('takes back at once the leases of an owner that is gone, never those of a live one', () => {
    const dead = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    const live = outbox.enqueue(beta, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'owner-dead', LATER);
    outbox.claimDue(T0, 1, 'owner-live', LATER);
    const asked: string[] = [];
    // Leases run until LATER: only the owner's death frees one before that.
    expect(outbox.recoverLeases(T1, (owner) => (asked.push(owner), owner === 'owner-dead'))).toBe(1);
    expect(outbox.get(dead)).toMatchObject({ state: 'queued', needsReconcile: true });
    expect(outbox.get(live)).toMatchObject({ state: 'sending' });
    expect(asked.sort()).toEqual(['owner-dead', 'owner-live']);
    expect(outbox.history(dead).at(-1)).toMatchObject({ outcome: 'waiting', reason: 'interrupted' });
  });

  it('keeps what the operator saw with the confirmation, and the contacts of their own earlier items', () => {
    const seen = { records: [{ contact: { firstName: 'Jürgen', lastName: 'Müller', email: 'j@m.example' }, dateAgreed: '2023-05-17', templateId: 't' }], directlySigned: false, readAt: T0 };
    const first = outbox.enqueue(acme, person, seen, 'operator:Ann', T0);
    const second = outbox.enqueue(acme, { ...person, firstName: 'Neue' }, NOTHING_SEEN, 'operator:Ann', T1);
    const discarded = outbox.enqueue(acme, { ...person, firstName: 'Gone' }, NOTHING_SEEN, 'operator:Ann', T1);
    outbox.discard(discarded, 'typo', 'operator:Ann', T1);
    const third = outbox.enqueue(acme, { ...person, firstName: 'Third' }, NOTHING_SEEN, 'operator:Ann', T1);
    expect(outbox.get(first)).toMatchObject({ operatorView: seen, sendAnyway: false });
    expect(outbox.get(second)?.operatorView).toEqual(NOTHING_SEEN);
    expect(outbox.earlierContacts('c1', first)).toEqual([]);
    expect(outbox.earlierContacts('c1', third).map((c) => c.firstName)).toEqual(['Tania', 'Neue']);
  });

  it('sends an already-confirmed item anyway only on the operator\u2019s word, and lets it be discarded', () => {
    const found = { contact: { firstName: 'Other', lastName: 'Desk', email: 'o@d.example' }, dateAgreed: '2026-11-19', templateId: 't' };
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    expect(() => outbox.sendAnyway(id, 'operator:Ann', T0)).toThrow(/wrong-state/);
    outbox.claimDue(T0, 1, 'e', T1);
    outbox.finish(id, 'already-confirmed', found, T0, 'partner-record-exists');
    expect(outbox.history(id).at(-1)).toMatchObject({ outcome: 'already-confirmed', reason: 'partner-record-exists', record: found });
    expect(outbox.sendAnyway(id, 'operator:Bob', T1)).toMatchObject({ state: 'queued', sendAnyway: true, serverRecord: found });
    expect(outbox.history(id).at(-1)).toMatchObject({ outcome: 'operator', reason: 'send-anyway' });
    expect(new AuditLog(db).list()[0]).toMatchObject({ actor: 'operator:Bob', action: 'operator.send-anyway', subject: id });
    expect(outbox.claimDue(T1, 1, 'e', LATER)).toHaveLength(1);
    outbox.finish(id, 'confirmed', person && { contact: { firstName: 'Tania', lastName: 'Carr', email: 'tania@acme.example' }, dateAgreed: '2026-11-01', templateId: 't' }, LATER, 'created', found);
    expect(outbox.history(id).slice(-2)).toMatchObject([
      { outcome: 'confirmed', reason: 'created' },
      { outcome: 'notice', reason: 'record-appeared-meanwhile', record: found },
    ]);
    const other = outbox.enqueue(beta, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'e', T1);
    outbox.finish(other, 'already-confirmed', null, T0, 'accepted-directly');
    expect(outbox.discard(other, 'Customer accepted directly; nothing to add', 'operator:Ann', T1)).toMatchObject({ state: 'discarded' });
    expect(() => outbox.sendAnyway(other, 'operator:Ann', T1)).toThrow(/wrong-state/);
    expect(() => outbox.sendAnyway('no-such-item', 'operator:Ann', T1)).toThrow(/not-found/);
  });

  it('lets only the lease holder send, and keeps the request id until an answer came', () => {
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'engine-1', T1);
    expect(outbox.prepareSend(id, 'engine-2', 'req-x', LATER)).toBe(false);
    expect(outbox.prepareSend(id, 'engine-1', 'req-1', LATER)).toBe(true);
    expect(outbox.get(id)?.requestId).toBe('req-1');
    outbox.release(id, T0, 'offline');
    expect(outbox.get(id)).toMatchObject({ state: 'queued', attempts: 0, requestId: 'req-1' });
    outbox.clearRequestId(id);
    expect(outbox.get(id)?.requestId).toBeNull();
  });

  it('moves to needs-attention with the error, counts per state and never deletes', () => {
    const a = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    const b = outbox.enqueue(beta, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 2, 'engine-1', T1);
    outbox.needsAttention(a, { message: 'Date of agreement cannot be greater than the current date.', partnerCenterCode: '600002', httpStatus: 400, correlationId: 'corr' }, T0);
    outbox.finish(b, 'already-confirmed', null, T0, 'accepted-directly');
    expect(outbox.counts()).toEqual({ queued: 0, sending: 0, waitingForCustomer: 0, confirmed: 0, alreadyConfirmed: 1, needsAttention: 1, discarded: 0 });
    expect(outbox.openItemFor('c1')?.lastError?.partnerCenterCode).toBe('600002');
    expect(outbox.openItemFor('c2')).toBeNull();
    expect(outbox.list()).toHaveLength(2);
    expect(outbox.list('needs-attention').map((i) => i.id)).toEqual([a]);
  });

  it('retries a needs-attention item as it is, marked for reconciliation, and logs who did it', () => {
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'e', T1);
    outbox.needsAttention(id, { message: 'rejected', partnerCenterCode: '600002' }, T0);
    const item = outbox.retry(id, 'operator:Ann', T1);
    expect(item).toMatchObject({ state: 'queued', needsReconcile: true, firstAttemptAt: null, attempts: 1 });
    expect(new AuditLog(db).list()[0]).toMatchObject({ actor: 'operator:Ann', action: 'operator.retry', subject: id });
  });

  it('edits and retries with new details, keeping the earlier confirmation on record', () => {
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'e', T1);
    outbox.needsAttention(id, { message: 'rejected' }, T0);
    const edited = outbox.editAndRetry(id, { ...person, email: 'tania.carr@acme.example', dateAgreed: '2026-10-31' }, NOTHING_SEEN, 'operator:Bob', T1);
    expect(edited).toMatchObject({ state: 'queued', contact: { email: 'tania.carr@acme.example' }, dateAgreed: '2026-10-31', lastError: null });
    const rows = db.prepare('SELECT email, superseded_by FROM confirmations ORDER BY created_at, rowid').all() as { email: string; superseded_by: string | null }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ email: 'tania@acme.example' });
    expect(rows[0]?.superseded_by).toBeTruthy();
    expect(new AuditLog(db).list()[0]).toMatchObject({ action: 'operator.edit-and-retry', details: { before: { email: 'tania@acme.example' }, after: { email: 'tania.carr@acme.example' } } });
  });

  it('discards queued or needs-attention items with a reason, and refuses everything else', () => {
    const a = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    const b = outbox.enqueue(beta, person, NOTHING_SEEN, 'operator:Ann', T0);
    expect(outbox.discard(a, 'Customer withdrew', 'operator:Ann', T1)).toMatchObject({ state: 'discarded', discardReason: 'Customer withdrew' });
    outbox.claimDue(T0, 1, 'e', T1);
    expect(() => outbox.discard(b, 'too late', 'operator:Ann', T1)).toThrowError(QueueActionError);
    outbox.finish(b, 'confirmed', null, T1, 'created');
    expect(() => outbox.discard(b, 'too late', 'operator:Ann', T1)).toThrow(/wrong-state/);
    expect(() => outbox.retry(b, 'operator:Ann', T1)).toThrow(/wrong-state/);
    expect(() => outbox.retry('no-such-item', 'operator:Ann', T1)).toThrow(/not-found/);
    expect(outbox.counts()).toMatchObject({ discarded: 1, confirmed: 1 });
    // A discarded item is never claimed again.
    expect(outbox.claimDue(T1, 5, 'e', LATER)).toEqual([]);
  });

  it('keeps every attempt as the item\u2019s history', () => {
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'e', T1);
    outbox.release(id, T0, 'throttled', T1);
    outbox.claimDue(T1, 1, 'e', LATER);
    outbox.retryLater(id, { message: 'HTTP 503', httpStatus: 503 }, LATER, T1);
    outbox.claimDue(LATER, 1, 'e', LATER);
    outbox.finish(id, 'confirmed', null, LATER, 'created');
    expect(outbox.history(id)).toEqual([
      { at: T0, outcome: 'waiting', reason: 'throttled', until: T1, error: null, record: null },
      { at: T1, outcome: 'retry-scheduled', reason: 'failed', until: LATER, error: { message: 'HTTP 503', httpStatus: 503 }, record: null },
      { at: LATER, outcome: 'confirmed', reason: 'created', until: null, error: null, record: null },
    ]);
    expect(outbox.get(id)?.attempts).toBe(2);
  });

  it('wakes the engine only for items it could send then, or for a lease that runs out', () => {
    expect(outbox.nextDueAt()).toBeNull();
    const { createItemId } = outbox.enqueueNewCustomer(
      { company: { name: 'Fabrikam', domainPrefix: 'fabrikam', addressLine1: '1 Main St', city: 'Paris', country: 'FR', culture: 'fr-FR', language: 'fr' }, contact: { firstName: 'A', lastName: 'B', email: 'a@b.co' } },
      person,
      'operator:Ann',
      T0,
    );
    outbox.claimDue(T0, 1, 'e', T1);
    outbox.needsAttention(createItemId, { message: 'domain taken', httpStatus: 409 }, T0);
    // The confirmation waits for its customer's creation: nothing to wake up for.
    expect(outbox.nextDueAt()).toBeNull();
    const id = outbox.enqueue(acme, person, NOTHING_SEEN, 'operator:Ann', T0);
    outbox.claimDue(T0, 1, 'e', T1);
    expect(outbox.nextDueAt()).toBe(T1); // the lease of the item being sent
    outbox.retryLater(id, { message: 'HTTP 503' }, LATER, T0);
    expect(outbox.nextDueAt()).toBe(LATER);
  });
});
