import { expect, openCustomer, test, mcaSection } from './fixtures';
import type { Page } from '@playwright/test';

const SOCIETE = /Société Générale de Logistique/;

async function fillAcceptance(page: Page, fields: { first?: string; last?: string; email?: string; phone?: string }) {
  const dialog = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
  if (fields.first !== undefined) await dialog.getByLabel('First name').fill(fields.first);
  if (fields.last !== undefined) await dialog.getByLabel('Last name').fill(fields.last);
  if (fields.email !== undefined) await dialog.getByLabel('Email address').fill(fields.email);
  if (fields.phone !== undefined) await dialog.getByLabel('Phone number (optional)').fill(fields.phone);
  return dialog;
}


test('search, open a customer, confirm acceptance and watch it sync to Partner Center', async ({ page, desk }) => {
  await expect(page.getByRole('textbox', { name: 'Search customers' })).toBeFocused();
  await expect(page.getByText('Online', { exact: true })).toBeVisible();
  await desk.shot('01-customers');

  // Accent- and case-insensitive search over the local cache.
  await openCustomer(page, 'societe gen', SOCIETE);
  await expect(page.getByRole('heading', { name: 'Société Générale de Logistique' })).toBeVisible();
  await expect(mcaSection(page).getByText('Not confirmed', { exact: true })).toBeVisible();
  await desk.shot('02-account-info');

  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  const dialog = await fillAcceptance(page, { first: '', email: 'not-an-email' });
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog.getByText('Enter the first name of the person who accepted.')).toBeVisible();
  await expect(dialog.getByText('Enter an email address like name@contoso.com.')).toBeVisible();
  await desk.shot('03-dialog-errors');

  await fillAcceptance(page, { first: 'Amélie', last: 'Lefèvre', email: 'amelie.lefevre@example.com', phone: '+33 1 42 68 53 00' });
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog).toBeHidden();
  await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible();
  await expect(mcaSection(page).getByText('amelie.lefevre@example.com')).toBeVisible();
  await desk.shot('04-confirmed');

  // Exactly one agreement was created on Partner Center, by the sandbox Admin agent.
  const writes = (await desk.admin('writes')) as { items: { method: string; path: string; status: number }[] };
  expect(writes.items.filter((w) => w.method === 'POST' && w.path.includes('/agreements')).map((w) => w.status)).toEqual([201]);

  await page.getByRole('link', { name: 'Sync queue' }).or(page.getByRole('button', { name: 'Sync queue' })).first().click();
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /Société Générale de Logistique/ })).toContainText('Confirmed');
  await desk.shot('05-sync-queue');
});

test('invalid dates and fields are refused at the field and nothing is queued', async ({ page, desk }) => {
  await openCustomer(page, 'societe gen', SOCIETE);
  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  const dialog = await fillAcceptance(page, { first: 'A', last: 'B', email: 'a@b' });
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog.getByText('Enter an email address like name@contoso.com.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(mcaSection(page).getByText('Not confirmed', { exact: true })).toBeVisible();
  const writes = (await desk.admin('writes')) as { items: unknown[] };
  expect(writes.items).toEqual([]);
});

test('working offline keeps the confirmation pending, and it syncs when back online', async ({ page, desk }) => {
  await page.getByRole('switch', { name: 'Work offline' }).check();
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();

  await openCustomer(page, 'societe', SOCIETE);
  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  const dialog = await fillAcceptance(page, { first: 'Amélie', last: 'Lefèvre', email: 'amelie.lefevre@example.com' });
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog).toBeHidden();
  await expect(mcaSection(page).getByText('Pending sync', { exact: true })).toBeVisible();
  await desk.shot('06-offline-pending');
  expect(((await desk.admin('writes')) as { items: unknown[] }).items).toEqual([]);

  await page.getByRole('switch', { name: 'Work offline' }).uncheck();
  await expect(page.getByText('Online', { exact: true })).toBeVisible();
  await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible();
});

test('when Partner Center cannot be reached the header says Offline, and queued items sync by themselves after', async ({ page, desk }) => {
  await openCustomer(page, 'societe', SOCIETE);
  await desk.admin('offline', { on: true });
  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  const dialog = await fillAcceptance(page, { first: 'Amélie', last: 'Lefèvre', email: 'amelie.lefevre@example.com' });
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(mcaSection(page).getByText('Pending sync', { exact: true })).toBeVisible();
  await expect(page.getByText('Offline', { exact: true })).toBeVisible();
  await desk.shot('07-unreachable');

  await desk.admin('offline', { on: false });
  await expect(page.getByText('Online', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible({ timeout: 20_000 });
});
