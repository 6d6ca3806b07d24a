import type { Page } from '@playwright/test';
import { expect, openCustomer, test, mcaSection } from './fixtures';

const SOCIETE = /Société Générale de Logistique/;

async function shot(page: Page, desk: { shot(name: string): Promise<void> }, name: string) {
  await page.mouse.move(1, 850);
  await desk.shot(name);
}

/** "New profile…" from the header's profile menu; the app switches to it. */
async function createProfile(page: Page, name: string, cloud: string) {
  await page.getByRole('button', { name: /^Profile: .*Switch profile$/ }).click();
  await page.getByRole('menuitem', { name: 'New profile…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New profile' });
  await dialog.getByLabel('Profile name').fill(name);
  if (cloud !== 'Public') {
    await dialog.getByRole('combobox', { name: 'Cloud' }).click();
    await page.getByRole('option', { name: cloud }).click();
  }
  return dialog;
}

async function switchTo(page: Page, name: string) {
  await page.getByRole('button', { name: /^Profile: .*Switch profile$/ }).click();
  await page.getByRole('menuitem').filter({ has: page.getByText(name, { exact: true }) }).click();
  await expect(page.getByTestId('profile-name')).toHaveText(name);
}

test('a non-public cloud: MCA features off with the reason, search and account info work', async ({ page, desk }) => {
  await expect(page.getByTestId('profile-name')).toHaveText('Built-in sandbox');
  await expect(page.getByTestId('sandbox-badge')).toHaveText('Sandbox');
  const dialog = await createProfile(page, 'US Government sandbox', 'US Government');
  await expect(dialog.getByText('only supported in the public cloud', { exact: false })).toBeVisible();
  await shot(page, desk, 'pr-01-new-profile');
  await dialog.getByRole('button', { name: 'Create and switch' }).click();
  await expect(page.getByTestId('profile-name')).toHaveText('US Government sandbox');
  await expect(page.getByTestId('sandbox-badge')).toBeVisible();
  await expect(page.getByTestId('cloud-badge')).toHaveText('US Government');

  // Its own database, loaded from Partner Center on opening.
  await expect(page.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  // No MCA badges in the list, and no MCA actions.
  await expect(page.getByRole('option').first().locator('[data-status]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New customer' })).toBeDisabled();
  await openCustomer(page, 'societe gen', SOCIETE);
  await expect(page.getByRole('heading', { name: 'Société Générale de Logistique' })).toBeVisible();
  await expect(mcaSection(page).getByTestId('mca-unavailable')).toContainText('only supported in the public cloud');
  await expect(mcaSection(page).getByRole('button', { name: 'Update' })).toHaveCount(0);
  await expect(page.getByTestId('read-only-reason')).toHaveText('The Microsoft Customer Agreement is only supported in the public cloud.');
  await shot(page, desk, 'pr-02-usgov-account');
});

test('switching profiles never mixes data', async ({ page, desk }) => {
  // A pending confirmation in the built-in sandbox.
  await page.getByRole('switch', { name: 'Work offline' }).check();
  await openCustomer(page, 'societe gen', SOCIETE);
  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
  await confirm.getByLabel('First name').fill('Amélie');
  await confirm.getByLabel('Last name').fill('Lefèvre');
  await confirm.getByLabel('Email address').fill('amelie.lefevre@example.com');
  await confirm.getByRole('button', { name: 'Save and continue' }).click();
  await expect(mcaSection(page).getByText('Pending sync', { exact: true })).toBeVisible();

  const dialog = await createProfile(page, 'Second sandbox', 'Public');
  await dialog.getByRole('button', { name: 'Create and switch' }).click();
  await expect(page.getByTestId('profile-name')).toHaveText('Second sandbox');
  // Every view starts over: no open customer; this profile's own cache knows nothing of the other's confirmation.
  await expect(page.getByTestId('account-panel')).toHaveCount(0);
  // The list is windowed: wait for the cache to fill, then search (openCustomer) for the customer.
  await expect(page.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  await openCustomer(page, 'societe gen', SOCIETE);
  await expect(mcaSection(page).getByText('Not confirmed', { exact: true })).toBeVisible();
  await expect(mcaSection(page).getByTestId('pending-item')).toHaveCount(0);
  await page.getByRole('link', { name: 'Sync queue', exact: true }).click();
  await expect(page.getByText('The queue is empty')).toBeVisible();
  await shot(page, desk, 'pr-03-second-profile');

  await switchTo(page, 'Built-in sandbox');
  await page.getByRole('link', { name: 'Sync queue', exact: true }).click();
  // Its confirmation is still there (queued, or sent if this profile came back online).
  await expect(page.getByRole('table', { name: 'Queue items' }).getByRole('row', { name: SOCIETE })).toContainText(/Queued|Confirmed/);
  await shot(page, desk, 'pr-04-back');
});
