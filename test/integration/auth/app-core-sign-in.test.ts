/**
 * Entra ID sign-in through the app core: a built-in sandbox profile with signInMode 'entra'
 * signs in with the real MSAL against the emulator's identity provider (HTTPS), the operator's
 * browser being Chromium driven by Playwright.
 */
import fs from 'node:fs';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { startAppCore } from '../../../src/main/core/app-core';
import { decodeJwtClaims } from '../../../src/main/core/auth/claims';
import type { MsalSignIn } from '../../../src/main/core/auth/msal-sign-in';
import { MemorySecretStore } from '../../../src/main/core/auth/secret-store';
import { profileDatabasePath, ProfileRegistry } from '../../../src/main/core/profiles';
import type { QueueItem, Session, SyncStatus } from '../../../src/shared/domain';
import { localToday } from '../../../src/shared/validation';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';
import { startTestBrowser, type TestBrowser } from './browser';
import { value, type Core } from '../../helpers/core-call';

let browser: TestBrowser;
beforeAll(async () => {
  browser = await startTestBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

const cores: Core[] = [];
const emulators: Emulator[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const e of emulators.splice(0)) await e.close();
});

const [societe, muller] = WELL_KNOWN;
const acceptance = { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '', dateAgreed: localToday() };

/** Who the operator picks on the emulator's sign-in page next. */
let pick = 'AdminAgent';

function entraSandboxDir(): string {
  const dataDir = tempDir();
  const registry = new ProfileRegistry(dataDir);
  const profile = registry.create({ name: 'Sandbox via Entra', cloud: 'public', environment: 'built-in-sandbox', signInMode: 'entra' });
  registry.setActive(profile.id);
  return dataDir;
}

async function start(dataDir: string, store = new MemorySecretStore(), partnerCenterUrl?: string): Promise<Core> {
  const core = await startAppCore({
    dataDir,
    partnerCenter: partnerCenterFor({ emulatorUrl: partnerCenterUrl, emulatorCustomers: 30 }),
    probeIntervalMs: 100,
    sync: { backoffBaseMs: 20, backoffCapMs: 200 },
    shell: { openExternal: (url) => browser.openBrowser(pick)(url), secretStore: () => Promise.resolve(store) },
  });
  cores.push(core);
  return core;
}

const session = (core: Core) => value<Session>(core, 'getSession');
const emulatorUrl = (core: Core) => core.internals.partnerCenterUrl;
const agreementPosts = async (url: string) => (await emulatorWrites(url)).filter((w) => w.method === 'POST' && w.path.includes('/agreements'));

describe('Entra ID sign-in in the app core (built-in sandbox, signInMode entra)', () => {
  it('starts signed out without opening a browser; signs in through the page with role and name from the token', async () => {
    const core = await start(entraSandboxDir());
    const opened = browser.opened.length;
    expect(await session(core)).toMatchObject({ user: null, canConfirm: false, readOnlyReason: 'signed-out', auth: { state: 'signed-out', tokensPersisted: false } });
    expect(browser.opened.length).toBe(opened);
    pick = 'AdminAgent';
    const signedIn = await value<Session>(core, 'signIn');
    expect(signedIn).toMatchObject({ user: { displayName: 'Ana Admin', role: 'AdminAgent' }, canConfirm: true, auth: { state: 'signed-in', problem: null } });
    expect(browser.opened.length).toBe(opened + 1);
    await value(core, 'refreshCustomers');
    expect((await session(core)).cachedCustomers).toBe(30);
  });

  it('revoked refresh token: the queue waits as sign-in needed without spending attempts, then drains after signing in', async () => {
    const core = await start(entraSandboxDir());
    const events: Session[] = [];
    core.subscribe((name, payload) => {
      if (name === 'sessionChanged') events.push(payload as Session);
    });
    await emulatorAdmin(emulatorUrl(core), 'oidc/lifetime', { accessTokenSeconds: 3 });
    pick = 'SalesAgent';
    await value(core, 'signIn');
    await value(core, 'refreshCustomers');
    await emulatorAdmin(emulatorUrl(core), 'oidc/revoke', {});

    const { queueItemId } = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    await vi.waitFor(async () => expect((await value<SyncStatus>(core, 'getSyncStatus')).waiting).toEqual({ reason: 'sign-in-needed' }), { timeout: 10_000 });
    const item = (await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items.find((i) => i.id === queueItemId);
    expect(item).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await session(core)).toMatchObject({ user: { displayName: 'Sam Sales' }, auth: { state: 'sign-in-needed', problem: 'revoked' } });
    expect(events.some((e) => e.auth.state === 'sign-in-needed')).toBe(true);
    expect(await agreementPosts(emulatorUrl(core))).toHaveLength(0);

    const again = await value<Session>(core, 'signIn');
    expect(again.auth).toMatchObject({ state: 'signed-in', problem: null });
    await vi.waitFor(async () => expect((await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items.find((i) => i.id === queueItemId)?.state).toBe('confirmed'), { timeout: 10_000 });
    expect((await agreementPosts(emulatorUrl(core))).map((w) => w.status)).toEqual([201]);
  });

  it('missing MFA: sign-in is refused in plain words, and a token that loses MFA sends nothing', async () => {
    const core = await start(entraSandboxDir());
    await emulatorAdmin(emulatorUrl(core), 'oidc/mfa', { on: false });
    pick = 'AdminAgent';
    const refused = await core.dispatch('signIn', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/requires multi-factor authentication \(MFA\)/);
    expect(await session(core)).toMatchObject({ user: null, canConfirm: false, auth: { state: 'signed-out', problem: 'mfa-required' } });

    await emulatorAdmin(emulatorUrl(core), 'oidc/mfa', { on: true });
    await emulatorAdmin(emulatorUrl(core), 'oidc/lifetime', { accessTokenSeconds: 3 });
    await value(core, 'signIn');
    await value(core, 'refreshCustomers');
    await emulatorAdmin(emulatorUrl(core), 'oidc/mfa', { on: false });
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    await vi.waitFor(async () => expect((await value<SyncStatus>(core, 'getSyncStatus')).waiting).toEqual({ reason: 'sign-in-needed' }), { timeout: 10_000 });
    expect((await session(core)).auth).toMatchObject({ state: 'sign-in-needed', problem: 'mfa-required' });
    expect(await agreementPosts(emulatorUrl(core))).toHaveLength(0);
  });

  it('a Helpdesk agent signs in read-only', async () => {
    const core = await start(entraSandboxDir());
    pick = 'HelpdeskAgent';
    const s = await value<Session>(core, 'signIn');
    expect(s).toMatchObject({ user: { displayName: 'Hana Helpdesk', role: 'HelpdeskAgent' }, canConfirm: false, readOnlyReason: 'role' });
    await value(core, 'refreshCustomers');
    expect(await core.dispatch('confirmAcceptance', { customerId: societe!.id, acceptance })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('no token ever reaches the profile database', async () => {
    const dataDir = entraSandboxDir();
    const store = new MemorySecretStore();
    const core = await start(dataDir, store);
    pick = 'AdminAgent';
    await value(core, 'signIn');
    await value(core, 'refreshCustomers');
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    await vi.waitFor(async () => expect((await value<SyncStatus>(core, 'getSyncStatus')).counts).toMatchObject({ queued: 0 }), { timeout: 10_000 });
    const accessToken = await core.internals.signIn.getAccessToken();
    const cache = JSON.parse((await store.read())!.toString('utf8')) as Record<string, Record<string, { secret: string }>>;
    const secrets = [accessToken, ...['AccessToken', 'RefreshToken', 'IdToken'].flatMap((k) => Object.values(cache[k] ?? {}).map((e) => e.secret))];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const profile = core.internals.profile;
    core.internals.db.pragma('wal_checkpoint(TRUNCATE)');
    const dbPath = profileDatabasePath(dataDir, profile);
    const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].filter((f) => fs.existsSync(f));
    const everything = files.map((f) => fs.readFileSync(f).toString('latin1')).join('\n');
    expect(everything.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(everything.includes(secret)).toBe(false);
      expect(everything.includes(secret.slice(0, 40))).toBe(false);
    }
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
  });

  it('offline at start with a persisted cache: shows the account (offline), queues, and sends after reconnecting without a browser', async () => {
    const emulator = await startEmulator({ customers: 30 });
    emulators.push(emulator);
    const dataDir = entraSandboxDir();
    const store = new MemorySecretStore('os');
    const first = await start(dataDir, store, emulator.url);
    pick = 'AdminAgent';
    await value(first, 'signIn');
    await value(first, 'refreshCustomers');
    await first.close();
    cores.splice(cores.indexOf(first), 1);

    await emulatorAdmin(emulator.url, 'offline', { on: true });
    const opened = browser.opened.length;
    const core = await start(dataDir, store, emulator.url);
    await vi.waitFor(async () => expect((await session(core)).auth.state).toBe('offline'), { timeout: 10_000 });
    expect(await session(core)).toMatchObject({ user: { displayName: 'Ana Admin', role: 'AdminAgent' }, canConfirm: true, auth: { tokensPersisted: true } });
    const found = await value<{ items: { companyName: string }[] }>(core, 'searchCustomers', { query: 'müller' });
    expect(found.items[0]?.companyName).toBe(muller!.companyName);
    const { queueItemId } = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    expect((await value<SyncStatus>(core, 'getSyncStatus')).waiting).toEqual({ reason: 'offline' });

    await emulatorAdmin(emulator.url, 'offline', { on: false });
    await vi.waitFor(async () => expect((await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items.find((i) => i.id === queueItemId)?.state).toBe('confirmed'), { timeout: 15_000 });
    expect((await session(core)).auth).toMatchObject({ state: 'signed-in' });
    expect(browser.opened.length).toBe(opened);
  });
});

describe('Partner Center role from Microsoft Graph (emulator tokens without the roles claim)', () => {
  const graphCalls = async (url: string) => ((await emulatorAdmin(url, 'oidc')) as { graphCalls: number }).graphCalls;
  const msal = (core: Core) => core.internals.signIn as MsalSignIn;

  it('a Sales agent is found in SalesAgents and may confirm; the role is remembered for an offline start', async () => {
    const emulator = await startEmulator({ customers: 30 });
    emulators.push(emulator);
    await emulatorAdmin(emulator.url, 'oidc/roles-claim', { on: false });
    const dataDir = entraSandboxDir();
    const store = new MemorySecretStore('os');
    const core = await start(dataDir, store, emulator.url);
    pick = 'SalesAgent';
    const s = await value<Session>(core, 'signIn');
    expect(s).toMatchObject({ user: { displayName: 'Sam Sales', role: 'SalesAgent' }, canConfirm: true, auth: { state: 'signed-in', problem: null } });
    expect(decodeJwtClaims(await core.internals.signIn.getAccessToken())).not.toHaveProperty('roles');
    // Three groups in pages of two: the nextLink was followed.
    expect(await graphCalls(emulator.url)).toBe(2);
    expect(new URL(browser.opened.at(-1)!).searchParams.get('scope')).toContain('https://graph.microsoft.com/GroupMember.Read.All');
    await value(core, 'refreshCustomers');
    const { queueItemId } = await value<{ queueItemId: string }>(core, 'confirmAcceptance', { customerId: societe!.id, acceptance });
    await vi.waitFor(async () => expect((await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items.find((i) => i.id === queueItemId)?.state).toBe('confirmed'), { timeout: 10_000 });
    await core.close();
    cores.splice(cores.indexOf(core), 1);

    await emulatorAdmin(emulator.url, 'offline', { on: true });
    const again = await start(dataDir, store, emulator.url);
    await vi.waitFor(async () => expect((await session(again)).auth.state).toBe('offline'), { timeout: 10_000 });
    expect(await session(again)).toMatchObject({ user: { displayName: 'Sam Sales', role: 'SalesAgent' }, canConfirm: true });
  });

  it('a Helpdesk agent is found in HelpdeskAgents and stays read-only', async () => {
    const core = await start(entraSandboxDir());
    await emulatorAdmin(emulatorUrl(core), 'oidc/roles-claim', { on: false });
    pick = 'HelpdeskAgent';
    const s = await value<Session>(core, 'signIn');
    expect(s).toMatchObject({ user: { displayName: 'Hana Helpdesk', role: 'HelpdeskAgent' }, canConfirm: false, readOnlyReason: 'role', auth: { problem: null } });
    expect(await graphCalls(emulatorUrl(core))).toBeGreaterThan(0);
    await value(core, 'refreshCustomers');
    expect(await core.dispatch('confirmAcceptance', { customerId: societe!.id, acceptance })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a failed lookup (Graph 403) keeps the previous role, or read-only at first, and says so in plain words', async () => {
    const core = await start(entraSandboxDir());
    const url = emulatorUrl(core);
    await emulatorAdmin(url, 'oidc/roles-claim', { on: false });
    await emulatorAdmin(url, 'oidc/graph', { on: false });
    pick = 'SalesAgent';
    const first = await value<Session>(core, 'signIn');
    expect(first).toMatchObject({ user: { displayName: 'Sam Sales', role: 'HelpdeskAgent' }, canConfirm: false, auth: { state: 'signed-in', problem: 'role-unknown' } });
    expect(msal(core).roleNotice).toMatch(/could not read your Partner Center role from Microsoft Graph\. .*HTTP 403.*keeps the role Helpdesk agent \(read-only\)/);

    await emulatorAdmin(url, 'oidc/graph', { on: true });
    expect(await value<Session>(core, 'signIn')).toMatchObject({ user: { role: 'SalesAgent' }, canConfirm: true, auth: { problem: null } });
    expect(msal(core).roleNotice).toBeNull();

    await emulatorAdmin(url, 'oidc/graph', { on: false });
    const kept = await value<Session>(core, 'signIn');
    expect(kept).toMatchObject({ user: { role: 'SalesAgent' }, canConfirm: true, auth: { state: 'signed-in', problem: 'role-unknown' } });
    expect(msal(core).roleNotice).toMatch(/keeps the role Sales agent until a lookup succeeds/);
  });
});
