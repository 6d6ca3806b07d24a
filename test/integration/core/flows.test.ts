import { afterEach, describe, expect, it, vi } from 'vitest';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import { startAppCore } from '../../../src/main/core/app-core';
import type { AppCoreOptions } from '../../../src/main/core/app-core-types';
import { WELL_KNOWN } from '../../../src/emulator/index';
import type { CustomerDetail, Profile, QueueItem, Session } from '../../../src/shared/domain';
import type { NewCustomerInput } from '../../../src/shared/new-customer';
import { localToday } from '../../../src/shared/validation';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';
import { value, type Core } from '../../helpers/core-call';

const running: Core[] = [];
afterEach(async () => {
  for (const core of running.splice(0)) await core.close();
});

const [societe, muller] = WELL_KNOWN;
/** The Microsoft Customer Agreement's template id (partner-center-api.md §2.5). */
const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';
const person = { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '' };

async function start(dataDir = tempDir(), options: Partial<AppCoreOptions> = {}): Promise<Core> {
  const core = await startAppCore({ dataDir, partnerCenter: partnerCenterFor({ emulatorCustomers: 30 }), probeIntervalMs: 100, sync: { backoffBaseMs: 20, backoffCapMs: 200 }, ...options });
  running.push(core);
  await vi.waitFor(async () => expect(((await value<Session>(core, 'getSession', {})).cachedCustomers)).toBeGreaterThan(0), { timeout: 10_000 });
  return core;
}

const newCustomer = (prefix: string, overrides: Partial<NewCustomerInput['company']> = {}): NewCustomerInput => ({
  company: { name: `Fabrikam ${prefix}`, domainPrefix: prefix, addressLine1: '1 Rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR', culture: 'fr-FR', language: 'fr', ...overrides },
  contact: { firstName: 'Chloé', lastName: 'Dubois', email: 'chloe.dubois@example.com' },
  mca: { accepted: true, dateAgreed: localToday(), acceptedBy: null },
});

const queue = (core: Core) => value<{ items: QueueItem[] }>(core, 'listQueue', {}).then((q) => q.items);

describe('profiles, roles and clouds', () => {
  it('keeps each profile in its own database and switches without mixing data', async () => {
    const dataDir = tempDir();
    const core = await start(dataDir);
    await value(core, 'setWorkOffline', { on: true });
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance: { ...person, dateAgreed: localToday() } });
    const other = await value<Profile>(core, 'createProfile', { name: 'Training sandbox', cloud: 'public', environment: 'built-in-sandbox', sandboxRole: 'SalesAgent' });
    const switched = await value<Session>(core, 'switchProfile', { profileId: other.id });
    expect(switched).toMatchObject({ profile: { name: 'Training sandbox', isSandbox: true }, user: { role: 'SalesAgent' }, canConfirm: true });
    expect(await queue(core)).toEqual([]);
    await vi.waitFor(async () => expect((await value<Session>(core, 'getSession', {})).cachedCustomers).toBe(30), { timeout: 10_000 });

    await value(core, 'switchProfile', { profileId: 'sandbox' });
    expect((await queue(core)).map((i) => i.customerId)).toEqual([societe!.id]);
    expect((await value<{ profiles: Profile[]; activeId: string }>(core, 'listProfiles', {})).activeId).toBe('sandbox');

    // The choice survives a restart.
    await value(core, 'switchProfile', { profileId: other.id });
    await core.close();
    running.splice(running.indexOf(core), 1);
    const again = await start(dataDir);
    expect((await value<Session>(again, 'getSession', {})).profile.id).toBe(other.id);
  });

  it('refuses an incomplete profile with field messages', async () => {
    const core = await start();
    expect(await core.dispatch('createProfile', { name: 'Contoso production', cloud: 'public', environment: 'production' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: { issues: [{ path: ['partnerTenant'], message: 'validation.partnerTenant.required' }] } },
    });
    expect(await core.dispatch('createProfile', { name: 'X', cloud: 'public', environment: 'production', partnerTenant: 'not a domain' })).toMatchObject({
      ok: false,
      error: { details: { issues: [{ path: ['partnerTenant'], message: 'validation.partnerTenant.invalid' }] } },
    });
    expect(await core.dispatch('createProfile', { name: 'built-in SANDBOX', cloud: 'public', environment: 'built-in-sandbox' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await core.dispatch('switchProfile', { profileId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const prod = await value<Profile>(core, 'createProfile', { name: 'Contoso production', cloud: 'public', environment: 'production', partnerTenant: 'Contoso.onmicrosoft.com' });
    expect(prod).toMatchObject({ isSandbox: false, partnerTenant: 'contoso.onmicrosoft.com', sandboxRole: null });
  });

  it('switches the MCA features off outside the public cloud, while search and account info work', async () => {
    const core = await start();
    const gov = await value<Profile>(core, 'createProfile', { name: 'US Gov sandbox', cloud: 'usgov', environment: 'built-in-sandbox' });
    const session = await value<Session>(core, 'switchProfile', { profileId: gov.id });
    expect(session).toMatchObject({ mcaAvailable: false, canConfirm: false, readOnlyReason: 'cloud' });
    await vi.waitFor(async () => expect((await value<Session>(core, 'getSession', {})).cachedCustomers).toBe(30), { timeout: 10_000 });
    const found = await value<{ items: { id: string }[] }>(core, 'searchCustomers', { query: 'societe' });
    expect(found.items.length).toBeGreaterThan(0);
    expect(await core.dispatch('getCustomer', { customerId: societe!.id })).toMatchObject({ ok: true });
    expect(await core.dispatch('confirmAcceptance', { customerId: societe!.id, acceptance: { ...person, dateAgreed: localToday() } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'The Microsoft Customer Agreement is only supported in the public cloud.' },
    });
  });

  it('lets a Sales agent confirm and keeps a Helpdesk agent read-only', async () => {
    const core = await start();
    const helpdesk = await value<Profile>(core, 'createProfile', { name: 'Helpdesk view', cloud: 'public', environment: 'built-in-sandbox', sandboxRole: 'HelpdeskAgent' });
    expect(await value<Session>(core, 'switchProfile', { profileId: helpdesk.id })).toMatchObject({ user: { role: 'HelpdeskAgent' }, canConfirm: false, readOnlyReason: 'role', mcaAvailable: true });
    await vi.waitFor(async () => expect((await value<Session>(core, 'getSession', {})).cachedCustomers).toBe(30), { timeout: 10_000 });
    expect(await core.dispatch('confirmAcceptance', { customerId: societe!.id, acceptance: { ...person, dateAgreed: localToday() } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await core.dispatch('placeOrder', { customerId: societe!.id, offerId: 'x', quantity: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('new customer', () => {
  it('creates the customer online, shows the credentials once, then syncs its confirmation', async () => {
    const core = await start();
    const created: string[] = [];
    core.subscribe((name, payload) => {
      if (name === 'customerCreated') created.push((payload as { queueItemId: string }).queueItemId);
    });
    expect(await value(core, 'checkDomain', { domainPrefix: 'fabrikamparis' })).toEqual({ domain: 'fabrikamparis.onmicrosoft.com', available: true });
    const saved = await value<{ queueItemId: string; confirmationItemId: string }>(core, 'createCustomer', newCustomer('fabrikamparis'));
    await vi.waitFor(() => expect(created).toEqual([saved.queueItemId]), { timeout: 10_000 });
    const credentials = await value<{ customerId: string; userName: string; password: string }>(core, 'takeCustomerCredentials', { queueItemId: saved.queueItemId });
    expect(credentials.userName).toContain('fabrikamparis.onmicrosoft.com');
    expect(credentials.password.length).toBeGreaterThan(8);
    expect(await value(core, 'takeCustomerCredentials', { queueItemId: saved.queueItemId })).toBeNull();
    await vi.waitFor(async () => expect((await queue(core)).map((i) => [i.kind, i.state])).toEqual([['confirm-acceptance', 'confirmed'], ['create-customer', 'confirmed']]), { timeout: 10_000 });
    const detail = await value<CustomerDetail>(core, 'getCustomer', { customerId: credentials.customerId });
    expect(detail).toMatchObject({ companyName: 'Fabrikam fabrikamparis', domain: 'fabrikamparis.onmicrosoft.com', mca: { status: 'confirmed' } });
    expect(detail.mca.partnerRecords[0]?.contact.email).toBe('chloe.dubois@example.com');
    // The password was never written to the profile's database.
    const dump = core.internals.db.prepare(`SELECT group_concat(coalesce(payload_json, '') || coalesce(server_record_json, ''), '') AS all_text FROM outbox`).get() as { all_text: string };
    expect(dump.all_text).not.toContain(credentials.password);
    expect(await value(core, 'checkDomain', { domainPrefix: 'fabrikamparis' })).toMatchObject({ available: false });
  });

  it('saves a new customer offline and creates, then confirms it, when back online', async () => {
    const core = await start();
    await value(core, 'setWorkOffline', { on: true });
    expect(await value(core, 'checkDomain', { domainPrefix: 'northwindlyon' })).toEqual({ domain: 'northwindlyon.onmicrosoft.com', available: null });
    await value(core, 'createCustomer', newCustomer('northwindlyon'));
    const waiting = await queue(core);
    expect(waiting.map((i) => [i.kind, i.state, i.customerId.startsWith('local:')])).toEqual([
      ['confirm-acceptance', 'queued', true],
      ['create-customer', 'queued', true],
    ]);
    expect(waiting[0]?.dependsOn).toBe(waiting[1]?.id);
    await value(core, 'setWorkOffline', { on: false });
    await vi.waitFor(async () => expect((await queue(core)).map((i) => i.state)).toEqual(['confirmed', 'confirmed']), { timeout: 10_000 });
    const writes = (await emulatorWrites(core.internals.partnerCenterUrl)).filter((w) => w.method === 'POST').map((w) => w.path.replace(/[0-9a-f-]{36}/, 'ID'));
    expect(writes).toEqual(['/v1/customers', '/v1/customers/ID/agreements']);
  });

  it('asks for a new domain when it was taken meanwhile; the confirmation waits for it', async () => {
    const core = await start();
    await value(core, 'setWorkOffline', { on: true });
    await value(core, 'createCustomer', newCustomer('contested'));
    // Someone else takes the domain while this desktop is offline.
    const token = ((await emulatorAdmin(core.internals.partnerCenterUrl, 'token', { role: 'AdminAgent' })) as { accessToken: string }).accessToken;
    const other = await fetch(`${core.internals.partnerCenterUrl}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ companyProfile: { domain: 'contested.onmicrosoft.com' }, billingProfile: { email: 'x@y.com', culture: 'en-US', language: 'en', companyName: 'Other', defaultAddress: { firstName: 'A', lastName: 'B', addressLine1: '1 Main St', city: 'Redmond', state: 'WA', postalCode: '98052', country: 'US' } } }),
    });
    expect(other.status).toBe(201);
    await value(core, 'setWorkOffline', { on: false });
    await vi.waitFor(async () => expect((await queue(core)).find((i) => i.kind === 'create-customer')?.state).toBe('needs-attention'), { timeout: 10_000 });
    const items = await queue(core);
    const create = items.find((i) => i.kind === 'create-customer')!;
    expect(create.lastError).toMatchObject({ httpStatus: 409, fields: ['company.domainPrefix'] });
    expect(items.find((i) => i.kind === 'confirm-acceptance')?.state).toBe('queued');

    const input = newCustomer('contested2');
    await value(core, 'editNewCustomer', { queueItemId: create.id, customer: input });
    await vi.waitFor(async () => expect((await queue(core)).map((i) => i.state)).toEqual(['confirmed', 'confirmed']), { timeout: 10_000 });
  });

  it('refuses what Partner Center would refuse, at the field', async () => {
    const core = await start();
    const result = await core.dispatch('createCustomer', newCustomer('kyivtrade', { country: 'UA', culture: 'uk-UA', language: 'uk' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const paths = result.ok ? [] : (result.error.details?.issues ?? []).map((i) => `${i.path.join('.')}:${i.message}`);
    expect(paths).toEqual(['company.registrationNumber:validation.registrationNumber.required', 'company.phone:validation.companyPhone.required']);
    expect(await core.dispatch('createCustomer', newCustomer('has space'))).toMatchObject({ ok: false, error: { details: { issues: [{ path: ['company', 'domainPrefix'], message: 'validation.domain.invalid' }] } } });
    expect(await queue(core)).toEqual([]);
  });
});

describe('orders', () => {
  it('refuses an order for an unconfirmed customer until the acceptance is confirmed, sending it first', async () => {
    const core = await start();
    const url = core.internals.partnerCenterUrl;
    const offers = await value<{ items: { id: string }[] }>(core, 'listOffers', { customerId: societe!.id });
    const offerId = offers.items[0]!.id;
    expect(await core.dispatch('placeOrder', { customerId: societe!.id, offerId, quantity: 3 })).toMatchObject({
      ok: false,
      error: { code: 'mca-required', message: 'This customer\u2019s acceptance of the Microsoft Customer Agreement must be confirmed first' },
    });
    // Saved while "offline" (the queue holds it), then the order sends it first.
    await value(core, 'setWorkOffline', { on: true });
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance: { ...person, dateAgreed: localToday() } });
    expect(await core.dispatch('placeOrder', { customerId: societe!.id, offerId, quantity: 3 })).toMatchObject({ ok: false, error: { code: 'offline' } });
    core.internals.engine.updateSettings({ backoffBaseMs: 60_000 }); // only the order may send it now
    await value(core, 'setWorkOffline', { on: false });
    const order = await value<{ orderId: string }>(core, 'placeOrder', { customerId: societe!.id, offerId, quantity: 3 });
    expect(order.orderId).toBeTruthy();
    const posts = (await emulatorWrites(url)).filter((w) => w.method === 'POST' && w.status === 201).map((w) => w.path.split('/').at(-1));
    expect(posts).toEqual(['agreements', 'orders']);
  });

  it('changes a license quantity on a confirmed customer, and needs a connection for it', async () => {
    const core = await start();
    const subs = await value<{ items: { id: string; quantity: number; licenseBased: boolean }[]; fromCache: boolean }>(core, 'listSubscriptions', { customerId: muller!.id });
    expect(subs.fromCache).toBe(false);
    const sub = subs.items.find((i) => i.licenseBased);
    expect(sub, 'the seed gives Müller a license-based subscription').toBeTruthy();
    const changed = await value<{ subscription: { quantity: number } }>(core, 'changeQuantity', { customerId: muller!.id, subscriptionId: sub!.id, quantity: sub!.quantity + 2 });
    expect(changed.subscription.quantity).toBe(sub!.quantity + 2);
    await value(core, 'setWorkOffline', { on: true });
    expect(await core.dispatch('changeQuantity', { customerId: muller!.id, subscriptionId: sub!.id, quantity: 1 })).toMatchObject({ ok: false, error: { code: 'offline' } });
    // Offline, the last list is still shown.
    expect(await value(core, 'listSubscriptions', { customerId: muller!.id })).toMatchObject({ fromCache: true });
    expect(await core.dispatch('changeQuantity', { customerId: muller!.id, subscriptionId: sub!.id, quantity: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('"Verify now" reads Partner Center again: a confirmation recorded elsewhere shows, and the verified time moves on', async () => {
    // The core's clock, moved by the test, so "verified at" can only come from a read after the move.
    let skewMs = 0;
    const core = await start(tempDir(), { clock: { now: () => new Date(Date.now() + skewMs) } });
    const url = core.internals.partnerCenterUrl;
    // From here nothing reads Partner Center in the background: the first refresh (with its status
    // sweep) is over, and getCustomer, which starts a background re-read, is never called.
    await value(core, 'refreshCustomers', {});
    const first = await value<CustomerDetail>(core, 'verifyCustomer', { customerId: societe!.id });
    expect(first.mca).toMatchObject({ status: 'not-confirmed', partnerRecords: [] });
    expect(first.primaryContact, 'read by id').not.toBeNull();

    // Another partner user confirms the acceptance on Partner Center, not through this app.
    const sales = (await emulatorAdmin(url, 'token', { role: 'SalesAgent' })) as { accessToken: string; userId: string };
    const posted = await fetch(new URL(`/v1/customers/${societe!.id}/agreements`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${sales.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        primaryContact: { firstName: 'Hélène', lastName: 'Garnier', email: 'helene.garnier@example.fr', phoneNumber: '+33 1 23 45 67 89' },
        templateId: MCA_TEMPLATE_ID,
        dateAgreed: '2025-11-20T00:00:00.000Z',
        type: 'MicrosoftCustomerAgreement',
      }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    skewMs = 60_000;

    const second = await value<CustomerDetail>(core, 'verifyCustomer', { customerId: societe!.id });
    expect(second.mca.status).toBe('confirmed');
    expect(second.mca.partnerRecords).toEqual([
      expect.objectContaining({
        contact: expect.objectContaining({ firstName: 'Hélène', lastName: 'Garnier', email: 'helene.garnier@example.fr' }),
        dateAgreed: expect.stringMatching(/^2025-11-20/),
        userId: sales.userId,
      }),
    ]);
    expect(Date.parse(second.mca.lastVerifiedAt!) - Date.parse(first.mca.lastVerifiedAt!)).toBeGreaterThanOrEqual(60_000);
  });
});
