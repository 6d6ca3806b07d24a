import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { systemClock } from '../../../src/main/core/clock';
import { NOTHING_SEEN, Outbox } from '../../../src/main/core/confirmations/outbox';
import { CustomerRepo } from '../../../src/main/core/customers/customer-repo';
import { StatusRepo } from '../../../src/main/core/customers/status-repo';
import { createPartnerCenterClient } from '../../../src/main/core/partner-center';
import { openDatabase } from '../../../src/main/core/store/database';
import { ConnectivityMonitor } from '../../../src/main/core/sync/connectivity';
import type { AgreementsPort } from '../../../src/main/core/sync/agreements-port';
import { agreementsFromClient } from '../../../src/main/core/sync/partner-center-agreements';
import { SyncEngine, type SyncSettings } from '../../../src/main/core/sync/sync-engine';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

const [societe, muller, cafe, lodz, sakura] = WELL_KNOWN;
const person = (n: number) => ({ firstName: 'Test', lastName: `Person${n}`, email: `person${n}@example.com`, dateAgreed: '2026-01-15' });

describe('sync engine against the emulator', () => {
  let emulator: Emulator;
  let token: string;
  let outbox: Outbox;
  let engine: SyncEngine;
  let connectivity: ConnectivityMonitor;

  let file = '';
  let agreements: AgreementsPort;
  let statuses: StatusRepo;
  /** `wrap`: stands between the engine and Partner Center (to act in the moment before a send). */
  function build(settings: Partial<SyncSettings> = {}, wrap: (port: AgreementsPort) => AgreementsPort = (port) => port) {
    file = path.join(tempDir(), 'a.db');
    const db = openDatabase(file);
    const customers = new CustomerRepo(db);
    customers.upsertMany(WELL_KNOWN.map((c) => ({ id: c.id, companyName: c.companyName, domain: c.domain, relationship: 'reseller' })), 'run', new Date().toISOString());
    outbox = new Outbox(db);
    const client = createPartnerCenterClient({ baseUrl: emulator.url, getAccessToken: async () => token, timeoutMs: 2000 });
    connectivity = new ConnectivityMonitor({ clock: systemClock, probe: () => client.probe(), retryMs: 100, onChange: () => engine?.kick() });
    agreements = agreementsFromClient(client);
    statuses = new StatusRepo(db);
    engine = new SyncEngine({
      outbox,
      statuses,
      agreements: wrap(agreements),
      connectivity,
      clock: systemClock,
      settings: { backoffBaseMs: 50, backoffCapMs: 200, ...settings },
      onChange: () => undefined,
    });
  }

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 20 });
    token = emulator.issueToken('AdminAgent');
  });
  afterEach(async () => {
    await engine.stop();
    connectivity.close();
    await emulator.close();
  });

  it('pauses the whole queue on 429 until Retry-After, without spending attempts', async () => {
    build({ parallelism: 2 });
    await emulatorAdmin(emulator.url, 'throttle', { perPartner: 2 });
    const ids = [societe!, lodz!].map((c, i) => outbox.enqueue({ id: c.id, companyName: c.companyName }, person(i), NOTHING_SEEN, 'operator:test', new Date().toISOString()));
    engine.kick();
    await vi.waitFor(() => expect(engine.status().waiting?.reason).toBe('throttled'), { timeout: 5000 });
    const waiting = engine.status().waiting;
    expect(waiting?.reason === 'throttled' && Date.parse(waiting.until)).toBeGreaterThan(Date.now() - 1000);
    await vi.waitFor(() => expect(ids.map((id) => outbox.get(id)?.state)).toEqual(['confirmed', 'confirmed']), { timeout: 15_000, interval: 100 });
    expect(ids.map((id) => outbox.get(id)?.attempts)).toEqual([1, 1]);
    const history = ids.flatMap((id) => outbox.history(id));
    expect(history.some((a) => a.outcome === 'waiting' && a.reason === 'throttled' && a.until !== null)).toBe(true);
    const throttled = (await emulatorWrites(emulator.url)).filter((w) => w.status === 429).length;
    expect(throttled).toBeLessThanOrEqual(4); // a pause, not a storm
  });

  it('parks the queue as "sign-in needed" on 401 without spending attempts, and resumes after sign-in', async () => {
    token = 'not-a-valid-token';
    build();
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), NOTHING_SEEN, 'operator:test', new Date().toISOString());
    engine.kick();
    await vi.waitFor(() => expect(engine.status().waiting).toEqual({ reason: 'sign-in-needed' }), { timeout: 5000 });
    expect(outbox.get(id)).toMatchObject({ state: 'queued', attempts: 0 });
    token = emulator.issueToken('AdminAgent');
    engine.signedIn();
    await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
  });

  it('a dropped connection is kept as "could not be reached", in the operator\'s words, not the socket\'s code', async () => {
    build();
    await emulatorAdmin(emulator.url, 'faults', { rate: 1, kinds: ['reset'] });
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), NOTHING_SEEN, 'operator:test', new Date().toISOString());
    engine.kick();
    await vi.waitFor(() => expect(outbox.get(id)?.attempts).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect(outbox.get(id)!.lastError).toMatchObject({ message: 'error.sync.unreachable' });
    await emulatorAdmin(emulator.url, 'faults', { rate: 0 });
  });

  it('retries 5xx with backoff, showing the next attempt time and the error, then succeeds', async () => {
    build();
    await emulatorAdmin(emulator.url, 'faults', { rate: 1, kinds: ['503'] });
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), NOTHING_SEEN, 'operator:test', new Date().toISOString());
    engine.kick();
    await vi.waitFor(() => expect(outbox.get(id)?.attempts).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    const item = outbox.get(id)!;
    expect(item.state === 'queued' || item.state === 'sending').toBe(true);
    expect(item.lastError).toMatchObject({ httpStatus: 503 });
    expect(outbox.history(id)[0]).toMatchObject({ outcome: 'retry-scheduled', reason: 'failed', error: { httpStatus: 503 } });
    expect(outbox.history(id)[0]?.until).toMatch(/^\d{4}-/);
    await emulatorAdmin(emulator.url, 'faults', { rate: 0 });
    await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
  });

  it('gives up after the elapsed-time bound and asks the operator', async () => {
    build({ minAttempts: 2, maxElapsedMs: 0 });
    await emulatorAdmin(emulator.url, 'faults', { rate: 1, kinds: ['500'] });
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), NOTHING_SEEN, 'operator:test', new Date().toISOString());
    engine.kick();
    await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('needs-attention'), { timeout: 5000 });
    expect(outbox.get(id)?.attempts).toBe(2);
    expect(outbox.history(id).at(-1)).toMatchObject({ outcome: 'needs-attention', reason: 'gave-up', error: { httpStatus: 500 } });
  });

  it('sends one customer\u2019s items in order, the second as a re-confirmation: the operator had the first in front of them', async () => {
    build({ parallelism: 4 });
    const now = new Date().toISOString();
    const first = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), NOTHING_SEEN, 'operator:test', now);
    const second = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(2), NOTHING_SEEN, 'operator:test', now);
    engine.kick();
    await vi.waitFor(() => expect(outbox.get(second)?.state).toBe('confirmed'), { timeout: 5000 });
    expect(outbox.get(first)?.state).toBe('confirmed');
    const posts = (await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST' && w.status === 201);
    expect(posts.map((w) => (w.body as { primaryContact: { email: string } }).primaryContact.email)).toEqual(['person1@example.com', 'person2@example.com']);
  });

  it('reuses the MS-RequestId of a send that got no answer, so Partner Center can de-duplicate it', async () => {
    build();
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), NOTHING_SEEN, 'operator:test', new Date().toISOString());
    // As left by a POST that timed out: claimed, request id pinned, lease run out.
    outbox.claimDue(new Date().toISOString(), 1, 'dead-engine', new Date(Date.now() - 1000).toISOString());
    expect(outbox.prepareSend(id, 'dead-engine', '0f0f0f0f-1111-4222-8333-444444444444', new Date(Date.now() - 1000).toISOString())).toBe(true);
    engine.kick();
    await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
    const posts = (await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST');
    expect(posts.map((p) => p.requestId)).toEqual(['0f0f0f0f-1111-4222-8333-444444444444']);
    expect(outbox.get(id)?.requestId).toBeNull();
  });

  it('waits out a database another process holds, then sends, without losing the item', async () => {
    build();
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), NOTHING_SEEN, 'operator:test', new Date().toISOString());
    const other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE'); // a second process writing, longer than the busy timeout
    engine.kick();
    await engine.idle(); // the claim gave up after the busy timeout
    expect(outbox.get(id)?.state).toBe('queued');
    other.exec('COMMIT');
    other.close();
    await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
    expect((await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST')).toHaveLength(1);
  }, 20_000);

  describe('what the operator meant', () => {
    const ctx = { correlationId: 'test' };
    /** The customer's status as the account panel would have shown it when saving. */
    async function viewOf(customerId: string) {
      return { records: await agreements.customerAgreements(customerId, ctx), directlySigned: await agreements.directlySigned(customerId, ctx), readAt: new Date().toISOString() };
    }
    const enqueue = (c: { id: string; companyName: string }, n: number, seen = NOTHING_SEEN) => outbox.enqueue({ id: c.id, companyName: c.companyName }, person(n), seen, 'operator:test', new Date().toISOString());
    const posted = async () => (await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST' && w.status === 201);

    it('sends a re-confirmation of records the operator saw: Partner Center then holds both', async () => {
      build();
      const seen = await viewOf(muller!.id);
      expect(seen.records.map((r) => r.contact.lastName)).toEqual(['Müller']);
      const id = enqueue(muller!, 7, seen);
      engine.kick();
      await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
      expect((await agreements.customerAgreements(muller!.id, ctx)).map((r) => r.contact.lastName).sort()).toEqual(['Müller', 'Person7']);
      expect(outbox.history(id).map((a) => a.reason)).toEqual(['created']);
      // The panel shows what Partner Center holds now, read after the send.
      expect(statuses.get(muller!.id)?.partnerRecords).toHaveLength(2);
    });

    it('holds back a confirmation when a record the operator did not see is there, names it, and sends it anyway on request', async () => {
      build();
      const id = enqueue(sakura!, 8, { ...(await viewOf(sakura!.id)), records: [] });
      engine.kick();
      await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('already-confirmed'), { timeout: 5000 });
      const newest = (await agreements.customerAgreements(sakura!.id, ctx))[0]!;
      expect(outbox.get(id)?.serverRecord).toMatchObject({ contact: newest.contact, dateAgreed: newest.dateAgreed });
      expect(outbox.history(id).at(-1)).toMatchObject({ outcome: 'already-confirmed', reason: 'partner-record-exists', record: { contact: newest.contact } });
      expect(await posted()).toHaveLength(0);
      outbox.sendAnyway(id, 'operator:test', new Date().toISOString());
      engine.kick();
      await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
      expect(await posted()).toHaveLength(1);
      expect((await agreements.customerAgreements(sakura!.id, ctx)).some((r) => r.contact.lastName === 'Person8')).toBe(true);
    });

    it('holds back on a direct acceptance the operator did not see, and sends when they saw it', async () => {
      build();
      const unseen = enqueue(cafe!, 9);
      engine.kick();
      await vi.waitFor(() => expect(outbox.get(unseen)?.state).toBe('already-confirmed'), { timeout: 5000 });
      expect(outbox.get(unseen)?.serverRecord).toBeNull();
      expect(outbox.history(unseen).at(-1)).toMatchObject({ reason: 'accepted-directly' });
      const seen = await viewOf(cafe!.id);
      expect(seen.directlySigned).toBe(true);
      const meant = enqueue(cafe!, 10, seen);
      engine.kick();
      await vi.waitFor(() => expect(outbox.get(meant)?.state).toBe('confirmed'), { timeout: 5000 });
      expect(await posted()).toHaveLength(1);
    });

    it('finds its own contact already on record and sends nothing, whatever the operator saw', async () => {
      build();
      const jurgen = (await agreements.customerAgreements(muller!.id, ctx))[0]!;
      const id = outbox.enqueue({ id: muller!.id, companyName: muller!.companyName }, { ...jurgen.contact, dateAgreed: '2026-01-15' }, NOTHING_SEEN, 'operator:test', new Date().toISOString());
      engine.kick();
      await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
      expect(outbox.history(id).at(-1)).toMatchObject({ reason: 'found-same-contact' });
      expect(await posted()).toHaveLength(0);
    });

    it('notes a record that appeared while it was sending: two desktops in the same moment both get through', async () => {
      // A second desktop posts its confirmation in the moment between this engine's read and its send.
      const other = createPartnerCenterClient({ baseUrl: emulator.url, getAccessToken: async () => emulator.issueToken('SalesAgent') });
      build({}, (port) => ({
        ...port,
        async createAgreement(customerId, body, callCtx) {
          await agreementsFromClient(other).createAgreement(customerId, { ...body, contact: { firstName: 'Other', lastName: 'Desk', email: 'other.desk@example.com' } }, {});
          return port.createAgreement(customerId, body, callCtx);
        },
      }));
      const id = enqueue(lodz!, 11);
      engine.kick();
      await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
      expect(outbox.history(id).at(-1)).toMatchObject({ outcome: 'notice', reason: 'record-appeared-meanwhile', record: { contact: { lastName: 'Desk' } } });
      expect((await agreements.customerAgreements(lodz!.id, ctx)).map((r) => r.contact.lastName).sort()).toEqual(['Desk', 'Person11']);
    });
  });
});
