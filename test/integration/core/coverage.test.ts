import { afterEach, describe, expect, it, vi } from 'vitest';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import { startAppCore } from '../../../src/main/core/app-core';
import type { BulkRequestPlan, CoverageCounts, CoverageRow, McaStatus, Profile, Session } from '../../../src/shared/domain';
import { localToday } from '../../../src/shared/validation';
import { MCA_EARLIER_TEMPLATE_ID, MCA_TEMPLATE_ID, WELL_KNOWN } from '../../../src/emulator/index';
import { tempDir } from '../../helpers/temp-dir';
import { value, type Core } from '../../helpers/core-call';

const open: Core[] = [];
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

const [societe, muller, cafe, lodz, , , , fabrikam, northwind] = WELL_KNOWN;
const CUSTOMERS = 60;

/** The app on the built-in sandbox, its first refresh (customers, statuses, current template) done. */
async function start(holdSending = false): Promise<Core> {
  const core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterFor({ emulatorCustomers: CUSTOMERS }), probeIntervalMs: 100, background: !holdSending });
  open.push(core);
  if (holdSending) {
    await core.internals.connectivity.check();
    await value(core, 'refreshCustomers', {});
  }
  await vi.waitFor(() => expect(core.internals.db.prepare('SELECT count(*) AS n FROM mca_status').get()).toEqual({ n: CUSTOMERS }), { timeout: 15_000 });
  await vi.waitFor(async () => expect((await value<{ currentTemplateId: string | null }>(core, 'getCoverage', {})).currentTemplateId).toBe(MCA_TEMPLATE_ID), { timeout: 5_000 });
  return core;
}

const coverage = (core: Core) => value<{ counts: CoverageCounts; currentTemplateId: string | null }>(core, 'getCoverage', {});
const list = (core: Core, group: 'not-confirmed' | 'earlier-version', limit = 500) => value<{ items: CoverageRow[]; total: number }>(core, 'listCoverage', { group, limit });

/** Every customer's status as the account panel shows it, counted one by one. */
async function panelCounts(core: Core): Promise<Record<McaStatus, number> & { earlier: number }> {
  const ids = (core.internals.db.prepare('SELECT id FROM customers').all() as { id: string }[]).map((r) => r.id);
  const counts = { confirmed: 0, 'accepted-by-customer': 0, 'not-confirmed': 0, 'pending-sync': 0, 'waiting-for-customer': 0, 'needs-attention': 0, 'not-verified': 0, earlier: 0 };
  for (const id of ids) {
    const { mca } = core.features.customers.getCustomer({ customerId: id });
    counts[mca.status] += 1;
    if (mca.earlierVersion) counts.earlier += 1;
  }
  return counts;
}

describe('Coverage (issue 13)', () => {
  it('counts each customer once, by the status the panel shows, and the confirmed ones on an earlier template', async () => {
    const core = await holdingCore();
    // A local item beats what Partner Center said: a confirmation queued for a confirmed customer is "pending sync".
    await value(core, 'confirmAcceptance', { customerId: muller!.id, acceptance: { firstName: 'Neue', lastName: 'Person', email: 'neue.person@example.com', phone: '', dateAgreed: localToday() } });
    const { counts } = await coverage(core);
    const panel = await panelCounts(core);
    expect(counts).toEqual({
      total: CUSTOMERS,
      confirmed: panel.confirmed,
      acceptedByCustomer: panel['accepted-by-customer'],
      notConfirmed: panel['not-confirmed'],
      pendingSync: panel['pending-sync'],
      waitingForCustomer: panel['waiting-for-customer'],
      needsAttention: panel['needs-attention'],
      notVerified: panel['not-verified'],
      earlierVersion: panel.earlier,
    });
    const { total, earlierVersion, ...statuses } = counts;
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(total);
    expect(counts.pendingSync).toBe(1);
    expect(earlierVersion).toBe(2);
    expect(counts.confirmed).toBeGreaterThan(2);
    expect(core.features.customers.getCustomer({ customerId: fabrikam!.id }).mca).toMatchObject({ status: 'confirmed', earlierVersion: true, partnerRecords: [{ templateId: MCA_EARLIER_TEMPLATE_ID }] });
    expect(core.features.customers.getCustomer({ customerId: lodz!.id }).mca).toMatchObject({ status: 'not-confirmed', earlierVersion: false });
  });

  it('lists the customers not confirmed (subscriptions first) and those on an earlier version apart', async () => {
    const core = await holdingCore();
    const { counts } = await coverage(core);
    const notConfirmed = await list(core, 'not-confirmed');
    expect(notConfirmed.total).toBe(counts.total - counts.confirmed - counts.acceptedByCustomer);
    expect(notConfirmed.items).toHaveLength(notConfirmed.total);
    expect(notConfirmed.items.every((r) => r.mcaStatus !== 'confirmed' && r.mcaStatus !== 'accepted-by-customer')).toBe(true);
    expect(notConfirmed.items.every((r) => r.hasSubscriptions === null)).toBe(true);

    // Reading Łódź's subscriptions (the emulator gives it some or none) puts it first, or last.
    const subs = await value<{ items: unknown[] }>(core, 'listSubscriptions', { customerId: lodz!.id });
    const after = await list(core, 'not-confirmed');
    if (subs.items.length > 0) expect(after.items[0]).toMatchObject({ id: lodz!.id, hasSubscriptions: true });
    else expect(after.items.at(-1)).toMatchObject({ id: lodz!.id, hasSubscriptions: false });
    expect((await list(core, 'not-confirmed', 3)).items).toHaveLength(3);

    const earlier = await list(core, 'earlier-version');
    expect(earlier.total).toBe(2);
    expect(earlier.items.map((r) => [r.companyName, r.mcaStatus, r.latestRecord])).toEqual([
      ['Fabrikam Bâtiment SAS', 'confirmed', { dateAgreed: '2022-06-14', templateId: MCA_EARLIER_TEMPLATE_ID }],
      ['Northwind Traders Inc.', 'confirmed', { dateAgreed: '2023-02-20', templateId: MCA_EARLIER_TEMPLATE_ID }],
    ]);
  });

  it('plans and queues acceptance requests in bulk: the primary contact signs, country and language from the customer', async () => {
    const core = await holdingCore();
    const ids = [societe!.id, fabrikam!.id, muller!.id, cafe!.id];
    const plan = await value<BulkRequestPlan>(core, 'planBulkRequest', { customerIds: ids });
    // Société Générale was never read by id: the plan read its contact, country and language first.
    expect(plan.ready).toEqual([
      { customerId: societe!.id, companyName: societe!.companyName, signatory: 'Amélie Lefèvre', email: 'amelie.lefevre@societegeneralelogistique.onmicrosoft.com', country: 'FR', language: 'fr' },
      { customerId: fabrikam!.id, companyName: 'Fabrikam Bâtiment SAS', signatory: 'Hélène Rousseau', email: 'helene.rousseau@fabrikambatiment.onmicrosoft.com', country: 'FR', language: 'fr' },
    ]);
    expect(plan.blocked).toEqual([
      { customerId: muller!.id, companyName: muller!.companyName, reason: 'on-record', fields: [] },
      { customerId: cafe!.id, companyName: cafe!.companyName, reason: 'on-record', fields: [] },
    ]);
    const done = await value<BulkRequestPlan & { queued: { customerId: string; queueItemId: string }[] }>(core, 'requestAcceptanceBulk', { customerIds: ids });
    expect(done.queued.map((q) => q.customerId)).toEqual([societe!.id, fabrikam!.id]);
    const fab = core.features.customers.getCustomer({ customerId: fabrikam!.id });
    expect(fab.mca).toMatchObject({ status: 'pending-sync', pending: { kind: 'acceptance-request', contact: { firstName: 'Hélène', lastName: 'Rousseau', phone: '+33 1 45 67 89 10' }, request: { way: 'attestation', country: 'FR', language: 'fr', companyName: 'Fabrikam Bâtiment SAS' } } });
    expect((await coverage(core)).counts.pendingSync).toBe(2);
    // Asked again: both now have a request open.
    const again = await value<BulkRequestPlan>(core, 'planBulkRequest', { customerIds: [societe!.id, fabrikam!.id] });
    expect(again).toEqual({ ready: [], blocked: [expect.objectContaining({ reason: 'open-item' }), expect.objectContaining({ reason: 'open-item' })] });
    const queue = await value<{ items: unknown[] }>(core, 'listQueue', {});
    expect(queue.items).toHaveLength(2);
  });

  it('refuses a bulk request to an operator who may not request (role), saving nothing', async () => {
    const core = await holdingCore();
    const helpdesk = await value<Profile>(core, 'createProfile', { name: 'Helpdesk view', cloud: 'public', environment: 'built-in-sandbox', sandboxRole: 'HelpdeskAgent' });
    expect(await value<Session>(core, 'switchProfile', { profileId: helpdesk.id })).toMatchObject({ canConfirm: false });
    const refused = await core.dispatch('requestAcceptanceBulk', { customerIds: [societe!.id] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await core.dispatch('planBulkRequest', { customerIds: [societe!.id] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.internals.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });
});

/** The app in the foreground (nothing sent by itself), as the CLI runs it, refreshed once. */
function holdingCore(): Promise<Core> {
  return start(true);
}

