import type { Page } from '@playwright/test';
import { confirmOpenCustomer, expect, openCustomer, test, mcaSection } from './fixtures';

/**
 * Sign-in with Microsoft Entra ID through the emulator's identity provider (real MSAL in the
 * core, PKCE, loopback redirect). The browser host opens the sign-in page in a new tab; that page
 * is HTTPS with the emulator's self-signed certificate, hence ignoreHTTPSErrors for this context.
 */
test.use({ ignoreHTTPSErrors: true });

const SOCIETE = /Société Générale de Logistique/;
const LODZ = /Łódź Przemysł/;
const banner = (page: Page) => page.getByTestId('sign-in-banner');

async function shot(page: Page, desk: { shot(name: string): Promise<void> }, name: string) {
  await page.mouse.move(1, 850);
  await desk.shot(name);
}

/** "New profile…" → a built-in sandbox that signs in with Microsoft Entra ID; the app switches to it. */
async function createEntraSandbox(page: Page, desk: { shot(name: string): Promise<void> }, name: string) {
  await page.getByRole('button', { name: /^Profile: .*Switch profile$/ }).click();
  await page.getByRole('menuitem', { name: 'New profile…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await dialog.getByLabel('Profile name').fill(name);
  await expect(dialog.getByRole('radio', { name: 'Automatically (sandbox user)' })).toBeChecked();
  await dialog.getByRole('radio', { name: 'With Microsoft Entra ID (emulator’s sign-in page)' }).check();
  // The role is chosen on the sign-in page, not here.
  await expect(dialog.getByLabel('Role of the sandbox user')).toHaveCount(0);
  await shot(page, desk, 'si-01-new-profile-entra');
  await dialog.getByRole('button', { name: 'Create and switch' }).click();
  await expect(page.getByTestId('profile-name')).toHaveText(name);
  await expect(banner(page)).toHaveAttribute('data-state', 'signed-out');
  await expect(page.getByTestId('user-name')).toHaveText('Not signed in');
}

/** Clicks "Sign in", picks the sandbox user with `role` on the emulator's page in the new tab, and comes back. */
async function signInAs(page: Page, role: 'AdminAgent' | 'HelpdeskAgent', label: string, onPage?: () => Promise<void>) {
  const tab = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const signInPage = await tab;
  await expect(banner(page)).toHaveAttribute('data-state', 'signing-in');
  await expect(banner(page)).toContainText('Signing in… Finish in your browser.');
  // In case a popup blocker stopped the tab, the page is one click away.
  await expect(banner(page).getByRole('link', { name: 'Open the sign-in page' })).toHaveAttribute('href', /\/oauth2\/v2\.0\/authorize\?/);
  await onPage?.();
  await signInPage.locator(`button[data-role="${role}"]`).click();
  await expect(page.getByTestId('user-role')).toHaveText(label, { timeout: 20_000 });
  await signInPage.close();
}

/**
 * A profile that signs in for the first time loads its customers by itself (the core starts a
 * refresh on sign-in). Clicking the empty state's "Refresh" here raced that refresh: the button
 * left the DOM mid-click.
 */
async function customersLoaded(page: Page) {
  await expect(page.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
}

test('signing in through the emulator’s Entra ID page; a revoked sign-in parks the queue until signing in again', async ({ page, desk }) => {
  // Access tokens live 2 s, so every send redeems the refresh token (MSAL renews 5 min early).
  await desk.admin('oidc/lifetime', { accessTokenSeconds: 2 });
  await createEntraSandbox(page, desk, 'Entra sandbox');
  await expect(banner(page)).toContainText('Not signed in to Partner Center.');
  // The browser host offers no protected storage: tokens live in memory, and the operator is told.
  await expect(banner(page)).toContainText('You will sign in each session (this computer offers no protected storage for tokens).');
  await shot(page, desk, 'si-02-signed-out');

  await signInAs(page, 'AdminAgent', 'Admin agent', () => shot(page, desk, 'si-03-signing-in'));
  await expect(page.getByTestId('user-name')).toHaveText('Ana Admin');
  await expect(banner(page)).toHaveCount(0);
  await page.getByTestId('user-menu').click();
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByTestId('tokens-memory-only')).toBeVisible();
  await shot(page, desk, 'si-04-user-menu');
  await page.keyboard.press('Escape');

  await customersLoaded(page);
  await openCustomer(page, 'societe gen', SOCIETE);
  await confirmOpenCustomer(page, { first: 'Amélie', last: 'Lefèvre', email: 'amelie.lefevre@example.com' });
  await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible({ timeout: 20_000 });

  // "Revoke sessions" in Entra ID: the refresh token stops working; the next send cannot get a token.
  await desk.admin('oidc/revoke', {});
  await openCustomer(page, 'lodz', LODZ);
  await confirmOpenCustomer(page, { first: 'Bruno', last: 'Lefèvre', email: 'bruno.lefevre@example.com' });
  await expect(mcaSection(page).getByText('Pending sync', { exact: true })).toBeVisible();
  await expect(banner(page)).toHaveAttribute('data-state', 'sign-in-needed', { timeout: 20_000 });
  await expect(banner(page)).toContainText('Sign-in needed — your sign-in was revoked');
  await expect(banner(page)).toContainText('queued confirmations wait');
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '1');
  await shot(page, desk, 'si-05-sign-in-needed');

  // Signing in again: the queue resumes by itself and the item drains.
  await signInAs(page, 'AdminAgent', 'Admin agent');
  await expect(banner(page)).toHaveCount(0);
  await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0');
  type Writes = { items: { method: string; path: string; status: number }[] };
  const agreements = ((await desk.admin('writes')) as Writes).items.filter((w) => w.method === 'POST' && w.path.includes('/agreements'));
  expect(agreements.map((w) => w.status)).toEqual([201, 201]);
  await shot(page, desk, 'si-06-drained');
});

test('a cancelled sign-in says so; a Helpdesk agent signs in and sees read-only; Sign out', async ({ page, desk }) => {
  await createEntraSandbox(page, desk, 'Entra helpdesk');

  // Cancel from MCA Desk while the browser page is open.
  const tab = page.context().waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const abandoned = await tab;
  await expect(banner(page)).toHaveAttribute('data-state', 'signing-in');
  await banner(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(banner(page)).toHaveAttribute('data-state', 'signed-out');
  await expect(banner(page).getByTestId('sign-in-problem')).toHaveText('Sign-in was cancelled.');
  await abandoned.close();
  await shot(page, desk, 'si-07-cancelled');

  await signInAs(page, 'HelpdeskAgent', 'Helpdesk agent');
  await expect(page.getByTestId('user-name')).toHaveText('Hana Helpdesk');
  await customersLoaded(page);
  await openCustomer(page, 'societe gen', SOCIETE);
  await expect(page.getByTestId('read-only-reason')).toHaveText(
    'Only Admin agents and Sales agents can confirm acceptance or order. You are signed in as Helpdesk agent.',
  );
  await expect(mcaSection(page).getByRole('button', { name: 'Update' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'New customer' })).toBeDisabled();
  await shot(page, desk, 'si-08-helpdesk');

  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByTestId('user-name')).toHaveText('Not signed in');
  await expect(banner(page)).toHaveAttribute('data-state', 'signed-out');
  await expect(page.getByTestId('read-only-reason')).toHaveAttribute('data-reason', 'signed-out');
});
