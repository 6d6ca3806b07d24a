import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { startAppCore } from '../../../src/main/core/app-core';
import { ProfileRegistry } from '../../../src/main/core/profiles';
import { partnerCenterAt } from '../../../src/shells/partner-center';
import type { CustomerDetail, QueueItem, Session } from '../../../src/shared/domain';
import { PARTNER_CONFIRMATION_RETIRED_CODE } from '../../../src/shared/partner-center-codes';
import { localToday } from '../../../src/shared/validation';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';
import { value, type Core } from '../../helpers/core-call';

/** Acceptance requests through the app's own calls (the contract), as the UI and the CLI make them. */

const running: { core: Core; emulator: Emulator }[] = [];
afterEach(async () => {
  for (const { core, emulator } of running.splice(0)) {
    await core.close();
    await emulator.close();
  }
});

const [societe, , , lodz] = WELL_KNOWN;

async function start(options: { partnerConfirmation?: 'available' | 'retired'; dataDir?: string } = {}) {
  const emulator = await startEmulator({ port: 0, customers: 20, ...(options.partnerConfirmation ? { partnerConfirmation: options.partnerConfirmation } : {}) });
  const core = await startAppCore({ dataDir: options.dataDir ?? tempDir(), partnerCenter: partnerCenterAt(emulator.url), probeIntervalMs: 100, sync: { backoffBaseMs: 20, backoffCapMs: 200 } });
  running.push({ core, emulator });
  await vi.waitFor(async () => expect((await value<Session>(core, 'getSession', {})).cachedCustomers).toBe(20), { timeout: 10_000 });
  return { core, emulator };
}

const itemOf = async (core: Core, id: string) => (await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items.find((i) => i.id === id)!;
const signatory = { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '' };

describe('acceptance requests in the app core', () => {
  it('saves a request with the customer\u2019s country and language, creates it, and confirms once the customer accepted on the page', async () => {
    const { core, emulator } = await start();
    const customer = await value<CustomerDetail>(core, 'verifyCustomer', { customerId: societe!.id });
    expect(customer).toMatchObject({ country: expect.stringMatching(/^[A-Z]{2}$/), language: expect.any(String) });
    const saved = await value<{ queueItemId: string; customer: CustomerDetail }>(core, 'requestAcceptance', {
      customerId: societe!.id,
      request: { ...signatory, companyName: customer.companyName, country: 'fr', language: 'FR-fr' },
    });
    expect(saved.customer.mca.pending).toMatchObject({ kind: 'acceptance-request', request: { country: 'FR', language: 'fr-FR' } });
    await vi.waitFor(async () => expect(await itemOf(core, saved.queueItemId)).toMatchObject({ state: 'waiting-for-customer' }), { timeout: 10_000 });
    const waiting = await itemOf(core, saved.queueItemId);
    expect((await value<CustomerDetail>(core, 'getCustomer', { customerId: societe!.id })).mca.status).toBe('waiting-for-customer');

    // The customer opens the link and clicks Accept on Microsoft's page (the emulator's).
    const page = await fetch(waiting.request!.acceptanceUrl!);
    expect(await page.text()).toContain('data-action="accept"');
    const accepted = await fetch(`${emulator.url}/mca/accept`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `attestationid=${waiting.request!.attestationId}` });
    expect(accepted.status).toBe(200);
    await value(core, 'checkNow', { itemId: saved.queueItemId });
    await vi.waitFor(async () => expect(await itemOf(core, saved.queueItemId)).toMatchObject({ state: 'confirmed' }), { timeout: 10_000 });
    const done = await value<CustomerDetail>(core, 'getCustomer', { customerId: societe!.id });
    expect(done.mca).toMatchObject({ status: 'confirmed', partnerRecords: [{ contact: { email: signatory.email } }] });
    const activity = (await value<{ entries: { action: string; actor: string }[] }>(core, 'listActivity', {})).entries;
    expect(activity.find((e) => e.action === 'request.saved')?.actor).toBe('operator:Ana Admin');
  });

  it('refuses what cannot be a request: bad fields with their messages, unknown customers, items that are not requests', async () => {
    const { core } = await start();
    const bad = await core.dispatch('requestAcceptance', { customerId: societe!.id, request: { ...signatory, email: 'nope', companyName: ' ', country: 'France', language: 'french' } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.details?.issues?.map((i) => i.path.join('.')).sort()).toEqual(['request.companyName', 'request.country', 'request.email', 'request.language']);
    const unknown = await core.dispatch('requestAcceptance', { customerId: '00000000-0000-4000-8000-000000000000', request: { ...signatory, companyName: 'X', country: 'FR', language: 'fr' } });
    expect(!unknown.ok && unknown.error.code).toBe('not-found');
    const confirmation = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: lodz!.id, acceptance: { ...signatory, dateAgreed: localToday() } });
    for (const call of ['checkNow', 'sendNewRequest', 'convertToRequest'] as const) {
      const refused = await core.dispatch(call, { itemId: confirmation.queueItemId });
      expect(!refused.ok && refused.error.code).toBe('conflict');
    }
  });

  it('a partner confirmation refused as retired needs attention, and becomes a request for the same person in one call', async () => {
    const { core } = await start({ partnerConfirmation: 'retired' });
    const saved = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: lodz!.id, acceptance: { ...signatory, dateAgreed: localToday() } });
    await vi.waitFor(async () => expect(await itemOf(core, saved.queueItemId)).toMatchObject({ state: 'needs-attention', lastError: { partnerCenterCode: PARTNER_CONFIRMATION_RETIRED_CODE } }), { timeout: 10_000 });
    const request = await value<QueueItem>(core, 'convertToRequest', { itemId: saved.queueItemId });
    expect(request).toMatchObject({ kind: 'acceptance-request', customerId: lodz!.id, contact: { firstName: 'Amélie', lastName: 'Lefèvre', email: signatory.email }, request: { way: 'attestation', country: expect.stringMatching(/^[A-Z]{2}$/) } });
    expect(await itemOf(core, saved.queueItemId)).toMatchObject({ state: 'discarded', discardReason: 'ui.queue.convertedToRequest' });
    await vi.waitFor(async () => expect(await itemOf(core, request.id)).toMatchObject({ state: 'waiting-for-customer' }), { timeout: 10_000 });
  });

  it('keeps the profile\u2019s confirmation method; production profiles ask the customer by default', async () => {
    const dataDir = tempDir();
    const registry = new ProfileRegistry(dataDir);
    const production = registry.create({ name: 'Contoso production', cloud: 'public', environment: 'production', partnerTenant: 'contoso.onmicrosoft.com' });
    const { core } = await start({ dataDir });
    expect(await value<Session>(core, 'getSession', {})).toMatchObject({ confirmationMethod: 'partner-confirmation', appCredential: { state: 'built-in' } });
    expect(await value<Session>(core, 'setConfirmationMethod', { method: 'customer-acceptance' })).toMatchObject({ confirmationMethod: 'customer-acceptance' });
    expect(new ProfileRegistry(dataDir).get('sandbox')?.confirmationMethod).toBe('customer-acceptance');
    const switched = await value<Session>(core, 'switchProfile', { profileId: production.id });
    expect(switched).toMatchObject({ confirmationMethod: 'customer-acceptance', appCredential: { state: 'missing', persisted: false } });
    // A web app key can only be set here (no OS store in this test: memory only, said so).
    const refused = await core.dispatch('setWebAppKey', { webAppId: 'not-a-guid', secret: '' });
    expect(!refused.ok && refused.error.details?.issues?.map((i) => i.message).sort()).toEqual(['validation.webAppId.invalid', 'validation.webAppKey.required']);
  });

  it('keeps the web app key out of every file of the profile, says where it is kept, and forgets it on request', async () => {
    const dataDir = tempDir();
    const production = new ProfileRegistry(dataDir).create({ name: 'Contoso production', cloud: 'public', environment: 'production', partnerTenant: 'contoso.onmicrosoft.com' });
    const { core } = await start({ dataDir });
    const builtIn = await core.dispatch('setWebAppKey', { webAppId: '5f1c9e42-7a3b-4d6e-8c2f-0b9a1d3e5c71', secret: 'x' });
    expect(!builtIn.ok && builtIn.error.message).toMatch(/built-in sandbox provides its own web app/);
    await value(core, 'switchProfile', { profileId: production.id });
    const secret = 'Wq8~SECRET-value-never-on-disk';
    const set = await value<Session>(core, 'setWebAppKey', { webAppId: '5F1C9E42-7A3B-4D6E-8C2F-0B9A1D3E5C71', secret });
    expect(set.appCredential).toEqual({ state: 'ready', webAppId: '5F1C9E42-7A3B-4D6E-8C2F-0B9A1D3E5C71', kind: 'secret', persisted: false });
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    for (const file of files(dataDir)) expect(readFileSync(file).includes(secret), file).toBe(false);
    const activity = (await value<{ entries: { action: string; details: unknown }[] }>(core, 'listActivity', {})).entries;
    expect(activity.find((e) => e.action === 'operator.web-app-key')?.details).toEqual({ webAppId: '5F1C9E42-7A3B-4D6E-8C2F-0B9A1D3E5C71', persisted: false });
    expect((await value<Session>(core, 'clearWebAppKey', {})).appCredential).toMatchObject({ state: 'missing', webAppId: null });
  });
});
