import type { AgreementRecord, SyncError, SyncStatus } from '../../../shared/domain';
import { sleep } from '../../../shared/sleep';
import { iso, newId, type Clock } from '../clock';
import { NOTHING_SEEN, type ClaimedItem, type FinishReason, type Outbox } from '../confirmations/outbox';
import type { StatusRepo } from '../customers/status-repo';
import { AGREEMENT_ALREADY_EXISTS_CODE, refusedFields } from '../../../shared/partner-center-codes';
import { AppFailure } from '../app-failure';
import { isPartnerCenterError, keepsRequestId } from '../partner-center/errors';
import type { RequestContext } from '../partner-center';
import { isOutdatedTemplate } from '../partner-center/attestation';
import { sameContact, sameRecord, unseenRecords, type AgreementsPort, type CreatedCustomerResult, type CustomersPort } from './agreements-port';
import { isLeaseOwnerGone, newLeaseOwner, releaseLeaseOwner } from './lease-owner';
import { DOMAIN_SUFFIX } from '../../../shared/new-customer';
import type { ConnectivityMonitor } from './connectivity';
import { pollDelayMs, retryDelayMs, sendableFrom, shouldGiveUp } from './retry-policy';
import { processRequest } from './request-steps';
import { AppCredentialNeeded, type RequestsPort } from './requests-port';

export interface SyncSettings {
  parallelism: number;
  leaseMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  maxElapsedMs: number;
  minAttempts: number;
  /** Checking whether the customer accepted a request: the first check, and the longest wait between two. */
  pollFirstMs: number;
  pollCapMs: number;
}

export const defaultSyncSettings: SyncSettings = {
  parallelism: 4,
  leaseMs: 120_000,
  backoffBaseMs: 2_000,
  backoffCapMs: 5 * 60_000,
  maxElapsedMs: 24 * 60 * 60_000,
  minAttempts: 8,
  pollFirstMs: 60_000,
  pollCapMs: 15 * 60_000,
};

export interface SyncEngineDeps {
  outbox: Outbox;
  statuses: StatusRepo;
  agreements: AgreementsPort;
  /** Needed for create-customer items. */
  customers?: CustomersPort;
  /** Needed for acceptance requests (the enhanced attestation API). */
  requests?: RequestsPort;
  /** A create-customer item created its customer (credentials only in memory, never stored). */
  onCustomerCreated?: (itemId: string, created: CreatedCustomerResult) => void;
  connectivity: ConnectivityMonitor;
  clock: Clock;
  settings?: Partial<SyncSettings>;
  /**
   * Held: sends nothing until `release()` (the CLI saves without sending; "sync" releases it).
   * Default false: the app sends whenever something is due.
   */
  held?: boolean;
  random?: () => number;
  /** Called after every change of queue state; customerId when one customer's status moved. */
  onChange: (customerId: string | null) => void;
}

type Outcome = 'done' | 'stop';

const BUSY_RETRY_MS = 1_000;
/** How long a throttled pass waits when Partner Center gives no Retry-After. */
const THROTTLED_DEFAULT_MS = 30_000;

/** SQLite's "database is locked": another process (a second app, the CLI) holds the write lock. */
function isDatabaseBusy(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** How long a read-before-write that found nothing stays good for the send that follows. */
const PRECHECK_FRESH_MS = 60_000;

/**
 * Sends queued confirmations to Partner Center, exactly once per confirmation:
 * - before posting, it reads the customer's agreements: a record with the same contact is ours
 *   (an earlier send whose answer was lost) → confirmed; records or a direct acceptance the
 *   operator did not see when saving → already-confirmed, nothing sent; records they saw → sent
 *   (a re-confirmation);
 * - 600061 counts as confirmed; the MS-RequestId of a send without an answer is reused;
 * - leases name their process: after a crash, a restarted engine takes back at once the items
 *   of a process that is gone (never those of a live one) and reconciles them before sending;
 * - 429 pauses the whole queue until Retry-After (and the transport's pacer, partner-center/pacer.ts,
 *   then keeps every request under the limit it found); 401 parks it as "sign-in needed" without
 *   spending attempts; network failures mark Partner Center unreachable; 5xx and timeouts retry
 *   with backoff; other rejections go to needs-attention.
 */
export class SyncEngine {
  private settings: SyncSettings;
  /** Names this engine in the leases it takes (its process and machine: see lease-owner). */
  private readonly owner = newLeaseOwner();
  private readonly random: () => number;
  private throttledUntil: Date | null = null;
  /** Set when the database was busy (another process writing): drain again after it. */
  private busyUntil: Date | null = null;
  private signInNeeded = false;
  /** Acceptance requests wait for the web app's key (missing or refused); confirmations go on. */
  private appCredentialNeeded = false;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private templateId: string | null = null;
  /** Items whose read-before-write found nothing in the way, and when (in memory: a restart reads again). */
  private readonly prechecked = new Map<string, { records?: { at: number; list: AgreementRecord[] }; direct?: number }>();

  private held: boolean;

  constructor(private readonly deps: SyncEngineDeps) {
    this.settings = { ...defaultSyncSettings, ...deps.settings };
    this.held = deps.held ?? false;
    this.random = deps.random ?? Math.random;
  }

  status(): SyncStatus {
    const counts = this.deps.outbox.counts();
    const now = this.deps.clock.now();
    let waiting: SyncStatus['waiting'] = null;
    if (counts.queued > 0 || counts.sending > 0 || counts.waitingForCustomer > 0) {
      if (!this.deps.connectivity.online) waiting = { reason: 'offline' };
      else if (this.signInNeeded) waiting = { reason: 'sign-in-needed' };
      else if (this.throttledUntil && this.throttledUntil > now) waiting = { reason: 'throttled', until: iso(this.throttledUntil) };
      else if (this.appCredentialNeeded) waiting = { reason: 'app-credential-needed' };
    }
    return { counts, running: this.draining !== null, waiting };
  }

  /** Starts sending whatever is due; safe to call often (coalesces). */
  kick(): void {
    if (this.stopped || this.held) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.deps.onChange(null);
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.scheduleNext();
      }
    });
    this.deps.onChange(null);
  }

  /** Lets a held engine send (see SyncEngineDeps.held). */
  release(): void {
    this.held = false;
  }

  /** Resolves when the current drain (if any) has finished. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** New settings apply from the next item on (the next drain for parallelism). */
  updateSettings(settings: Partial<SyncSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  currentSettings(): SyncSettings {
    return { ...this.settings };
  }

  /**
   * Sends this customer's waiting items now (before an order), waiting for their outcome; returns
   * early when the queue cannot send (offline, throttled, signed out) or after `timeoutMs`.
   */
  async flushCustomer(customerId: string, timeoutMs = 60_000): Promise<void> {
    const deadline = this.deps.clock.now().getTime() + timeoutMs;
    this.deps.outbox.makeDueNow(customerId, iso(this.deps.clock.now()));
    while (this.deps.outbox.hasOpenItems(customerId) && this.canSend() && this.deps.clock.now().getTime() < deadline) {
      this.kick();
      await this.idle();
      if (this.deps.outbox.hasOpenItems(customerId)) await sleep(100);
    }
  }

  /** The web app's key was set (or removed): acceptance requests may try again. */
  appCredentialChanged(): void {
    this.appCredentialNeeded = false;
    this.kick();
  }

  /** The operator signed in again: resume the parked queue. */
  signedIn(): void {
    this.signInNeeded = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
    releaseLeaseOwner(this.owner);
  }

  private canSend(): boolean {
    if (this.stopped || this.signInNeeded || !this.deps.connectivity.online) return false;
    return !(this.throttledUntil && this.throttledUntil > this.deps.clock.now());
  }

  private async drain(): Promise<void> {
    const worker = async () => {
      while (this.canSend()) {
        const now = this.deps.clock.now();
        const leaseUntil = iso(new Date(now.getTime() + this.settings.leaseMs));
        const [item] = this.deps.outbox.claimDue(iso(now), 1, this.owner, leaseUntil, { requests: !this.appCredentialNeeded && this.deps.requests !== undefined });
        if (!item) return;
        this.deps.onChange(item.customerId);
        if ((await this.process(item)) === 'stop') return;
      }
    };
    try {
      this.deps.outbox.recoverLeases(iso(this.deps.clock.now()), isLeaseOwnerGone);
      await Promise.all(Array.from({ length: this.settings.parallelism }, worker));
    } catch (error) {
      // Another process holds the database longer than the busy timeout: try again shortly.
      if (!isDatabaseBusy(error)) throw error;
      this.busyUntil = new Date(this.deps.clock.now().getTime() + BUSY_RETRY_MS);
    }
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.deps.clock.now().getTime();
    const candidates: number[] = [];
    const due = this.deps.outbox.nextDueAt();
    if (due !== null) candidates.push(due === '' ? now : Date.parse(due));
    if (this.throttledUntil) candidates.push(this.throttledUntil.getTime());
    if (this.busyUntil) {
      candidates.push(this.busyUntil.getTime());
      this.busyUntil = null;
    }
    if (candidates.length === 0) return;
    const delay = Math.max(50, Math.min(...candidates) - now);
    this.timer = setTimeout(() => this.kick(), Math.min(delay, 2 ** 31 - 1));
    this.timer.unref();
  }

  private async process(item: ClaimedItem): Promise<Outcome> {
    if (item.kind === 'create-customer') return this.processCreation(item);
    if (item.kind === 'acceptance-request') return this.processRequest(item);
    return this.processConfirmation(item);
  }

  /** One step of an acceptance request (request-steps.ts); a failed check goes back to waiting. */
  private async processRequest(item: ClaimedItem): Promise<Outcome> {
    const { outbox, statuses, agreements, requests, clock } = this.deps;
    try {
      if (!requests) throw new AppFailure('internal', 'error.sync.cannotRequest');
      const outcome = await processRequest(
        {
          outbox,
          statuses,
          agreements,
          requests,
          clock,
          owner: this.owner,
          leaseMs: this.settings.leaseMs,
          poll: { firstMs: this.settings.pollFirstMs, capMs: this.settings.pollCapMs },
          random: this.random,
          templateId: async (ctx) => (this.templateId ??= await agreements.mcaTemplateId(ctx)),
        },
        item,
      );
      return outcome === 'lease-lost' ? 'done' : this.settled(item);
    } catch (error) {
      // A check that found the customer had accepted went on to create the agreement: a failure
      // then is a send's failure, not a check's. The item's state now says which.
      const checking = !isDatabaseBusy(error) && outbox.get(item.id)?.state === 'waiting-for-customer';
      if (error instanceof AppCredentialNeeded) {
        this.appCredentialNeeded = true;
        this.deps.onChange(item.customerId);
        if (checking) outbox.releaseCheck(item.id, iso(clock.now()), iso(clock.now()), 'app-credential-needed');
        else outbox.release(item.id, iso(clock.now()), 'app-credential-needed');
        return 'stop';
      }
      return checking ? this.checkFailed(item, error) : this.failed(item, error);
    }
  }

  /**
   * A failure that stops the whole pass, whatever the item: the local store busy, Partner Center
   * throttling (until its Retry-After, else 30 s), or a sign-in needed. Noted on the engine, which
   * the next pass reads; null for a failure of this item only.
   */
  private stopsThePass(error: unknown, now: Date): 'busy' | 'sign-in-needed' | { until: Date } | null {
    if (isDatabaseBusy(error)) {
      this.busyUntil = new Date(now.getTime() + BUSY_RETRY_MS);
      return 'busy';
    }
    if (!isPartnerCenterError(error)) return null;
    if (error.kind === 'throttled') {
      this.throttledUntil = error.retryAt && error.retryAt > now ? error.retryAt : new Date(now.getTime() + THROTTLED_DEFAULT_MS);
      return { until: this.throttledUntil };
    }
    if (error.signInNeeded) {
      this.signInNeeded = true;
      return 'sign-in-needed';
    }
    return null;
  }

  /**
   * A check of a waiting request that got no answer goes back to waiting (nothing was written):
   * throttled, offline and signed out as for sends; other answers need the operator.
   */
  private checkFailed(item: ClaimedItem, error: unknown): Outcome {
    const { outbox, clock, connectivity } = this.deps;
    const now = clock.now();
    const stop = this.stopsThePass(error, now);
    if (stop === 'busy') return 'stop';
    this.deps.onChange(item.customerId);
    if (stop) {
      if (stop === 'sign-in-needed') outbox.releaseCheck(item.id, iso(now), iso(now), stop);
      else outbox.releaseCheck(item.id, iso(stop.until), iso(now), 'throttled');
      return 'stop';
    }
    const later = (ms: number) => iso(new Date(now.getTime() + ms));
    const poll = () => pollDelayMs(item.checks, { firstMs: this.settings.pollFirstMs, capMs: this.settings.pollCapMs }, this.random);
    if (isPartnerCenterError(error)) {
      if (error.kind === 'network') {
        connectivity.reportNetworkFailure();
        outbox.releaseCheck(item.id, later(poll()), iso(now), 'offline');
        return 'done';
      }
      if (error.retryable) {
        outbox.releaseCheck(item.id, later(retryDelayMs(item.checks, { baseMs: this.settings.backoffBaseMs, capMs: this.settings.pollCapMs }, error.retryAt, now, this.random)), iso(now), 'check-failed');
        return 'done';
      }
    }
    outbox.needsAttention(item.id, toSyncError(error), iso(now));
    return 'done';
  }

  /**
   * Creates a customer made offline. After an interrupted create (no answer, or a crash), the
   * partner's customers are searched for the domain first: only the partner's own customers are
   * listed, so a hit is ours. A refused domain or country rule asks the operator, naming the field.
   */
  private async processCreation(item: ClaimedItem): Promise<Outcome> {
    const { outbox, clock, customers } = this.deps;
    const ctx: RequestContext = { correlationId: newId() };
    try {
      if (!customers || !item.payload) throw new AppFailure('internal', 'error.sync.cannotCreate');
      const domain = `${item.payload.company.domainPrefix}${DOMAIN_SUFFIX}`;
      if (item.needsReconcile || item.requestId !== null) {
        const found = await customers.findByDomain(domain, ctx);
        if (found) {
          outbox.customerCreated(item.id, found.customerId, iso(clock.now()), 'customer-found-after-interruption');
          this.deps.onCustomerCreated?.(item.id, { ...found, domain, credentials: null });
          return this.settled(item);
        }
      }
      const requestId = item.requestId ?? newId();
      const leaseUntil = iso(new Date(clock.now().getTime() + this.settings.leaseMs));
      if (!outbox.prepareSend(item.id, this.owner, requestId, leaseUntil)) return 'done';
      let created: CreatedCustomerResult;
      try {
        created = await customers.createCustomer(item.payload, { ...ctx, requestId });
      } catch (error) {
        if (!keepsRequestId(error)) outbox.clearRequestId(item.id);
        const fields = isPartnerCenterError(error) ? refusedFields(error.httpStatus, error.code) : null;
        if (fields) {
          outbox.needsAttention(item.id, { ...toSyncError(error), fields }, iso(clock.now()), 'rejected');
          this.deps.onChange(item.customerId);
          return 'done';
        }
        throw error;
      }
      outbox.customerCreated(item.id, created.customerId, iso(clock.now()), 'customer-created');
      this.deps.onCustomerCreated?.(item.id, created);
      return this.settled(item);
    } catch (error) {
      return this.failed(item, error);
    }
  }

  /**
   * Sends one confirmation, or finds that it must not be sent. Read before writing, then:
   * - a record with the same contact → confirmed (an earlier send of ours whose answer was lost,
   *   or 600061);
   * - records or a direct acceptance the operator did not see when saving → already-confirmed,
   *   naming what was found ("Send anyway" sends it still);
   * - otherwise → send: a re-confirmation of records the operator saw is what they meant.
   * After the send the records are read again: one that neither side had seen (a second desktop
   * sending in the same moment) is noted in the item's history.
   */
  private async processConfirmation(item: ClaimedItem): Promise<Outcome> {
    const { outbox, statuses, agreements, clock } = this.deps;
    const ctx: RequestContext = { correlationId: newId() };
    const dateAgreed = item.dateAgreed;
    const seen = item.operatorView ?? NOTHING_SEEN;
    try {
      if (dateAgreed === null) throw new AppFailure('internal', 'error.sync.noDate');
      this.templateId ??= await agreements.mcaTemplateId(ctx);
      const templateId = this.templateId;
      const finishFound = (state: 'confirmed' | 'already-confirmed', record: AgreementRecord | null, reason: FinishReason, records: AgreementRecord[], directlySigned: boolean | null) => {
        statuses.save(item.customerId, { partnerRecords: records, directlySigned, verifiedAt: iso(clock.now()) });
        outbox.finish(item.id, state, record, iso(clock.now()), reason);
        return this.settled(item);
      };

      // A read that just found nothing in the way is not repeated (under a tight rate limit the
      // calls of an item would otherwise never fit in one window), unless a send may have
      // happened since.
      const now0 = clock.now().getTime();
      const reads = item.requestId === null && !item.needsReconcile ? (this.prechecked.get(item.id) ?? {}) : {};
      const isFresh = (at: number | undefined) => at !== undefined && now0 - at < PRECHECK_FRESH_MS;
      const knownDirect = statuses.get(item.customerId)?.directlySigned ?? null;
      let records: AgreementRecord[];
      if (reads.records && isFresh(reads.records.at)) records = reads.records.list;
      else {
        records = await agreements.customerAgreements(item.customerId, ctx);
        const ours = records.find((r) => sameContact(r.contact, item.contact));
        if (ours) return finishFound('confirmed', ours, item.needsReconcile ? 'found-after-interruption' : 'found-same-contact', records, knownDirect);
        const unseen = item.sendAnyway ? [] : unseenRecords(records, seen.records, records.length > 0 ? outbox.earlierContacts(item.customerId, item.id) : []);
        if (unseen[0]) return finishFound('already-confirmed', unseen[0], 'partner-record-exists', records, knownDirect);
        this.prechecked.set(item.id, { ...reads, records: { at: clock.now().getTime(), list: records } });
      }
      // A direct acceptance the operator saw (or chose to send past) does not hold the item back.
      if (!item.sendAnyway && seen.directlySigned !== true && !isFresh(reads.direct)) {
        if (await agreements.directlySigned(item.customerId, ctx)) return finishFound('already-confirmed', null, 'accepted-directly', records, true);
        this.prechecked.set(item.id, { ...this.prechecked.get(item.id), direct: clock.now().getTime() });
      }

      const from = sendableFrom(dateAgreed);
      if (from > clock.now()) {
        outbox.release(item.id, iso(clock.now()), 'date-not-started', iso(from));
        return this.settled(item);
      }

      // A request id left from a send that got no answer is reused (Partner Center's idempotency).
      const requestId = item.requestId ?? newId();
      const leaseUntil = iso(new Date(clock.now().getTime() + this.settings.leaseMs));
      if (!outbox.prepareSend(item.id, this.owner, requestId, leaseUntil)) return 'done'; // lease lost to another engine
      let created: AgreementRecord;
      try {
        created = await agreements.createAgreement(item.customerId, { contact: item.contact, dateAgreed, templateId }, { ...ctx, requestId });
      } catch (error) {
        if (isPartnerCenterError(error) && error.code === AGREEMENT_ALREADY_EXISTS_CODE) {
          const record = { contact: item.contact, dateAgreed, templateId };
          statuses.addPartnerRecord(item.customerId, record, iso(clock.now()));
          outbox.finish(item.id, 'confirmed', record, iso(clock.now()), 'already-exists-600061');
          return this.settled(item);
        }
        // An answer (even an error) means the request id is spent; no answer keeps it for reuse.
        if (!keepsRequestId(error)) outbox.clearRequestId(item.id);
        // The template held went out of date (an earlier version): read the current one next time.
        if (isOutdatedTemplate(error)) this.templateId = null;
        throw error;
      }
      const appeared = await this.recordsAfterSend(item, records, created, ctx);
      outbox.finish(item.id, 'confirmed', created, iso(clock.now()), 'created', appeared);
      return this.settled(item);
    } catch (error) {
      return this.failed(item, error);
    }
  }

  /**
   * Reads the customer's records once more after a send (what the account panel then shows), and
   * returns a record that appeared meanwhile — neither ours nor among those read before sending —
   * if any. Partner Center has no conditional create, so two desktops can both send within the
   * same moment; this is how the second one learns it. The send itself already succeeded: a
   * failed read changes nothing but the note.
   */
  private async recordsAfterSend(item: ClaimedItem, before: AgreementRecord[], created: AgreementRecord, ctx: RequestContext): Promise<AgreementRecord | null> {
    const { statuses, agreements, clock } = this.deps;
    try {
      const after = await agreements.customerAgreements(item.customerId, ctx);
      statuses.save(item.customerId, { partnerRecords: after, directlySigned: statuses.get(item.customerId)?.directlySigned ?? null, verifiedAt: iso(clock.now()) });
      return after.find((r) => !sameContact(r.contact, item.contact) && !before.some((b) => sameRecord(b, r))) ?? null;
    } catch (error) {
      if (isDatabaseBusy(error)) throw error;
      statuses.addPartnerRecord(item.customerId, created, iso(clock.now()));
      return null;
    }
  }

  private settled(item: ClaimedItem): Outcome {
    this.prechecked.delete(item.id);
    this.deps.connectivity.reportReachable();
    this.deps.onChange(item.customerId);
    return 'done';
  }

  private failed(item: ClaimedItem, error: unknown): Outcome {
    const { outbox, clock, connectivity } = this.deps;
    const now = clock.now();
    // The local store was busy: write nothing now. The item keeps its lease; when that runs out it
    // is read back from Partner Center before anything is sent again, so nothing is lost or doubled.
    const stop = this.stopsThePass(error, now);
    if (stop === 'busy') return 'stop';
    const syncError = toSyncError(error);
    this.deps.onChange(item.customerId);
    if (stop) {
      if (stop === 'sign-in-needed') outbox.release(item.id, iso(now), stop);
      else outbox.release(item.id, iso(now), 'throttled', iso(stop.until));
      return 'stop';
    }
    if (!isPartnerCenterError(error)) {
      outbox.needsAttention(item.id, syncError, iso(now), 'failed');
      return 'done';
    }
    if (error.kind === 'network') connectivity.reportNetworkFailure();
    if (error.retryable) {
      const first = item.firstAttemptAt ? new Date(item.firstAttemptAt) : now;
      if (shouldGiveUp(item.attempts + 1, first, now, this.settings)) {
        outbox.needsAttention(item.id, syncError, iso(now), 'gave-up');
      } else {
        const delay = retryDelayMs(item.attempts, { baseMs: this.settings.backoffBaseMs, capMs: this.settings.backoffCapMs }, error.retryAt, now, this.random);
        outbox.retryLater(item.id, syncError, iso(new Date(now.getTime() + delay)), iso(now));
      }
      return 'done';
    }
    outbox.needsAttention(item.id, syncError, iso(now));
    return 'done';
  }
}

function toSyncError(error: unknown): SyncError {
  if (isPartnerCenterError(error)) {
    return {
      // Kept as a key: the queue says it in the operator's language (the cause, e.g. UND_ERR_SOCKET, means nothing to them).
      message: error.kind === 'network' || error.kind === 'timeout' ? 'error.sync.unreachable' : error.message,
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      ...(error.code !== undefined ? { partnerCenterCode: error.code } : {}),
      ...(error.correlationId !== undefined ? { correlationId: error.correlationId } : {}),
      ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
