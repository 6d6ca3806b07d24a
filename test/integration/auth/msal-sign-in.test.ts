import { translate } from '../../../src/shared/i18n';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { authorityFor } from '../../../src/main/core/auth/authority';
import { decodeJwtClaims } from '../../../src/main/core/auth/claims';
import { EMULATOR_CLIENT_ID } from '../../../src/main/core/auth';
import { MsalSignIn, type MsalSignInOptions } from '../../../src/main/core/auth/msal-sign-in';
import { SignInError } from '../../../src/main/core/auth/sign-in';
import { MemorySecretStore } from '../../../src/main/core/auth/secret-store';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { startTestBrowser, type TestBrowser } from './browser';

let browser: TestBrowser;
beforeAll(async () => {
  browser = await startTestBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

async function setup(choice: string | null | 'none', extra: Partial<MsalSignInOptions> = {}) {
  const emulator = await startEmulator({ customers: 20 });
  emulators.push(emulator);
  const store = new MemorySecretStore();
  const signIn = new MsalSignIn({
    clientId: EMULATOR_CLIENT_ID,
    authority: authorityFor({ cloud: 'public', partnerTenant: null }, emulator.oidc!.url),
    ca: emulator.oidc!.ca,
    openBrowser: browser.openBrowser(choice),
    secretStore: store,
    ...extra,
  });
  return { emulator, signIn, store };
}

const customers = (emulator: Emulator, token: string) =>
  fetch(`${emulator.url}/v1/customers?size=1`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });

describe('MSAL sign-in against the emulator identity provider', () => {
  it('signs in through the sign-in page (PKCE, loopback) and calls /v1 with the JWT', async () => {
    const { emulator, signIn } = await setup('AdminAgent');
    const user = await signIn.signIn();
    expect(user).toMatchObject({ displayName: 'Ana Admin', role: 'AdminAgent' });
    expect(signIn.auth(true)).toEqual({ state: 'signed-in', problem: null, tokensPersisted: false });
    const url = new URL(browser.opened.at(-1)!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(url.searchParams.get('scope')).toContain('https://api.partnercenter.microsoft.com/user_impersonation');
    const token = await signIn.getAccessToken();
    const claims = decodeJwtClaims(token)!;
    expect(claims).toMatchObject({ aud: 'https://api.partnercenter.microsoft.com', name: 'Ana Admin', roles: ['AdminAgent'], amr: ['pwd', 'mfa'], tid: emulator.oidc!.tenantId });
    expect((await customers(emulator, token)).status).toBe(200);
    expect((await customers(emulator, `${token.slice(0, -4)}AAAA`)).status).toBe(401);
  });

  it('refreshes silently when the access token is due, and the expired one is refused', async () => {
    const { emulator, signIn } = await setup('SalesAgent');
    await emulatorAdmin(emulator.url, 'oidc/lifetime', { accessTokenSeconds: 2 });
    await signIn.signIn();
    const first = await signIn.getAccessToken();
    // The token's own expiry (2 s after it was issued), observed: Partner Center refuses it from then on.
    await vi.waitFor(async () => expect((await customers(emulator, first)).status).toBe(401), { timeout: 10_000, interval: 100 });
    const before = ((await emulatorAdmin(emulator.url, 'oidc')) as { refreshes: number }).refreshes;
    const second = await signIn.getAccessToken();
    expect(second).not.toBe(first);
    expect(((await emulatorAdmin(emulator.url, 'oidc')) as { refreshes: number }).refreshes).toBe(before + 1);
    expect((await customers(emulator, second)).status).toBe(200);
  });

  it('revoked refresh tokens: getAccessToken throws and the state is sign-in needed (revoked)', async () => {
    const { emulator, signIn } = await setup('AdminAgent');
    await emulatorAdmin(emulator.url, 'oidc/lifetime', { accessTokenSeconds: 3 });
    await signIn.signIn();
    await emulatorAdmin(emulator.url, 'oidc/revoke', {});
    await expect(signIn.getAccessToken()).rejects.toMatchObject({ name: 'SignInError', problem: 'revoked', message: 'error.auth.needed' });
    expect(signIn.auth(true)).toMatchObject({ state: 'sign-in-needed', problem: 'revoked' });
    expect(signIn.auth(false)).toMatchObject({ state: 'offline' });
    await signIn.signIn();
    expect(signIn.auth(true)).toMatchObject({ state: 'signed-in', problem: null });
    await expect(signIn.getAccessToken()).resolves.toMatch(/^ey/);
  });

  it('refuses tokens without MFA in plain words and keeps nothing', async () => {
    const { emulator, signIn, store } = await setup('AdminAgent');
    await emulatorAdmin(emulator.url, 'oidc/mfa', { on: false });
    const failure = await signIn.signIn().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SignInError);
    expect((failure as SignInError).problem).toBe('mfa-required');
    expect((failure as Error).message).toBe('error.auth.mfaRequired');
    expect(translate('en-US', (failure as Error).message)).toMatch(/multi-factor authentication \(MFA\).*Nothing was sent/);
    expect(signIn.user).toBeNull();
    expect(signIn.auth(true)).toMatchObject({ state: 'signed-out', problem: 'mfa-required' });
    await expect(signIn.getAccessToken()).rejects.toThrow();
    expect(JSON.stringify(JSON.parse((await store.read())!.toString()).AccessToken ?? {})).toBe('{}');
  });

  it('cancel and time limit stop the browser step and close the loopback listener', async () => {
    const { signIn } = await setup('none', { timeoutMs: 1_500 });
    const timedOut = signIn.signIn().catch((e: unknown) => e);
    await expect(timedOut).resolves.toMatchObject({ problem: 'timed-out' });
    expect(signIn.auth(true)).toMatchObject({ state: 'signed-out', problem: 'timed-out' });

    const opened = browser.opened.length;
    const cancelled = signIn.signIn().catch((e: unknown) => e);
    // The browser step has begun (MSAL's loopback listener is up) once the sign-in page is opened.
    await vi.waitFor(() => expect(browser.opened).toHaveLength(opened + 1), { timeout: 10_000, interval: 20 });
    expect(signIn.auth(true).state).toBe('signing-in');
    expect(signIn.cancel()).toBe(true);
    await expect(cancelled).resolves.toMatchObject({ problem: 'cancelled' });
    expect(signIn.cancel()).toBe(false);
    // The loopback port is free again: the redirect URI of the cancelled attempt stops answering.
    // MSAL closes its listener once the cancel's own answer has reached it, just after signIn() rejects.
    const redirect = new URL(browser.opened.at(-1)!).searchParams.get('redirect_uri')!;
    await vi.waitFor(() => expect(fetch(redirect, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow(), { timeout: 10_000, interval: 50 });
  });

  it('Cancel on the sign-in page is reported as cancelled', async () => {
    const { signIn } = await setup(null);
    await expect(signIn.signIn()).rejects.toMatchObject({ problem: 'cancelled' });
  });

  it('keeps the account in a persisting store: a new instance restores it and refreshes silently', async () => {
    const { emulator } = await setup('none');
    const store = new MemorySecretStore('os');
    const options: MsalSignInOptions = {
      clientId: EMULATOR_CLIENT_ID,
      authority: authorityFor({ cloud: 'public', partnerTenant: 'sandbox-partner.onmicrosoft.com' }, emulator.oidc!.url),
      ca: emulator.oidc!.ca,
      openBrowser: browser.openBrowser('HelpdeskAgent'),
      secretStore: store,
    };
    const first = new MsalSignIn(options);
    expect(await first.signIn()).toMatchObject({ role: 'HelpdeskAgent', displayName: 'Hana Helpdesk' });
    const second = new MsalSignIn({ ...options, openBrowser: () => Promise.reject(new Error('no browser expected')) });
    expect(await second.restore(null)).toMatchObject({ role: 'HelpdeskAgent', displayName: 'Hana Helpdesk' });
    expect(second.auth(true)).toEqual({ state: 'signed-in', problem: null, tokensPersisted: true });
    expect(second.auth(false).state).toBe('offline');
    await expect(second.getAccessToken()).resolves.toMatch(/^ey/);
    await second.signOut();
    expect(await store.read()).toBeNull();
    expect(second.auth(true)).toMatchObject({ state: 'signed-out' });
    await expect(second.getAccessToken()).rejects.toThrow();
  });
  it('restored without a known role: the first silent token looks the role up in Graph (Graph token audience, no roles claim)', async () => {
    const { emulator } = await setup('none');
    await emulatorAdmin(emulator.url, 'oidc/roles-claim', { on: false });
    const store = new MemorySecretStore('os');
    const options: MsalSignInOptions = {
      clientId: EMULATOR_CLIENT_ID,
      authority: authorityFor({ cloud: 'public', partnerTenant: null }, emulator.oidc!.url),
      ca: emulator.oidc!.ca,
      openBrowser: browser.openBrowser('AdminAgent'),
      secretStore: store,
    };
    const first = new MsalSignIn(options);
    expect(await first.signIn()).toMatchObject({ displayName: 'Ana Admin', role: 'AdminAgent' });
    const cache = JSON.parse((await store.read())!.toString()) as { AccessToken: Record<string, { target: string; secret: string }> };
    const graphToken = Object.values(cache.AccessToken).find((t) => t.target.includes('GroupMember.Read.All'))!;
    expect(decodeJwtClaims(graphToken.secret)).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'GroupMember.Read.All' });
    expect(decodeJwtClaims(graphToken.secret)).not.toHaveProperty('roles');
    // Partner Center refuses a Graph token.
    expect((await customers(emulator, graphToken.secret)).status).toBe(401);

    const second = new MsalSignIn({ ...options, openBrowser: () => Promise.reject(new Error('no browser expected')) });
    expect(await second.restore(null)).toMatchObject({ displayName: 'Ana Admin', role: 'HelpdeskAgent' });
    await expect(second.getAccessToken()).resolves.toMatch(/^ey/);
    await second.roleSettled();
    expect(second.user).toMatchObject({ role: 'AdminAgent' });
    expect(second.auth(true)).toMatchObject({ state: 'signed-in', problem: null });

    // Remembered from the database: shown at once, and still refreshed once from Graph.
    const third = new MsalSignIn({ ...options, openBrowser: () => Promise.reject(new Error('no browser expected')) });
    const remembered = { displayName: 'Ana Admin', role: 'SalesAgent' as const, userId: second.user!.userId };
    expect(await third.restore(remembered)).toMatchObject({ role: 'SalesAgent' });
    await emulatorAdmin(emulator.url, 'oidc/graph', { on: false });
    await third.getAccessToken();
    await third.roleSettled();
    expect(third.user).toMatchObject({ role: 'SalesAgent' });
    expect(third.auth(true)).toMatchObject({ state: 'signed-in', problem: 'role-unknown' });
    expect(third.roleNotice).toMatch(/keeps the role Sales agent/);
  });
});
