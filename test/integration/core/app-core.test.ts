import { afterEach, describe, expect, it, vi } from 'vitest';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import { startAppCore } from '../../../src/main/core/app-core';
import type { CustomerDetail, QueueItem, Session, SyncStatus } from '../../../src/shared/domain';
import { localToday } from '../../../src/shared/validation';
import { WELL_KNOWN } from '../../../src/emulator/index';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';
import { value, type Core } from '../../helpers/core-call';

const open: Core[] = [];
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

const [societe, muller, cafe] = WELL_KNOWN;
const acceptance = { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '', dateAgreed: localToday() };

async function start(options: Partial<Parameters<typeof startAppCore>[0]> = {}): Promise<Core> {
  const core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterFor({ emulatorCustomers: 40 }), probeIntervalMs: 100, sync: { backoffBaseMs: 20, backoffCapMs: 200 }, ...options });
  open.push(core);
  // First start fills the cache by itself; wait for it.
  await vi.waitFor(async () => expect(await value<Session>(core, 'getSession', {})).toMatchObject({ cachedCustomers: 40 }), { timeout: 10_000 });
  await vi.waitFor(() => expect(core.internals.db.prepare('SELECT count(*) AS n FROM mca_status').get()).toEqual({ n: 40 }), { timeout: 10_000 });
  return core;
}

const detail = (core: Core, id: string) => value<CustomerDetail>(core, 'getCustomer', { customerId: id });
const postsFor = async (url: string, id: string) => (await emulatorWrites(url)).filter((w) => w.method === 'POST' && w.path.includes(`/customers/${id}/agreements`));

describe('app core', () => {
  it('starts signed in as the sandbox Admin agent on the built-in profile with customers cached', async () => {
    const core = await start();
    const session = await value<Session>(core, 'getSession', {});
    expect(session).toMatchObject({ profile: { id: 'sandbox', isSandbox: true, cloud: 'public' }, user: { role: 'AdminAgent' }, canConfirm: true });
    const found = await value<{ items: { companyName: string; mcaStatus: string }[] }>(core, 'searchCustomers', { query: 'societe gen' });
    expect(found.items[0]).toMatchObject({ companyName: 'Société Générale de Logistique', mcaStatus: 'not-confirmed' });
    expect((await detail(core, muller!.id)).mca.status).toBe('confirmed');
    expect((await detail(core, cafe!.id)).mca.status).toBe('accepted-by-customer');
  });

  it('re-reads an opened customer in the background and fills in its primary contact', async () => {
    const core = await start();
    const first = await detail(core, societe!.id);
    expect(first.primaryContact).toBeNull();
    await vi.waitFor(async () => expect((await detail(core, societe!.id)).primaryContact).toEqual({
      firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@societegeneralelogistique.onmicrosoft.com', phone: '+33 1 42 68 53 00',
    }), { timeout: 10_000 });
  });

  it('rejects bad input with typed errors and saves nothing', async () => {
    const core = await start();
    const bad = await core.dispatch('confirmAcceptance', { customerId: societe!.id, acceptance: { ...acceptance, email: 'not-an-email', dateAgreed: '2999-01-01' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const issues = bad.ok ? [] : (bad.error.details?.issues ?? []);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['acceptance', 'email'], message: 'validation.email.invalid' },
        { path: ['acceptance', 'dateAgreed'], message: 'validation.date.future' },
      ]),
    );
    expect(await core.dispatch('getCustomer', { customerId: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await core.dispatch('getCustomer', { customerId: '00000000-0000-0000-0000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await core.dispatch('searchCustomers', { query: 'x', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await core.dispatch('setWorkOffline', { on: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items).toEqual([]);
  });

  it('saves a confirmation as pending at once, then syncs it to Partner Center exactly once', async () => {
    const core = await start();
    const saved = await value<{ customer: CustomerDetail }>(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    expect(['pending-sync', 'confirmed']).toContain(saved.customer.mca.status);
    await vi.waitFor(async () => expect((await detail(core, societe!.id)).mca.status).toBe('confirmed'), { timeout: 10_000 });
    const after = await detail(core, societe!.id);
    expect(after.mca.partnerRecords[0]).toMatchObject({ contact: { firstName: 'Amélie', email: 'amelie.lefevre@example.com' }, dateAgreed: acceptance.dateAgreed });
    expect(after.mca.partnerRecords[0]?.userId).toBeTruthy();
    const posts = await postsFor(core.internals.partnerCenterUrl, societe!.id);
    expect(posts.map((p) => p.status)).toEqual([201]);
    const queue = await value<{ items: QueueItem[] }>(core, 'listQueue', {});
    expect(queue.items).toMatchObject([{ state: 'confirmed', attempts: 1, lastError: null }]);
  });

  it('keeps items waiting while the operator works offline, and drains them when back online', async () => {
    const core = await start();
    await value(core, 'setWorkOffline', { on: true });
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    expect((await detail(core, societe!.id)).mca.status).toBe('pending-sync');
    expect(await value<SyncStatus>(core, 'getSyncStatus', {})).toMatchObject({ counts: { queued: 1 }, waiting: { reason: 'offline' } });
    expect(await core.dispatch('refreshCustomers', {})).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(await postsFor(core.internals.partnerCenterUrl, societe!.id)).toEqual([]);
    await value(core, 'setWorkOffline', { on: false });
    await vi.waitFor(async () => expect((await detail(core, societe!.id)).mca.status).toBe('confirmed'), { timeout: 10_000 });
  });

  it('notices Partner Center going away, waits, and syncs by itself when it returns', async () => {
    const core = await start();
    const url = core.internals.partnerCenterUrl;
    await emulatorAdmin(url, 'offline', { on: true });
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    await vi.waitFor(async () => expect(await value(core, 'getConnectivity', {})).toMatchObject({ online: false, reachable: false, workOffline: false }), { timeout: 10_000 });
    expect((await detail(core, societe!.id)).mca.status).toBe('pending-sync');
    await emulatorAdmin(url, 'offline', { on: false });
    await vi.waitFor(async () => expect((await detail(core, societe!.id)).mca.status).toBe('confirmed'), { timeout: 10_000 });
    expect((await postsFor(url, societe!.id)).filter((p) => p.status === 201)).toHaveLength(1);
  });

  it('sends a confirmation over a direct acceptance the operator had in front of them (a re-confirmation)', async () => {
    const core = await start();
    // What the panel shows once the customer was read: accepted directly in the admin center.
    expect((await value<CustomerDetail>(core, 'verifyCustomer', { customerId: cafe!.id })).mca).toMatchObject({ status: 'accepted-by-customer', directlySigned: true });
    const saved = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: cafe!.id, acceptance });
    await vi.waitFor(async () => expect((await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items[0]).toMatchObject({ id: saved.queueItemId, state: 'confirmed', operatorView: { directlySigned: true } }), { timeout: 10_000 });
    expect(await postsFor(core.internals.partnerCenterUrl, cafe!.id)).toHaveLength(1);
    expect((await detail(core, cafe!.id)).mca.status).toBe('confirmed');
  });

  it('puts a rejected confirmation in needs attention with Partner Center\u2019s code and correlation id', async () => {
    const core = await start();
    // Partner Center's clock two days behind ours: today's date is "in the future" for it (600002).
    await emulatorAdmin(core.internals.partnerCenterUrl, 'clock', { skewMs: -2 * 24 * 3600_000 });
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    await vi.waitFor(async () => expect((await detail(core, societe!.id)).mca.status).toBe('needs-attention'), { timeout: 10_000 });
    const item = (await detail(core, societe!.id)).mca.pending;
    expect(item?.lastError).toMatchObject({ partnerCenterCode: '600002', httpStatus: 400 });
    expect(item?.lastError?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('after a crash mid-send, finds the earlier send on Partner Center instead of posting again', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const url = first.internals.partnerCenterUrl;
    // Simulate a process that posted and died before recording the answer.
    await value(first, 'setWorkOffline', { on: true });
    await value(first, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    const token = ((await emulatorAdmin(url, 'token', { role: 'AdminAgent' })) as { accessToken: string }).accessToken;
    const posted = await fetch(new URL(`/v1/customers/${societe!.id}/agreements`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ primaryContact: { firstName: acceptance.firstName, lastName: acceptance.lastName, email: acceptance.email }, templateId: '117a77b0-9360-443b-8795-c6dedc750cf9', dateAgreed: `${acceptance.dateAgreed}T00:00:00.000Z`, type: 'MicrosoftCustomerAgreement' }),
    });
    expect(posted.status).toBe(201);
    first.internals.db.prepare(`UPDATE outbox SET state = 'sending', lease_owner = 'dead', lease_until = '2000-01-01T00:00:00.000Z'`).run();
    await value(first, 'setWorkOffline', { on: false });
    await vi.waitFor(async () => expect((await value<{ items: QueueItem[] }>(first, 'listQueue', {})).items[0]?.state).toBe('confirmed'), { timeout: 10_000 });
    expect((await postsFor(url, societe!.id)).filter((p) => p.status === 201)).toHaveLength(1);
  });

  it('lets the operator edit and retry a rejected confirmation, discard with a required reason, and see it all in Activity', async () => {
    const core = await start();
    const url = core.internals.partnerCenterUrl;
    await emulatorAdmin(url, 'clock', { skewMs: -2 * 24 * 3600_000 });
    const saved = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    await vi.waitFor(async () => expect((await detail(core, societe!.id)).mca.status).toBe('needs-attention'), { timeout: 10_000 });
    await emulatorAdmin(url, 'clock', { skewMs: 0 });
    const edited = await value<QueueItem>(core, 'editAndRetryItem', { itemId: saved.queueItemId, acceptance: { ...acceptance, email: 'a.lefevre@example.com' } });
    expect(edited.contact.email).toBe('a.lefevre@example.com');
    await vi.waitFor(async () => expect((await detail(core, societe!.id)).mca.status).toBe('confirmed'), { timeout: 10_000 });

    // Discard needs a reason, and only fits items that have not reached Partner Center.
    await value(core, 'setWorkOffline', { on: true });
    const other = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: WELL_KNOWN[3]!.id, acceptance });
    expect(await core.dispatch('discardItem', { itemId: other.queueItemId, reason: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: { issues: [{ path: ['reason'], message: 'validation.discardReason.required' }] } },
    });
    expect(await core.dispatch('discardItem', { itemId: saved.queueItemId, reason: 'duplicate' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await value<QueueItem>(core, 'discardItem', { itemId: other.queueItemId, reason: 'Entered for the wrong customer' })).toMatchObject({ state: 'discarded' });

    const history = await value<{ attempts: { outcome: string; reason: string }[] }>(core, 'getQueueItemHistory', { itemId: saved.queueItemId });
    expect(history.attempts.map((a) => `${a.outcome}:${a.reason}`)).toEqual(['needs-attention:rejected', 'operator:edited', 'confirmed:created']);
    const activity = await value<{ entries: { action: string; details: Record<string, unknown> | null }[] }>(core, 'listActivity', {});
    expect(activity.entries.map((e) => e.action)).toEqual([
      'operator.discard',
      'confirmation.saved',
      'operator.work-offline',
      'sync.confirmed',
      'operator.edit-and-retry',
      'sync.needs-attention',
      'confirmation.saved',
    ]);
    expect(activity.entries[0]?.details).toMatchObject({ reason: 'Entered for the wrong customer' });
  });

  it('Settings → Language: applied at once to the session and the core\u2019s messages, kept for the installation, over --lang once chosen', async () => {
    const dataDir = tempDir();
    const core = await start({ dataDir, locale: 'de-DE' });
    // "System" on an OS in a language without a catalogue reads English; the choice starts as "system".
    expect(await value(core, 'getLanguage', {})).toEqual({ language: 'system', systemLocale: 'de-DE' });
    expect((await value<Session>(core, 'getSession', {})).locale).toBe('en-US');
    const events: Session[] = [];
    core.subscribe((name, payload) => name === 'sessionChanged' && events.push(payload as Session));

    expect((await value<Session>(core, 'setLanguage', { language: 'fr' })).locale).toBe('fr-FR');
    expect(events.at(-1)?.locale).toBe('fr-FR');
    const refused = await core.dispatch('getCustomer', { customerId: '00000000-0000-4000-8000-000000000000' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('ne figure pas dans le cache local') } });
    expect(await core.dispatch('setLanguage', { language: 'de' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await core.close();
    open.splice(open.indexOf(core), 1);

    // The next start reads it; --lang (the command line's locale) wins until the operator chooses again.
    const again = await startAppCore({ dataDir, locale: 'de-DE', partnerCenter: async () => null });
    open.push(again);
    expect((await value<Session>(again, 'getSession', {})).locale).toBe('fr-FR');
    const forced = await startAppCore({ dataDir, locale: 'de-DE', commandLineLocale: 'en-GB', partnerCenter: async () => null });
    open.push(forced);
    expect((await value<Session>(forced, 'getSession', {})).locale).toBe('en-GB');
    expect((await value<Session>(forced, 'setLanguage', { language: 'system' })).locale).toBe('en-GB');
    expect((await value<Session>(forced, 'setLanguage', { language: 'fr' })).locale).toBe('fr-FR');
  });

  it('keeps sync settings in the profile and applies them', async () => {
    const dataDir = tempDir();
    const core = await start({ dataDir });
    expect(await value(core, 'getSettings', {})).toEqual({ parallelism: 4, maxRetryHours: 24 });
    expect(await value(core, 'updateSettings', { parallelism: 2 })).toEqual({ parallelism: 2, maxRetryHours: 24 });
    expect(core.internals.engine.currentSettings().parallelism).toBe(2);
    expect(await core.dispatch('updateSettings', { parallelism: 99 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await core.close();
    open.splice(open.indexOf(core), 1);
    const again = await start({ dataDir });
    expect(await value(again, 'getSettings', {})).toEqual({ parallelism: 2, maxRetryHours: 24 });
  });
});
