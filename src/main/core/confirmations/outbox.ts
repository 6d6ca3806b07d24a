import type { Database } from 'better-sqlite3';
import { operatorViewSchema, type AgreementRecord, type Attempt, type Contact, type OperatorView, type QueueCounts, type QueueItem, type QueueState, type SyncError } from '../../../shared/domain';
import { allowedStates, type QueueAction } from '../../../shared/queue-actions';
import type { AcceptanceInput } from '../../../shared/validation';
import { DOMAIN_SUFFIX, type NewCustomerPayload } from '../../../shared/new-customer';
import { newId } from '../clock';
import { AuditLog } from './audit-log';

export type { NewCustomerPayload };

interface ItemRow {
  id: string;
  kind: 'confirm-acceptance' | 'create-customer';
  customer_id: string;
  company_name: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  date_agreed: string | null;
  payload_json: string | null;
  depends_on: string | null;
  state: QueueState;
  attempts: number;
  created_at: string;
  updated_at: string;
  next_attempt_at: string | null;
  last_error_json: string | null;
  first_attempt_at: string | null;
  request_id: string | null;
  needs_reconcile: number;
  discard_reason: string | null;
  server_record_json: string | null;
  confirmation_id: string | null;
  seen_json: string | null;
  send_anyway: number;
}

/** A queue item with what the sync engine needs beyond what the UI shows. */
export interface ClaimedItem extends QueueItem {
  firstAttemptAt: string | null;
  requestId: string | null;
  needsReconcile: boolean;
  /** create-customer items: what to create. */
  payload: NewCustomerPayload | null;
}

/** Why an item reached a terminal state (kept in its history and the activity log). */
export type FinishReason =
  | 'created'
  | 'found-after-interruption'
  | 'found-same-contact'
  | 'partner-record-exists'
  | 'accepted-directly'
  | 'already-exists-600061'
  | 'customer-created'
  | 'customer-found-after-interruption';
/** Back in the queue without spending an attempt; `interrupted`: the process sending it ended (crash, kill). */
export type WaitReason = 'offline' | 'throttled' | 'sign-in-needed' | 'date-not-started' | 'interrupted';

/** Nobody had read the customer's status: the operator saw nothing. */
export const NOTHING_SEEN: OperatorView = { records: [], directlySigned: null, readAt: null };

/** Raised when an operator action does not fit the item's state; translated by the caller. */
export class QueueActionError extends Error {
  constructor(
    readonly kind: 'not-found' | 'wrong-state',
    readonly params: { id: string; state?: QueueState; action?: QueueAction },
  ) {
    super(`queue item ${params.id}: ${kind}${params.state ? ` (${params.state})` : ''}`);
    this.name = 'QueueActionError';
  }
}

const SELECT_ITEM = `
  SELECT o.id, o.kind, o.customer_id, c.company_name, c.first_name, c.last_name, c.email, c.phone, c.date_agreed,
         o.payload_json, o.depends_on,
         o.state, o.attempts, o.created_at, o.updated_at, o.next_attempt_at, o.last_error_json,
         o.first_attempt_at, o.request_id, o.needs_reconcile, o.discard_reason, o.server_record_json, o.confirmation_id,
         c.seen_json, o.send_anyway
  FROM outbox o LEFT JOIN confirmations c ON c.id = o.confirmation_id`;

function toItem(row: ItemRow): ClaimedItem {
  const payload = row.payload_json ? (JSON.parse(row.payload_json) as NewCustomerPayload) : null;
  const contact = payload
    ? { firstName: payload.contact.firstName, lastName: payload.contact.lastName, email: payload.contact.email, ...(payload.contact.phone ? { phone: payload.contact.phone } : {}) }
    : { firstName: row.first_name ?? '', lastName: row.last_name ?? '', email: row.email ?? '', ...(row.phone ? { phone: row.phone } : {}) };
  return {
    id: row.id,
    kind: row.kind,
    customerId: row.customer_id,
    companyName: payload?.company.name ?? row.company_name ?? '',
    contact,
    dateAgreed: row.date_agreed,
    newCustomer: payload ? { domain: `${payload.company.domainPrefix}${DOMAIN_SUFFIX}`, country: payload.company.country, input: payload } : null,
    dependsOn: row.depends_on,
    payload,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error_json ? (JSON.parse(row.last_error_json) as SyncError) : null,
    discardReason: row.discard_reason,
    serverRecord: row.server_record_json && row.kind === 'confirm-acceptance' ? (JSON.parse(row.server_record_json) as AgreementRecord) : null,
    operatorView: row.seen_json ? operatorViewSchema.parse(JSON.parse(row.seen_json)) : null,
    sendAnyway: row.send_anyway === 1,
    request: null,
    firstAttemptAt: row.first_attempt_at,
    requestId: row.request_id,
    needsReconcile: row.needs_reconcile === 1,
  };
}

/**
 * Confirmations and their queue items (the outbox). A confirmation and its item are written in
 * one transaction, so an operator is never told "saved" for something the queue does not hold.
 * Nothing is ever deleted: terminal states, discards and edits stay as the record of what happened.
 *
 * States: queued → sending → confirmed | already-confirmed | needs-attention, sending → queued
 * (retry later, or waiting without spending an attempt), needs-attention → queued (retry, edit and
 * retry), queued | needs-attention → discarded (with a reason).
 */
export class Outbox {
  private readonly audit: AuditLog;
  constructor(private readonly db: Database) {
    this.audit = new AuditLog(db);
  }

  private insertConfirmation(customer: { id: string; companyName: string }, acceptance: AcceptanceInput, seen: OperatorView, actor: string, now: string): string {
    const id = newId();
    this.db
      .prepare(
        `INSERT INTO confirmations (id, customer_id, company_name, first_name, last_name, email, phone, date_agreed, created_at, created_by, seen_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, customer.id, customer.companyName, acceptance.firstName, acceptance.lastName, acceptance.email, acceptance.phone ?? null, acceptance.dateAgreed, now, actor, JSON.stringify(seen));
    return id;
  }

  private attempt(itemId: string, at: string, outcome: Attempt['outcome'], reason: string, until: string | null, error: SyncError | null, record: AgreementRecord | null = null): void {
    this.db
      .prepare('INSERT INTO outbox_attempts (item_id, at, outcome, reason, until, error_json, record_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(itemId, at, outcome, reason, until, error ? JSON.stringify(error) : null, record ? JSON.stringify(record) : null);
  }

  /** The company an item is for, so log entries read on their own. */
  private companyOf(id: string): string | null {
    return this.get(id)?.companyName ?? null;
  }

  /**
   * Saves a confirmation and its queue item. `seen` is what the operator had in front of them:
   * records found at sending time that it does not hold make the item "already confirmed".
   */
  enqueue(customer: { id: string; companyName: string }, acceptance: AcceptanceInput, seen: OperatorView, actor: string, now: string): string {
    const itemId = newId();
    this.db.transaction(() => {
      const confirmationId = this.insertConfirmation(customer, acceptance, seen, actor, now);
      this.db
        .prepare(
          `INSERT INTO outbox (id, kind, confirmation_id, customer_id, state, created_at, updated_at)
           VALUES (?, 'confirm-acceptance', ?, ?, 'queued', ?, ?)`,
        )
        .run(itemId, confirmationId, customer.id, now, now);
      this.audit.append({ at: now, actor, action: 'confirmation.saved', subject: customer.id, details: { itemId, company: customer.companyName, dateAgreed: acceptance.dateAgreed } });
    })();
    return itemId;
  }

  /**
   * A new customer made in the wizard: its create-customer item and, when the customer accepted
   * the MCA, a confirmation that waits for the creation — all in one transaction. Until Partner
   * Center gives a tenant id, both carry `local:<create item id>` as the customer id.
   */
  enqueueNewCustomer(payload: NewCustomerPayload, acceptance: AcceptanceInput | null, actor: string, now: string): { createItemId: string; confirmItemId: string | null } {
    const createItemId = newId();
    const localId = `local:${createItemId}`;
    let confirmItemId: string | null = null;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO outbox (id, kind, customer_id, state, payload_json, created_at, updated_at)
           VALUES (?, 'create-customer', ?, 'queued', ?, ?, ?)`,
        )
        .run(createItemId, localId, JSON.stringify(payload), now, now);
      this.audit.append({ at: now, actor, action: 'customer.saved', subject: createItemId, details: { company: payload.company.name, domain: `${payload.company.domainPrefix}${DOMAIN_SUFFIX}` } });
      if (acceptance) {
        confirmItemId = newId();
        // A customer that does not exist yet has no records: the operator saw none.
        const confirmationId = this.insertConfirmation({ id: localId, companyName: payload.company.name }, acceptance, NOTHING_SEEN, actor, now);
        this.db
          .prepare(
            `INSERT INTO outbox (id, kind, confirmation_id, customer_id, state, depends_on, created_at, updated_at)
             VALUES (?, 'confirm-acceptance', ?, ?, 'queued', ?, ?, ?)`,
          )
          .run(confirmItemId, confirmationId, localId, createItemId, now, now);
        this.audit.append({ at: now, actor, action: 'confirmation.saved', subject: localId, details: { itemId: confirmItemId, company: payload.company.name, dateAgreed: acceptance.dateAgreed } });
      }
    })();
    return { createItemId, confirmItemId };
  }

  /**
   * Partner Center created the customer: the item is done, and everything that waited under the
   * local id (its confirmation) now belongs to the real tenant id.
   */
  customerCreated(itemId: string, customerId: string, now: string, reason: 'customer-created' | 'customer-found-after-interruption'): void {
    this.db.transaction(() => {
      const localId = `local:${itemId}`;
      this.db
        .prepare(
          `UPDATE outbox SET state = 'confirmed', attempts = attempts + 1, customer_id = ?, server_record_json = ?, last_error_json = NULL, request_id = NULL,
             next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, needs_reconcile = 0, updated_at = ? WHERE id = ?`,
        )
        .run(customerId, JSON.stringify({ customerId }), now, itemId);
      this.db.prepare('UPDATE outbox SET customer_id = ?, updated_at = ? WHERE customer_id = ?').run(customerId, now, localId);
      this.db.prepare('UPDATE confirmations SET customer_id = ? WHERE customer_id = ?').run(customerId, localId);
      this.attempt(itemId, now, 'confirmed', reason, null, null);
      this.audit.append({ at: now, actor: 'sync', action: 'sync.customer-created', subject: itemId, details: { reason, customerId, company: this.companyOf(itemId) } });
    })();
  }

  /** Operator: correct a create-customer item that needs attention (e.g. a domain taken meanwhile). */
  editNewCustomer(id: string, payload: NewCustomerPayload, actor: string, now: string): ClaimedItem {
    this.db.transaction(() => {
      const item = this.requireState(id, 'edit');
      if (item.kind !== 'create-customer') throw new QueueActionError('wrong-state', { id, state: item.state, action: 'edit' });
      this.db
        .prepare(
          `UPDATE outbox SET payload_json = ?, state = 'queued', next_attempt_at = NULL, first_attempt_at = NULL,
             last_error_json = NULL, request_id = NULL, needs_reconcile = 1, updated_at = ? WHERE id = ?`,
        )
        .run(JSON.stringify(payload), now, id);
      this.attempt(id, now, 'operator', 'edited', null, null);
      this.audit.append({ at: now, actor, action: 'operator.edit-new-customer', subject: id, details: { company: payload.company.name, before: item.payload, after: payload } });
    })();
    return this.get(id)!;
  }

  get(id: string): ClaimedItem | null {
    const row = this.db.prepare(`${SELECT_ITEM} WHERE o.id = ?`).get(id) as ItemRow | undefined;
    return row ? toItem(row) : null;
  }

  list(state?: QueueState): ClaimedItem[] {
    const rows = (state
      ? this.db.prepare(`${SELECT_ITEM} WHERE o.state = ? ORDER BY o.seq DESC`).all(state)
      : this.db.prepare(`${SELECT_ITEM} ORDER BY o.seq DESC`).all()) as ItemRow[];
    return rows.map(toItem);
  }

  history(id: string): Attempt[] {
    const rows = this.db.prepare('SELECT at, outcome, reason, until, error_json, record_json FROM outbox_attempts WHERE item_id = ? ORDER BY seq').all(id) as {
      at: string;
      outcome: Attempt['outcome'];
      reason: string;
      until: string | null;
      error_json: string | null;
      record_json: string | null;
    }[];
    return rows.map((r) => ({
      at: r.at,
      outcome: r.outcome,
      reason: r.reason,
      until: r.until,
      error: r.error_json ? (JSON.parse(r.error_json) as SyncError) : null,
      record: r.record_json ? (JSON.parse(r.record_json) as AgreementRecord) : null,
    }));
  }

  /**
   * Who the operator's own earlier confirmations for this customer name (sent, or still in the
   * queue): records by them were in front of the operator as pending items, not someone else's.
   */
  earlierContacts(customerId: string, itemId: string): Contact[] {
    const rows = this.db
      .prepare(
        `SELECT c.first_name, c.last_name, c.email, c.phone FROM outbox o JOIN confirmations c ON c.id = o.confirmation_id
         WHERE o.customer_id = ? AND o.state <> 'discarded' AND o.seq < (SELECT seq FROM outbox WHERE id = ?)`,
      )
      .all(customerId, itemId) as { first_name: string; last_name: string; email: string; phone: string | null }[];
    return rows.map((r) => ({ firstName: r.first_name, lastName: r.last_name, email: r.email, ...(r.phone ? { phone: r.phone } : {}) }));
  }

  /** The newest item for a customer that still waits or was rejected. */
  openItemFor(customerId: string): ClaimedItem | null {
    const row = this.db
      .prepare(`${SELECT_ITEM} WHERE o.customer_id = ? AND o.state IN ('queued','sending','needs-attention') ORDER BY o.seq DESC LIMIT 1`)
      .get(customerId) as ItemRow | undefined;
    return row ? toItem(row) : null;
  }

  /** Whether a customer has items not yet sent (queued or sending). */
  hasOpenItems(customerId: string): boolean {
    return this.db.prepare(`SELECT 1 FROM outbox WHERE customer_id = ? AND state IN ('queued','sending') LIMIT 1`).get(customerId) !== undefined;
  }

  /** Makes a customer's waiting items due now (an order is waiting for them), backoff or not. */
  makeDueNow(customerId: string, now: string): void {
    this.db.prepare(`UPDATE outbox SET next_attempt_at = NULL, updated_at = ? WHERE customer_id = ? AND state = 'queued'`).run(now, customerId);
  }

  counts(): QueueCounts {
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: QueueState; n: number }[];
    const n = (s: QueueState) => rows.find((r) => r.state === s)?.n ?? 0;
    return {
      queued: n('queued'),
      sending: n('sending'),
      waitingForCustomer: n('waiting-for-customer'),
      confirmed: n('confirmed'),
      alreadyConfirmed: n('already-confirmed'),
      needsAttention: n('needs-attention'),
      discarded: n('discarded'),
    };
  }

  /** When the earliest waiting item becomes due ('' = now), or null when nothing waits. */
  nextDueAt(): string | null {
    // Only items that could be claimed when their time comes: not waiting for another item (a
    // customer's creation, an earlier item of the same customer). A lease that runs out counts
    // too: its item is recovered then. Otherwise the engine would wake up for nothing.
    const row = this.db
      .prepare(
        `SELECT min(at) AS at FROM (
           SELECT coalesce(o.next_attempt_at, '') AS at FROM outbox o
           WHERE o.state = 'queued'
             AND (o.depends_on IS NULL OR EXISTS (SELECT 1 FROM outbox d WHERE d.id = o.depends_on AND d.state = 'confirmed'))
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.customer_id = o.customer_id AND p.seq < o.seq AND p.state IN ('queued','sending'))
           UNION ALL
           SELECT lease_until FROM outbox WHERE state = 'sending' AND lease_until IS NOT NULL
         )`,
      )
      .get() as { at: string | null };
    return row.at;
  }

  /**
   * Claims up to `limit` due items for sending, recording a lease. Never two items of one
   * customer at once, and per customer only the oldest waiting item (sent in order).
   */
  claimDue(now: string, limit: number, owner: string, leaseUntil: string): ClaimedItem[] {
    return this.db.transaction(() => {
      const ids = this.db
        .prepare(
          `SELECT o.id FROM outbox o
           WHERE o.state = 'queued' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= @now)
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.customer_id = o.customer_id AND p.seq < o.seq AND p.state IN ('queued','sending'))
             AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.customer_id = o.customer_id AND s.state = 'sending')
             AND (o.depends_on IS NULL OR EXISTS (SELECT 1 FROM outbox d WHERE d.id = o.depends_on AND d.state = 'confirmed'))
           ORDER BY o.seq LIMIT @limit`,
        )
        .all({ now, limit }) as { id: string }[];
      const claim = this.db.prepare(
        `UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ?, updated_at = ?,
           first_attempt_at = coalesce(first_attempt_at, ?) WHERE id = ? AND state = 'queued'`,
      );
      for (const { id } of ids) claim.run(owner, leaseUntil, now, now, id);
      return ids.map(({ id }) => this.get(id)).filter((item): item is ClaimedItem => item !== null);
    }).immediate();
  }

  /**
   * After a crash, items whose lease ran out, or whose owner is surely gone (its process ended),
   * go back to the queue marked for reconciliation: the engine reads Partner Center before it
   * sends anything again. A lease of a live owner is never taken.
   */
  recoverLeases(now: string, isOwnerGone: (owner: string) => boolean): number {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT id, lease_owner, lease_until FROM outbox WHERE state = 'sending'`)
        .all() as { id: string; lease_owner: string | null; lease_until: string | null }[];
      const gone = new Map<string, boolean>();
      const ownerGone = (owner: string) => {
        let known = gone.get(owner);
        if (known === undefined) gone.set(owner, (known = isOwnerGone(owner)));
        return known;
      };
      const recover = this.db.prepare(
        `UPDATE outbox SET state = 'queued', needs_reconcile = 1, lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL, updated_at = ?
         WHERE id = ? AND state = 'sending'`,
      );
      let recovered = 0;
      for (const row of rows) {
        const expired = row.lease_until === null || row.lease_until <= now;
        if (!expired && !(row.lease_owner !== null && ownerGone(row.lease_owner))) continue;
        recovered += recover.run(now, row.id).changes;
        this.attempt(row.id, now, 'waiting', 'interrupted', null, null);
      }
      return recovered;
    }).immediate();
  }

  /**
   * Remembers the MS-RequestId just before sending (so a retry after a timeout can reuse it) and
   * renews the lease. False when this engine no longer holds the item: then it must not send.
   */
  prepareSend(id: string, owner: string, requestId: string, leaseUntil: string): boolean {
    return this.db.prepare(`UPDATE outbox SET request_id = ?, lease_until = ? WHERE id = ? AND state = 'sending' AND lease_owner = ?`).run(requestId, leaseUntil, id, owner).changes === 1;
  }

  /** The request got an answer: its id must not be reused. */
  clearRequestId(id: string): void {
    this.db.prepare('UPDATE outbox SET request_id = NULL WHERE id = ?').run(id);
  }

  finish(id: string, state: 'confirmed' | 'already-confirmed', record: AgreementRecord | null, now: string, reason: FinishReason, appeared: AgreementRecord | null = null): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE outbox SET state = ?, attempts = attempts + 1, server_record_json = ?, last_error_json = NULL, request_id = NULL,
             next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, needs_reconcile = 0, updated_at = ? WHERE id = ?`,
        )
        .run(state, record ? JSON.stringify(record) : null, now, id);
      this.attempt(id, now, state, reason, null, null, record);
      const named = record ? { person: `${record.contact.firstName} ${record.contact.lastName}`, dateAgreed: record.dateAgreed } : {};
      this.audit.append({ at: now, actor: 'sync', action: `sync.${state}`, subject: id, details: { reason, company: this.companyOf(id), ...named } });
      // Two desktops sending within the same moment both get through (Partner Center has no
      // conditional create): the item says so, naming the record that appeared meanwhile.
      if (appeared) {
        this.attempt(id, now, 'notice', 'record-appeared-meanwhile', null, null, appeared);
        this.audit.append({
          at: now,
          actor: 'sync',
          action: 'sync.record-appeared-meanwhile',
          subject: id,
          details: { reason: 'record-appeared-meanwhile', company: this.companyOf(id), person: `${appeared.contact.firstName} ${appeared.contact.lastName}`, dateAgreed: appeared.dateAgreed },
        });
      }
    })();
  }

  needsAttention(id: string, error: SyncError, now: string, reason: 'rejected' | 'gave-up' | 'failed' = 'rejected'): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'needs-attention', attempts = attempts + 1, last_error_json = ?, next_attempt_at = NULL,
             lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(JSON.stringify(error), now, id);
      this.attempt(id, now, 'needs-attention', reason, null, error);
      this.audit.append({ at: now, actor: 'sync', action: 'sync.needs-attention', subject: id, details: { reason, company: this.companyOf(id), ...error } });
    })();
  }

  /** A failed attempt that will be tried again at `nextAttemptAt`. */
  retryLater(id: string, error: SyncError, nextAttemptAt: string, now: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'queued', attempts = attempts + 1, last_error_json = ?, next_attempt_at = ?,
             lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(JSON.stringify(error), nextAttemptAt, now, id);
      this.attempt(id, now, 'retry-scheduled', 'failed', nextAttemptAt, error);
      this.audit.append({ at: now, actor: 'sync', action: 'sync.retry-scheduled', subject: id, details: { company: this.companyOf(id), ...error, nextAttemptAt } });
    })();
  }

  /** Back to the queue without spending an attempt (offline, throttled, signed out, date not yet started in UTC). */
  release(id: string, now: string, reason: WaitReason, nextAttemptAt: string | null = null): void {
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`)
        .run(nextAttemptAt, now, id);
      this.attempt(id, now, 'waiting', reason, nextAttemptAt, null);
    })();
  }

  /** The item, if the operator may do `action` with it in its state (the shared rule). */
  private requireState(id: string, action: QueueAction): ClaimedItem {
    const item = this.get(id);
    if (!item) throw new QueueActionError('not-found', { id });
    if (!allowedStates(action).includes(item.state)) throw new QueueActionError('wrong-state', { id, state: item.state, action });
    return item;
  }

  /** Operator: send a needs-attention item again as it is. */
  retry(id: string, actor: string, now: string): ClaimedItem {
    this.db.transaction(() => {
      this.requireState(id, 'retry');
      this.db
        .prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = NULL, first_attempt_at = NULL, needs_reconcile = 1, updated_at = ? WHERE id = ?`)
        .run(now, id);
      this.attempt(id, now, 'operator', 'retried', null, null);
      this.audit.append({ at: now, actor, action: 'operator.retry', subject: id, details: { company: this.companyOf(id) } });
    })();
    return this.get(id)!;
  }

  /**
   * Operator: correct a needs-attention item and send it again. The corrected details become a
   * new confirmation; the earlier one stays on record, pointing to it.
   */
  editAndRetry(id: string, acceptance: AcceptanceInput, seen: OperatorView, actor: string, now: string): ClaimedItem {
    this.db.transaction(() => {
      const item = this.requireState(id, 'edit');
      if (item.kind !== 'confirm-acceptance') throw new QueueActionError('wrong-state', { id, state: item.state, action: 'edit' });
      const previous = (this.db.prepare('SELECT confirmation_id FROM outbox WHERE id = ?').get(id) as { confirmation_id: string }).confirmation_id;
      // Keep the date kind of the original: edits change who and when, never the customer.
      const next = this.insertConfirmation({ id: item.customerId, companyName: item.companyName }, acceptance, seen, actor, now);
      this.db.prepare('UPDATE confirmations SET superseded_by = ? WHERE id = ?').run(next, previous);
      this.db
        .prepare(
          `UPDATE outbox SET confirmation_id = ?, state = 'queued', next_attempt_at = NULL, first_attempt_at = NULL,
             last_error_json = NULL, request_id = NULL, needs_reconcile = 1, updated_at = ? WHERE id = ?`,
        )
        .run(next, now, id);
      this.attempt(id, now, 'operator', 'edited', null, null);
      this.audit.append({
        at: now,
        actor,
        action: 'operator.edit-and-retry',
        subject: id,
        details: { company: item.companyName, before: { ...item.contact, dateAgreed: item.dateAgreed ?? '' }, after: acceptance },
      });
    })();
    return this.get(id)!;
  }

  /**
   * Operator: Partner Center already held an acceptance they had not seen ("Already confirmed");
   * send this confirmation still, as it is. Records they did not see no longer hold it back; the
   * same person already on record still counts as done (nothing is sent twice).
   */
  sendAnyway(id: string, actor: string, now: string): ClaimedItem {
    this.db.transaction(() => {
      const item = this.requireState(id, 'send-anyway');
      if (item.kind !== 'confirm-acceptance') throw new QueueActionError('wrong-state', { id, state: item.state, action: 'send-anyway' });
      this.db
        .prepare(
          `UPDATE outbox SET state = 'queued', send_anyway = 1, next_attempt_at = NULL, first_attempt_at = NULL,
             last_error_json = NULL, request_id = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(now, id);
      this.attempt(id, now, 'operator', 'send-anyway', null, null);
      this.audit.append({ at: now, actor, action: 'operator.send-anyway', subject: id, details: { company: item.companyName, found: item.serverRecord } });
    })();
    return this.get(id)!;
  }

  /** Operator: give up on an item that has not reached Partner Center, saying why. */
  discard(id: string, reason: string, actor: string, now: string): ClaimedItem {
    this.db.transaction(() => {
      const item = this.requireState(id, 'discard');
      this.db.prepare(`UPDATE outbox SET state = 'discarded', discard_reason = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`).run(reason, now, id);
      this.attempt(id, now, 'operator', 'discarded', null, null);
      // A confirmation waiting for a customer that will now never be created goes with it.
      for (const dependent of this.db.prepare(`SELECT id FROM outbox WHERE depends_on = ? AND state IN ('queued','needs-attention')`).all(id) as { id: string }[]) {
        this.db.prepare(`UPDATE outbox SET state = 'discarded', discard_reason = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`).run(reason, now, dependent.id);
        this.attempt(dependent.id, now, 'operator', 'discarded', null, null);
      }
      this.audit.append({ at: now, actor, action: 'operator.discard', subject: id, details: { reason, company: item.companyName } });
    })();
    return this.get(id)!;
  }
}
