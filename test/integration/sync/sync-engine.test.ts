import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { systemClock } from '../../../src/main/core/clock';
import { Outbox } from '../../../src/main/core/confirmations/outbox';
import { CustomerRepo } from '../../../src/main/core/customers/customer-repo';
import { StatusRepo } from '../../../src/main/core/customers/status-repo';
import { createPartnerCenterClient } from '../../../src/main/core/partner-center';
import { openDatabase } from '../../../src/main/core/store/database';
import { ConnectivityMonitor } from '../../../src/main/core/sync/connectivity';
import { agreementsFromClient } from '../../../src/main/core/sync/partner-center-agreements';
import { SyncEngine, type SyncSettings } from '../../../src/main/core/sync/sync-engine';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

const [societe, , , lodz] = WELL_KNOWN;
const person = (n: number) => ({ firstName: 'Test', lastName: `Person${n}`, email: `person${n}@example.com`, dateAgreed: '2026-01-15' });

describe('sync engine against the emulator', () => {
  let emulator: Emulator;
  let token: string;
  let outbox: Outbox;
  let engine: SyncEngine;
  let connectivity: ConnectivityMonitor;

  let file = '';
  function build(settings: Partial<SyncSettings> = {}) {
    file = path.join(tempDir(), 'a.db');
    const db = openDatabase(file);
    const customers = new CustomerRepo(db);
    customers.upsertMany(WELL_KNOWN.map((c) => ({ id: c.id, companyName: c.companyName, domain: c.domain, relationship: 'reseller' })), 'run', new Date().toISOString());
    outbox = new Outbox(db);
    const client = createPartnerCenterClient({ baseUrl: emulator.url, getAccessToken: async () => token, timeoutMs: 2000 });
    connectivity = new ConnectivityMonitor({ clock: systemClock, probe: () => client.probe(), retryMs: 100, onChange: () => engine?.kick() });
    engine = new SyncEngine({
      outbox,
      statuses: new StatusRepo(db),
      agreements: agreementsFromClient(client),
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
    const ids = [societe!, lodz!].map((c, i) => outbox.enqueue({ id: c.id, companyName: c.companyName }, person(i), 'operator:test', new Date().toISOString()));
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
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), 'operator:test', new Date().toISOString());
    engine.kick();
    await vi.waitFor(() => expect(engine.status().waiting).toEqual({ reason: 'sign-in-needed' }), { timeout: 5000 });
    expect(outbox.get(id)).toMatchObject({ state: 'queued', attempts: 0 });
    token = emulator.issueToken('AdminAgent');
    engine.signedIn();
    await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('confirmed'), { timeout: 5000 });
  });

  it('retries 5xx with backoff, showing the next attempt time and the error, then succeeds', async () => {
    build();
    await emulatorAdmin(emulator.url, 'faults', { rate: 1, kinds: ['503'] });
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), 'operator:test', new Date().toISOString());
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
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), 'operator:test', new Date().toISOString());
    engine.kick();
    await vi.waitFor(() => expect(outbox.get(id)?.state).toBe('needs-attention'), { timeout: 5000 });
    expect(outbox.get(id)?.attempts).toBe(2);
    expect(outbox.history(id).at(-1)).toMatchObject({ outcome: 'needs-attention', reason: 'gave-up', error: { httpStatus: 500 } });
  });

  it('sends one customer\u2019s items in order: the second finds the first and overwrites nothing', async () => {
    build({ parallelism: 4 });
    const now = new Date().toISOString();
    const first = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), 'operator:test', now);
    const second = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(2), 'operator:test', now);
    engine.kick();
    await vi.waitFor(() => expect(outbox.get(second)?.state).toBe('already-confirmed'), { timeout: 5000 });
    expect(outbox.get(first)?.state).toBe('confirmed');
    expect(outbox.get(second)?.serverRecord?.contact.email).toBe('person1@example.com');
    expect((await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST' && w.status === 201)).toHaveLength(1);
  });

  it('reuses the MS-RequestId of a send that got no answer, so Partner Center can de-duplicate it', async () => {
    build();
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), 'operator:test', new Date().toISOString());
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
    const id = outbox.enqueue({ id: societe!.id, companyName: societe!.companyName }, person(1), 'operator:test', new Date().toISOString());
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
});
