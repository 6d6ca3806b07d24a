import type { Database } from 'better-sqlite3';
import {
  operatorViewSchema,
  type AcceptanceRequest,
  type AcceptanceWay,
  type AgreementRecord,
  type Attempt,
  type Contact,
  type CustomerAnswer,
  type OperatorView,
  type QueueCounts,
  type QueueItem,
  type QueueState,
  type SyncError,
} from '../../../shared/domain';
import { mayAct, type QueueAction } from '../../../shared/queue-actions';
import type { AcceptanceInput } from '../../../shared/validation';
import { DOMAIN_SUFFIX, type NewCustomerPayload } from '../../../shared/new-customer';
import { newId } from '../clock';
import { AuditLog } from './audit-log';
import { writeTransaction } from '../store/database';

export type { NewCustomerPayload };

interface RequestRow {
  r_way: AcceptanceWay | null;
  r_company_name: string | null;
  r_country: string | null;
  r_language: string | null;
  r_first_name: string | null;
  r_last_name: string | null;
  r_email: string | null;
  r_phone: string | null;
  r_step: AcceptanceRequest['step'] | null;
  r_attestation_id: string | null;
  r_acceptance_url: string | null;
  r_requested_at: string | null;
  r_expires_at: string | null;
  r_customer_answer: CustomerAnswer | null;
  r_answered_at: string | null;
  r_last_checked_at: string | null;
  r_checks: number | null;
  r_requested_by: string | null;
}

interface ItemRow extends RequestRow {
  id: string;
  kind: QueueItem['kind'];
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
  /** acceptance-request items: how many times the customer's answer was checked. */
  checks: number;
}

/** What an acceptance request asks: who signs, and what Microsoft's page shows them. */
export interface RequestInput {
  way: AcceptanceWay;
  signatory: Contact;
  companyName: string;
  country: string;
  language: string;
  /** Known from the start for the admin center's page; the attestation's link comes with it. */
  acceptanceUrl?: string;
}

/** One row of a bulk import: a confirmation (with what the operator saw) or a request. */
export type ImportEntry = { customer: { id: string; companyName: string } } & ({ acceptance: AcceptanceInput; seen: OperatorView } | { request: RequestInput });

/** Why an item reached a terminal state (kept in its history and the activity log). */
export type FinishReason =
  | 'created'
  | 'found-after-interruption'
  | 'found-same-contact'
  | 'partner-record-exists'
  | 'accepted-directly'
  | 'already-exists-600061'
  | 'customer-created'
  | 'customer-found-after-interruption'
  | 'agreement-created';
/**
 * Back in the queue (or waiting for the customer) without spending an attempt; `interrupted`:
 * the process sending it ended (crash, kill); `app-credential-needed`: a request needs the web app's key.
 */
export type WaitReason = 'offline' | 'throttled' | 'sign-in-needed' | 'date-not-started' | 'interrupted' | 'app-credential-needed' | 'checked-pending' | 'check-failed';

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
         c.seen_json, o.send_anyway,
         r.way AS r_way, r.company_name AS r_company_name, r.country AS r_country, r.language AS r_language,
         r.first_name AS r_first_name, r.last_name AS r_last_name, r.email AS r_email, r.phone AS r_phone, r.step AS r_step,
         r.attestation_id AS r_attestation_id, r.acceptance_url AS r_acceptance_url, r.requested_at AS r_requested_at,
         r.expires_at AS r_expires_at, r.customer_answer AS r_customer_answer, r.answered_at AS r_answered_at,
         r.last_checked_at AS r_last_checked_at, r.checks AS r_checks, r.requested_by AS r_requested_by
  FROM outbox o LEFT JOIN confirmations c ON c.id = o.confirmation_id LEFT JOIN acceptance_requests r ON r.item_id = o.id`;

function requestOf(row: RequestRow): AcceptanceRequest | null {
  if (!row.r_way || !row.r_step) return null;
  return {
    way: row.r_way,
    companyName: row.r_company_name ?? '',
    country: row.r_country ?? '',
    language: row.r_language ?? '',
    step: row.r_step,
    attestationId: row.r_attestation_id,
    acceptanceUrl: row.r_acceptance_url,
    requestedAt: row.r_requested_at,
    expiresAt: row.r_expires_at,
    customerAnswer: row.r_customer_answer,
    answeredAt: row.r_answered_at,
    lastCheckedAt: row.r_last_checked_at,
    requestedBy: row.r_requested_by ?? '',
  };
}

function toItem(row: ItemRow): ClaimedItem {
  const payload = row.payload_json ? (JSON.parse(row.payload_json) as NewCustomerPayload) : null;
  const request = requestOf(row);
  // Who: the new customer's primary contact, the request's signatory, or who accepted.
  const person = payload ? payload.contact : request ? { firstName: row.r_first_name, lastName: row.r_last_name, email: row.r_email, phone: row.r_phone } : { firstName: row.first_name, lastName: row.last_name, email: row.email, phone: row.phone };
  const contact = { firstName: person.firstName ?? '', lastName: person.lastName ?? '', email: person.email ?? '', ...(person.phone ? { phone: person.phone } : {}) };
  return {
    id: row.id,
    kind: row.kind,
    customerId: row.customer_id,
    companyName: payload?.company.name ?? request?.companyName ?? row.company_name ?? '',
    contact,
    // A request's date of acceptance is the day the customer accepted.
    dateAgreed: request ? (request.customerAnswer === 'accepted' && request.answeredAt ? request.answeredAt.slice(0, 10) : null) : row.date_agreed,
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
    serverRecord: row.server_record_json && row.kind !== 'create-customer' ? (JSON.parse(row.server_record_json) as AgreementRecord) : null,
    operatorView: row.seen_json ? operatorViewSchema.parse(JSON.parse(row.seen_json)) : null,
    sendAnyway: row.send_anyway === 1,
    request,
    checks: row.r_checks ?? 0,
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
    writeTransaction(this.db, () => {
      const confirmationId = this.insertConfirmation(customer, acceptance, seen, actor, now);
      this.db
        .prepare(
          `INSERT INTO outbox (id, kind, confirmation_id, customer_id, state, created_at, updated_at)
           VALUES (?, 'confirm-acceptance', ?, ?, 'queued', ?, ?)`,
        )
        .run(itemId, confirmationId, customer.id, now, now);
      this.audit.append({ at: now, actor, action: 'confirmation.saved', subject: customer.id, details: { itemId, company: customer.companyName, dateAgreed: acceptance.dateAgreed } });
    });
    return itemId;
  }

  /**
   * A new customer made in the wizard: its create-customer item and, when the customer accepted
   * the MCA, a confirmation that waits for the creation — all in one transaction. Until Partner
   * Center gives a tenant id, both carry `local:<create item id>` as the customer id.
   */
  enqueueNewCustomer(
    payload: NewCustomerPayload,
    acceptance: AcceptanceInput | null,
    actor: string,
    now: string,
    /** Or: ask the customer to accept once created (an acceptance request waiting for the creation). */
    request: RequestInput | null = null,
  ): { createItemId: string; confirmItemId: string | null } {
    const createItemId = newId();
    const localId = `local:${createItemId}`;
    let confirmItemId: string | null = null;
    writeTransaction(this.db, () => {
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
      } else if (request) {
        confirmItemId = this.insertRequest({ id: localId, companyName: payload.company.name }, request, actor, now, createItemId);
      }
    });
    return { createItemId, confirmItemId };
  }

  private insertRequest(customer: { id: string; companyName: string }, request: RequestInput, actor: string, now: string, dependsOn: string | null): string {
    const itemId = newId();
    this.db
      .prepare(`INSERT INTO outbox (id, kind, customer_id, state, depends_on, created_at, updated_at) VALUES (?, 'acceptance-request', ?, 'queued', ?, ?, ?)`)
      .run(itemId, customer.id, dependsOn, now, now);
    const { signatory } = request;
    this.db
      .prepare(
        `INSERT INTO acceptance_requests (item_id, way, company_name, country, language, first_name, last_name, email, phone, step, acceptance_url, requested_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(itemId, request.way, request.companyName, request.country, request.language, signatory.firstName, signatory.lastName, signatory.email, signatory.phone ?? null, request.way === 'attestation' ? 'create-attestation' : 'wait-for-customer', request.acceptanceUrl ?? null, actor, now);
    this.audit.append({
      at: now,
      actor,
      action: request.way === 'attestation' ? 'request.saved' : 'request.admin-center-saved',
      subject: customer.id,
      details: { itemId, company: customer.companyName, ...(request.way === 'attestation' ? { person: `${signatory.firstName} ${signatory.lastName}`, email: signatory.email, country: request.country, language: request.language } : {}) },
    });
    return itemId;
  }

  /**
   * Saves an acceptance request (Partner Center creates it when the queue sends it). The way
   * 'admin-center' has nothing to create: it waits at once, checking the direct acceptance.
   */
  enqueueRequest(customer: { id: string; companyName: string }, request: RequestInput, actor: string, now: string): string {
    return writeTransaction(this.db, () => {
      const itemId = this.insertRequest(customer, request, actor, now, null);
      if (request.way === 'admin-center') {
        this.db.prepare(`UPDATE outbox SET state = 'waiting-for-customer', next_attempt_at = NULL WHERE id = ?`).run(itemId);
        this.db.prepare(`UPDATE acceptance_requests SET requested_at = ?, customer_answer = 'pending' WHERE item_id = ?`).run(now, itemId);
      }
      return itemId;
    });
  }

  /**
   * A bulk import: every confirmation and request in one transaction (all or none), each as
   * `enqueue` / `enqueueRequest` saves one, with its audit entry, and one entry for the import.
   */
  enqueueImport(
    entries: readonly ImportEntry[],
    actor: string,
    now: string,
  ): string[] {
    return writeTransaction(this.db, () => {
      const insertItem = this.db.prepare(
        `INSERT INTO outbox (id, kind, confirmation_id, customer_id, state, created_at, updated_at) VALUES (?, 'confirm-acceptance', ?, ?, 'queued', ?, ?)`,
      );
      const ids = entries.map((entry) => {
        if ('request' in entry) return this.insertRequest(entry.customer, entry.request, actor, now, null);
        const itemId = newId();
        const confirmationId = this.insertConfirmation(entry.customer, entry.acceptance, entry.seen, actor, now);
        insertItem.run(itemId, confirmationId, entry.customer.id, now, now);
        this.audit.append({ at: now, actor, action: 'confirmation.saved', subject: entry.customer.id, details: { itemId, company: entry.customer.companyName, dateAgreed: entry.acceptance.dateAgreed, imported: true } });
        return itemId;
      });
      this.audit.append({ at: now, actor, action: 'import.queued', details: { items: ids.length } });
      return ids;
    });
  }

  /**
   * Who is in the queue now, per customer (an item not sent yet, waiting for the customer, or
   * waiting for the operator): `customerId\nemail` in lower case, as the import compares them.
   */
  queuedPeople(): Set<string> {
    const rows = this.db
      .prepare(
        `SELECT o.customer_id, coalesce(c.email, r.email) AS email FROM outbox o
           LEFT JOIN confirmations c ON c.id = o.confirmation_id LEFT JOIN acceptance_requests r ON r.item_id = o.id
         WHERE o.state IN ('queued','sending','waiting-for-customer','needs-attention','already-confirmed') AND coalesce(c.email, r.email) IS NOT NULL`,
      )
      .all() as { customer_id: string; email: string }[];
    return new Set(rows.map((r) => `${r.customer_id}\n${r.email.toLowerCase()}`));
  }

  /** Partner Center created the attestation: the request now waits for the customer. */
  requestCreated(id: string, created: { attestationId: string; acceptanceUrl: string; requestedAt: string; expiresAt: string | null }, nextCheckAt: string, now: string): void {
    writeTransaction(this.db, () => {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'waiting-for-customer', attempts = attempts + 1, request_id = NULL, last_error_json = NULL, needs_reconcile = 0,
             next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'sending'`,
        )
        .run(nextCheckAt, now, id);
      this.db
        .prepare(
          `UPDATE acceptance_requests SET step = 'wait-for-customer', attestation_id = ?, acceptance_url = ?, requested_at = ?, expires_at = ?,
             customer_answer = 'pending', answered_at = NULL, checks = 0, last_checked_at = NULL WHERE item_id = ?`,
        )
        .run(created.attestationId, created.acceptanceUrl, created.requestedAt, created.expiresAt, id);
      this.attempt(id, now, 'waiting', 'created-attestation', nextCheckAt, null);
      this.audit.append({ at: now, actor: 'sync', action: 'sync.request-created', subject: id, details: { company: this.companyOf(id), attestationId: created.attestationId } });
    });
  }

  /** The customer has not answered yet: checked again at `nextCheckAt` (no attempt spent). */
  requestChecked(id: string, nextCheckAt: string, now: string): void {
    writeTransaction(this.db, () => {
      this.db.prepare(`UPDATE outbox SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, last_error_json = NULL, updated_at = ? WHERE id = ? AND state = 'waiting-for-customer'`).run(nextCheckAt, now, id);
      this.db.prepare(`UPDATE acceptance_requests SET checks = checks + 1, last_checked_at = ?, customer_answer = 'pending' WHERE item_id = ?`).run(now, id);
      this.attempt(id, now, 'waiting', 'checked-pending', nextCheckAt, null);
    });
  }

  /** A check that could not be made (offline, throttled, no web app key): tried again at `nextCheckAt`. */
  releaseCheck(id: string, nextCheckAt: string, now: string, reason: WaitReason): void {
    writeTransaction(this.db, () => {
      this.db.prepare(`UPDATE outbox SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'waiting-for-customer'`).run(nextCheckAt, id);
      this.attempt(id, now, 'waiting', reason, nextCheckAt, null);
    });
  }

  /**
   * The customer accepted: the agreement is created next, as a send (the item keeps its lease).
   * False when the request no longer waits (discarded meanwhile): then nothing is created.
   */
  customerAccepted(id: string, answeredAt: string, now: string): boolean {
    return writeTransaction(this.db, () => {
      const moved = this.db.prepare(`UPDATE outbox SET state = 'sending', first_attempt_at = coalesce(first_attempt_at, ?), updated_at = ? WHERE id = ? AND state = 'waiting-for-customer'`).run(now, now, id).changes === 1;
      if (!moved) return false;
      this.db.prepare(`UPDATE acceptance_requests SET step = 'create-agreement', customer_answer = 'accepted', answered_at = ?, last_checked_at = ?, checks = checks + 1 WHERE item_id = ?`).run(answeredAt, now, id);
      this.attempt(id, now, 'notice', 'customer-accepted', null, null);
      this.audit.append({ at: now, actor: 'sync', action: 'sync.customer-accepted', subject: id, details: { company: this.companyOf(id), acceptedAt: answeredAt } });
      return true;
    });
  }

  /** The customer declined, or the request expired: the operator decides (send a new request, or discard). */
  requestAnswered(id: string, answer: 'declined' | 'expired', answeredAt: string | null, now: string): void {
    const error: SyncError = { message: answer === 'declined' ? 'error.request.declined' : 'error.request.expired' };
    writeTransaction(this.db, () => {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'needs-attention', last_error_json = ?, next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?
           WHERE id = ? AND state = 'waiting-for-customer'`,
        )
        .run(JSON.stringify(error), now, id);
      this.db.prepare(`UPDATE acceptance_requests SET customer_answer = ?, answered_at = ?, last_checked_at = ?, checks = checks + 1 WHERE item_id = ?`).run(answer, answeredAt, now, id);
      this.attempt(id, now, 'needs-attention', answer === 'declined' ? 'customer-declined' : 'request-expired', null, error);
      this.audit.append({ at: now, actor: 'sync', action: `sync.request-${answer}`, subject: id, details: { company: this.companyOf(id) } });
    });
  }

  /** Operator: "Send a new request" for a declined or expired one (the same signatory). */
  renewRequest(id: string, actor: string, now: string): ClaimedItem {
    writeTransaction(this.db, () => {
      const item = this.requireState(id, 'send-new-request');
      this.db
        .prepare(
          `UPDATE outbox SET state = 'queued', next_attempt_at = NULL, first_attempt_at = NULL, last_error_json = NULL, request_id = NULL, needs_reconcile = 0, updated_at = ? WHERE id = ?`,
        )
        .run(now, id);
      this.db
        .prepare(
          `UPDATE acceptance_requests SET step = 'create-attestation', attestation_id = NULL, acceptance_url = NULL, requested_at = NULL, expires_at = NULL,
             customer_answer = NULL, answered_at = NULL, last_checked_at = NULL, checks = 0 WHERE item_id = ?`,
        )
        .run(id);
      this.attempt(id, now, 'operator', 'new-request', null, null);
      this.audit.append({ at: now, actor, action: 'operator.new-request', subject: id, details: { company: item.companyName, previous: item.request?.attestationId ?? null, answer: item.request?.customerAnswer ?? null } });
    });
    return this.get(id)!;
  }

  /** Operator: "Check now" — a request waiting for the customer is checked at once. */
  checkNow(id: string, actor: string, now: string): ClaimedItem {
    writeTransaction(this.db, () => {
      const item = this.requireState(id, 'check-now');
      this.db.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE id = ?`).run(id);
      this.audit.append({ at: now, actor, action: 'operator.check-now', subject: id, details: { company: item.companyName } });
    });
    return this.get(id)!;
  }

  /**
   * Operator: a partner confirmation Partner Center refused as retired becomes an acceptance
   * request for the same person; the confirmation is discarded, saying why. Answers the request.
   */
  convertToRequest(id: string, request: Omit<RequestInput, 'way' | 'signatory'>, actor: string, now: string): ClaimedItem {
    const requestId = writeTransaction(this.db, () => {
      const item = this.requireState(id, 'convert-to-request');
      const reason = 'ui.queue.convertedToRequest';
      this.db.prepare(`UPDATE outbox SET state = 'discarded', discard_reason = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`).run(reason, now, id);
      this.attempt(id, now, 'operator', 'converted-to-request', null, null);
      const created = this.insertRequest({ id: item.customerId, companyName: item.companyName }, { ...request, way: 'attestation', signatory: item.contact }, actor, now, null);
      this.audit.append({ at: now, actor, action: 'operator.convert-to-request', subject: id, details: { company: item.companyName, requestItemId: created } });
      return created;
    });
    return this.get(requestId)!;
  }

  /**
   * Partner Center created the customer: the item is done, and everything that waited under the
   * local id (its confirmation) now belongs to the real tenant id.
   */
  customerCreated(itemId: string, customerId: string, now: string, reason: 'customer-created' | 'customer-found-after-interruption'): void {
    writeTransaction(this.db, () => {
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
    });
  }

  /** Operator: correct a create-customer item that needs attention (e.g. a domain taken meanwhile). */
  editNewCustomer(id: string, payload: NewCustomerPayload, actor: string, now: string): ClaimedItem {
    writeTransaction(this.db, () => {
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
    });
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

  /** The item's attempts, oldest first; an unknown id is refused like every queue action's (not an empty history). */
  history(id: string): Attempt[] {
    if (!this.db.prepare('SELECT 1 FROM outbox WHERE id = ?').get(id)) throw new QueueActionError('not-found', { id });
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
        `SELECT p.first_name, p.last_name, p.email, p.phone FROM outbox o
           JOIN (SELECT id AS ref, first_name, last_name, email, phone FROM confirmations
                 UNION ALL SELECT item_id AS ref, first_name, last_name, email, phone FROM acceptance_requests) p
             ON p.ref = coalesce(o.confirmation_id, o.id)
         WHERE o.customer_id = @customerId AND o.state <> 'discarded' AND o.seq < (SELECT seq FROM outbox WHERE id = @itemId)`,
      )
      .all({ customerId, itemId }) as { first_name: string; last_name: string; email: string; phone: string | null }[];
    return rows.map((r) => ({ firstName: r.first_name, lastName: r.last_name, email: r.email, ...(r.phone ? { phone: r.phone } : {}) }));
  }

  /** The newest item for a customer that still waits (to be sent, or for the customer) or was rejected. */
  openItemFor(customerId: string): ClaimedItem | null {
    const row = this.db
      .prepare(`${SELECT_ITEM} WHERE o.customer_id = ? AND o.state IN ('queued','sending','waiting-for-customer','needs-attention') ORDER BY o.seq DESC LIMIT 1`)
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
           SELECT lease_until FROM outbox WHERE state IN ('sending','waiting-for-customer') AND lease_until IS NOT NULL
           UNION ALL
           -- A request waiting for the customer: its next check.
           SELECT coalesce(next_attempt_at, '') FROM outbox WHERE state = 'waiting-for-customer' AND lease_owner IS NULL
         )`,
      )
      .get() as { at: string | null };
    return row.at;
  }

  /**
   * Claims up to `limit` due items for sending, recording a lease. Never two items of one
   * customer at once, and per customer only the oldest waiting item (sent in order).
   */
  claimDue(now: string, limit: number, owner: string, leaseUntil: string, options: { requests: boolean } = { requests: true }): ClaimedItem[] {
    return writeTransaction(this.db, () => {
      const requests = options.requests ? 1 : 0;
      const ids = this.db
        .prepare(
          `SELECT o.id FROM outbox o
           WHERE o.state = 'queued' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= @now)
             AND (@requests = 1 OR o.kind <> 'acceptance-request')
             AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.customer_id = o.customer_id AND p.seq < o.seq AND p.state IN ('queued','sending'))
             AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.customer_id = o.customer_id AND s.state = 'sending')
             AND (o.depends_on IS NULL OR EXISTS (SELECT 1 FROM outbox d WHERE d.id = o.depends_on AND d.state = 'confirmed'))
           ORDER BY o.seq LIMIT @limit`,
        )
        .all({ now, limit, requests }) as { id: string }[];
      const claim = this.db.prepare(
        `UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ?, updated_at = ?,
           first_attempt_at = coalesce(first_attempt_at, ?) WHERE id = ? AND state = 'queued'`,
      );
      for (const { id } of ids) claim.run(owner, leaseUntil, now, now, id);
      // Requests waiting for the customer whose check is due: leased, but they stay "waiting for
      // the customer" while they are checked (a check only reads).
      const checks = this.db
        .prepare(
          `SELECT id FROM outbox WHERE state = 'waiting-for-customer' AND @requests = 1 AND lease_owner IS NULL
             AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
           ORDER BY coalesce(next_attempt_at, ''), seq LIMIT @limit`,
        )
        .all({ now, limit: limit - ids.length, requests }) as { id: string }[];
      const lease = this.db.prepare(`UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ? AND state = 'waiting-for-customer' AND lease_owner IS NULL`);
      for (const { id } of checks) lease.run(owner, leaseUntil, id);
      return [...ids, ...checks].map(({ id }) => this.get(id)).filter((item): item is ClaimedItem => item !== null);
    });
  }

  /**
   * After a crash, items whose lease ran out, or whose owner is surely gone (its process ended),
   * go back to the queue marked for reconciliation: the engine reads Partner Center before it
   * sends anything again. A lease of a live owner is never taken.
   */
  recoverLeases(now: string, isOwnerGone: (owner: string) => boolean): number {
    return writeTransaction(this.db, () => {
      const rows = this.db
        .prepare(`SELECT id, state, lease_owner, lease_until FROM outbox WHERE state = 'sending' OR (state = 'waiting-for-customer' AND lease_owner IS NOT NULL)`)
        .all() as { id: string; state: QueueState; lease_owner: string | null; lease_until: string | null }[];
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
      // A check of a waiting request only read: its lease just goes.
      const unlease = this.db.prepare(`UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'waiting-for-customer'`);
      let recovered = 0;
      for (const row of rows) {
        const expired = row.lease_until === null || row.lease_until <= now;
        if (!expired && !(row.lease_owner !== null && ownerGone(row.lease_owner))) continue;
        if (row.state === 'waiting-for-customer') {
          unlease.run(row.id);
          continue;
        }
        recovered += recover.run(now, row.id).changes;
        this.attempt(row.id, now, 'waiting', 'interrupted', null, null);
      }
      return recovered;
    });
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
    writeTransaction(this.db, () => {
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
    });
  }

  needsAttention(id: string, error: SyncError, now: string, reason: 'rejected' | 'gave-up' | 'failed' = 'rejected'): void {
    writeTransaction(this.db, () => {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'needs-attention', attempts = attempts + 1, last_error_json = ?, next_attempt_at = NULL,
             lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(JSON.stringify(error), now, id);
      this.attempt(id, now, 'needs-attention', reason, null, error);
      this.audit.append({ at: now, actor: 'sync', action: 'sync.needs-attention', subject: id, details: { reason, company: this.companyOf(id), ...error } });
    });
  }

  /** A failed attempt that will be tried again at `nextAttemptAt`. */
  retryLater(id: string, error: SyncError, nextAttemptAt: string, now: string): void {
    writeTransaction(this.db, () => {
      this.db
        .prepare(
          `UPDATE outbox SET state = 'queued', attempts = attempts + 1, last_error_json = ?, next_attempt_at = ?,
             lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`,
        )
        .run(JSON.stringify(error), nextAttemptAt, now, id);
      this.attempt(id, now, 'retry-scheduled', 'failed', nextAttemptAt, error);
      this.audit.append({ at: now, actor: 'sync', action: 'sync.retry-scheduled', subject: id, details: { company: this.companyOf(id), ...error, nextAttemptAt } });
    });
  }

  /** Back to the queue without spending an attempt (offline, throttled, signed out, date not yet started in UTC). */
  release(id: string, now: string, reason: WaitReason, nextAttemptAt: string | null = null): void {
    writeTransaction(this.db, () => {
      this.db
        .prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?`)
        .run(nextAttemptAt, now, id);
      this.attempt(id, now, 'waiting', reason, nextAttemptAt, null);
    });
  }

  /** The item, if the operator may do `action` with it (the shared rule, src/shared/queue-actions.ts). */
  requireState(id: string, action: QueueAction): ClaimedItem {
    const item = this.get(id);
    if (!item) throw new QueueActionError('not-found', { id });
    if (!mayAct(action, item)) throw new QueueActionError('wrong-state', { id, state: item.state, action });
    return item;
  }

  /** Operator: send a needs-attention item again as it is. */
  retry(id: string, actor: string, now: string): ClaimedItem {
    writeTransaction(this.db, () => {
      this.requireState(id, 'retry');
      this.db
        .prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = NULL, first_attempt_at = NULL, needs_reconcile = 1, updated_at = ? WHERE id = ?`)
        .run(now, id);
      this.attempt(id, now, 'operator', 'retried', null, null);
      this.audit.append({ at: now, actor, action: 'operator.retry', subject: id, details: { company: this.companyOf(id) } });
    });
    return this.get(id)!;
  }

  /**
   * Operator: correct a needs-attention item and send it again. The corrected details become a
   * new confirmation; the earlier one stays on record, pointing to it.
   */
  editAndRetry(id: string, acceptance: AcceptanceInput, seen: OperatorView, actor: string, now: string): ClaimedItem {
    writeTransaction(this.db, () => {
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
    });
    return this.get(id)!;
  }

  /**
   * Operator: Partner Center already held an acceptance they had not seen ("Already confirmed");
   * send this confirmation still, as it is. Records they did not see no longer hold it back; the
   * same person already on record still counts as done (nothing is sent twice).
   */
  sendAnyway(id: string, actor: string, now: string): ClaimedItem {
    writeTransaction(this.db, () => {
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
    });
    return this.get(id)!;
  }

  /** Operator: give up on an item that has not reached Partner Center, saying why. */
  discard(id: string, reason: string, actor: string, now: string): ClaimedItem {
    writeTransaction(this.db, () => {
      const item = this.requireState(id, 'discard');
      this.db.prepare(`UPDATE outbox SET state = 'discarded', discard_reason = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`).run(reason, now, id);
      this.attempt(id, now, 'operator', 'discarded', null, null);
      // A confirmation waiting for a customer that will now never be created goes with it.
      for (const dependent of this.db.prepare(`SELECT id FROM outbox WHERE depends_on = ? AND state IN ('queued','needs-attention')`).all(id) as { id: string }[]) {
        this.db.prepare(`UPDATE outbox SET state = 'discarded', discard_reason = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`).run(reason, now, dependent.id);
        this.attempt(dependent.id, now, 'operator', 'discarded', null, null);
      }
      this.audit.append({ at: now, actor, action: 'operator.discard', subject: id, details: { reason, company: item.companyName } });
    });
    return this.get(id)!;
  }
}
