import type { Page } from '@playwright/test';
import { confirmOpenCustomer, expect, openCustomer, test, mcaSection, nav, queueRow } from './fixtures';

const SOCIETE = /Société Générale de Logistique/;
const DAY_MS = 24 * 3600 * 1000;

const countCard = (page: Page, state: string) => page.getByTestId('queue-counts').locator(`[data-state="${state}"]`);
/** Screenshot with the pointer out of the way (no stray tooltip) and `target` scrolled into view. */
async function shotOf(page: Page, desk: { shot(name: string): Promise<void> }, name: string, target?: ReturnType<Page['locator']>) {
  await page.mouse.move(1, 850);
  if (target) await target.scrollIntoViewIfNeeded();
  await desk.shot(name);
}

/**
 * Opens the first listed customer whose badge says "Not confirmed" and confirms it; returns its
 * name. Waits until the list shows it as no longer "Not confirmed", so the next call picks another.
 */
async function confirmNextUnconfirmed(page: Page, n: number): Promise<string> {
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await search.fill('');
  const option = page.getByRole('option').filter({ hasText: 'Not confirmed' }).first();
  // The list is windowed (only the rows in view are rendered): scroll down until one shows.
  const list = page.getByRole('listbox', { name: 'Search results' });
  await expect(list.getByRole('option').first()).toBeVisible();
  for (let i = 0; i < 40 && (await option.count()) === 0; i++) {
    await list.evaluate((el) => el.scrollBy(0, el.clientHeight));
    await page.waitForTimeout(50);
  }
  const id = await option.getAttribute('data-customer-id');
  const name = (await option.locator('[title]').first().getAttribute('title')) ?? '';
  await option.click();
  await expect(page.getByRole('heading', { name: 'Microsoft Customer Agreement' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  await confirmOpenCustomer(page, { first: `Person${n}`, last: 'Queued', email: `person${n}@example.com` });
  await expect(mcaSection(page).getByText('Pending sync', { exact: true })).toBeVisible();
  await expect(page.locator(`[role="option"][data-customer-id="${id}"]`)).not.toContainText('Not confirmed');
  return name;
}

test('offline with several items queued, back online, the Sync queue drains with progress and counts', async ({ page, desk }) => {
  // Six confirmations typed through the UI, then a throttled drain: more than the default minute.
  test.slow();
  const ITEMS = 6;
  // Partner Center goes away: the app finds out on its own (a failed read or send).
  await desk.admin('offline', { on: true });
  const names: string[] = [];
  for (let i = 0; i < ITEMS; i++) names.push(await confirmNextUnconfirmed(page, i + 1));
  await expect(page.getByTestId('connectivity-state')).toHaveText('Offline', { timeout: 20_000 });

  await nav(page, 'Sync queue').click();
  await expect(page.getByRole('heading', { name: 'Sync queue', level: 2 })).toBeVisible();
  await expect(countCard(page, 'queued')).toHaveAttribute('data-count', String(ITEMS));
  await expect(page.getByTestId('waiting-reason')).toHaveAttribute('data-reason', 'offline');
  await expect(page.getByTestId('drain-progress')).toContainText(`Sent 0 of ${ITEMS}`);
  for (const name of names) await expect(queueRow(page, name)).toContainText('Queued');
  await desk.shot('10-queue-offline');

  // A slow Partner Center (three requests a second, 429 beyond) makes the drain long enough to
  // watch: each item costs five requests (template once, records, direct acceptance, the send,
  // the records again after it), so about ten seconds for six items.
  await desk.admin('throttle', { perPartner: 3 });
  await desk.admin('offline', { on: false });
  await expect(page.getByTestId('connectivity-state')).toHaveText('Online', { timeout: 20_000 });
  const progress = page.getByTestId('drain-progress');
  await expect(progress).toHaveAttribute('data-sent', /^[1-5]$/, { timeout: 30_000 });
  await expect(progress).toHaveAttribute('data-total', String(ITEMS));
  await expect(progress).toContainText(new RegExp(`Sent [1-5] of ${ITEMS}`));
  await desk.shot('11-queue-draining');

  await expect(countCard(page, 'confirmed')).toHaveAttribute('data-count', String(ITEMS), { timeout: 45_000 });
  await expect(countCard(page, 'queued')).toHaveAttribute('data-count', '0');
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('waiting-reason')).toBeHidden();
  for (const name of names) await expect(queueRow(page, name)).toContainText('Confirmed');
  await desk.admin('throttle', { perPartner: 0 });

  // The counts are filters; a row's history tells what happened in plain words.
  await countCard(page, 'confirmed').click();
  await expect(countCard(page, 'confirmed')).toHaveAttribute('aria-pressed', 'true');
  const first = names[0]!;
  await queueRow(page, first).getByRole('button', { name: `Show history of ${first}` }).click();
  const history = page.getByTestId('item-history');
  await expect(history).toContainText('Sent; Partner Center recorded the confirmation.');
  await expect(history).toContainText('What Partner Center recorded');
  await expect(history).toContainText('person1@example.com');
  await shotOf(page, desk, '12-queue-drained-history', history);

  // Exactly one agreement per item reached Partner Center.
  const writes = (await desk.admin('writes')) as { items: { method: string; path: string; status: number | null }[] };
  expect(writes.items.filter((w) => w.method === 'POST' && w.path.includes('/agreements') && w.status === 201)).toHaveLength(ITEMS);
});

test('a needs-attention item is edited and retried from the Sync queue and gets confirmed', async ({ page, desk }) => {
  // Partner Center's today is two days behind: today's date of acceptance is "in the future" there (600002).
  await desk.admin('clock', { skewMs: -2 * DAY_MS });
  await openCustomer(page, 'societe gen', SOCIETE);
  await confirmOpenCustomer(page, { first: 'Amélie', last: 'Lefèvre', email: 'amelie.lefevre@example.com' });
  await expect(mcaSection(page).getByText('Needs attention', { exact: true })).toBeVisible({ timeout: 20_000 });
  // The account panel offers the same actions as the queue.
  const pending = page.getByTestId('pending-item');
  await expect(pending.getByRole('button', { name: 'Edit and retry' })).toBeVisible();
  await expect(pending.getByRole('button', { name: 'Retry', exact: true })).toBeVisible();
  await expect(pending.getByRole('button', { name: 'Discard…' })).toBeVisible();
  await shotOf(page, desk, '13-account-needs-attention', pending.getByRole('button', { name: 'Discard…' }));

  await desk.admin('clock', { skewMs: 0 });
  await nav(page, 'Sync queue').click();
  const row = queueRow(page, SOCIETE);
  await expect(row).toContainText('Needs attention');
  await expect(row).toContainText('600002');
  await row.getByRole('button', { name: /Show history of/ }).click();
  await expect(page.getByTestId('item-history')).toContainText('Partner Center rejected the confirmation.');
  await shotOf(page, desk, '14-queue-needs-attention');

  await row.getByRole('button', { name: 'Edit and retry' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
  // Prefilled with what was sent.
  await expect(dialog.getByLabel('First name')).toHaveValue('Amélie');
  await expect(dialog.getByLabel('Email address')).toHaveValue('amelie.lefevre@example.com');
  await dialog.getByLabel('Last name').fill('Lefèvre-Martin');
  await desk.shot('15-edit-and-retry-dialog');
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog).toBeHidden();

  await expect(row).toContainText('Confirmed', { timeout: 20_000 });
  await expect(countCard(page, 'needs-attention')).toHaveAttribute('data-count', '0');
  await expect(countCard(page, 'confirmed')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('item-history')).toContainText('Sent; Partner Center recorded the confirmation.');
  await expect(page.getByTestId('item-history')).toContainText('Lefèvre-Martin');
  await shotOf(page, desk, '16-queue-retried-confirmed');

  // The edit is on record with its before and after.
  await nav(page, 'Activity').click();
  const edit = page.getByTestId('activity-table').locator('tr[data-action="operator.edit-and-retry"]');
  await expect(edit).toContainText('Edited and retried');
  await expect(edit).toContainText('Société Générale de Logistique');
  await expect(edit).toContainText('Amélie Lefèvre → Amélie Lefèvre-Martin');
});

test('a queued item is discarded with a reason, and the reason shows in Activity', async ({ page, desk }) => {
  const REASON = 'Customer asked us to wait for their legal review';
  await page.getByRole('switch', { name: 'Work offline' }).check();
  await openCustomer(page, 'societe gen', SOCIETE);
  await confirmOpenCustomer(page, { first: 'Amélie', last: 'Lefèvre', email: 'amelie.lefevre@example.com' });
  await expect(mcaSection(page).getByText('Pending sync', { exact: true })).toBeVisible();

  await nav(page, 'Sync queue').click();
  const row = queueRow(page, SOCIETE);
  await expect(row).toContainText('Queued');
  await row.getByRole('button', { name: 'Discard…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Discard this confirmation?' });
  await dialog.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(dialog.getByText('Say why this confirmation is discarded (at least 3 characters).')).toBeVisible();
  await dialog.getByLabel('Reason').fill(REASON);
  await desk.shot('17-discard-dialog');
  await dialog.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Discarded');
  await expect(row).toContainText(REASON);
  await expect(countCard(page, 'discarded')).toHaveAttribute('data-count', '1');
  await expect(countCard(page, 'queued')).toHaveAttribute('data-count', '0');
  await expect(row.getByRole('button', { name: 'Discard…' })).toHaveCount(0);
  await desk.shot('18-queue-discarded');

  // Back online, nothing is sent for it.
  await page.getByRole('switch', { name: 'Work offline' }).uncheck();
  await expect(page.getByTestId('connectivity-state')).toHaveText('Online');

  await nav(page, 'Activity').click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 2 })).toBeVisible();
  const table = page.getByTestId('activity-table');
  const discard = table.locator('tr[data-action="operator.discard"]');
  await expect(discard).toContainText('Discarded');
  await expect(discard).toContainText('Société Générale de Logistique');
  await expect(discard).toContainText(REASON);
  await expect(table.locator('tr[data-action="confirmation.saved"]')).toContainText('Confirmation saved');
  await expect(table.locator('tr[data-action="operator.work-online"]')).toContainText('Switched back to working online');
  // Newest first: back online, then the discard, then the save.
  const order = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  expect(order.indexOf('operator.work-online')).toBeLessThan(order.indexOf('operator.discard'));
  expect(order.indexOf('operator.discard')).toBeLessThan(order.indexOf('confirmation.saved'));
  // Read-only: nothing to edit or delete.
  await expect(table.getByRole('button', { name: /edit|delete|remove|discard/i })).toHaveCount(0);
  await expect(table.getByRole('textbox')).toHaveCount(0);
  await desk.shot('19-activity');

  await page.getByRole('searchbox', { name: 'Filter activity' }).fill('legal review');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('activity-count')).toHaveText(/^1 of \d+ entries match$/);
  await desk.shot('20-activity-filtered');

  expect(((await desk.admin('writes')) as { items: unknown[] }).items).toEqual([]);
});

test('sync settings are saved and shown again after a reload', async ({ page, desk }) => {
  await nav(page, 'Settings').click();
  const parallelism = page.getByRole('textbox', { name: 'Sync parallelism' });
  const hours = page.getByRole('textbox', { name: 'Stop retrying after (hours)' });
  await expect(parallelism).not.toHaveValue('');
  await desk.shot('21-settings');

  await parallelism.fill('40');
  await expect(page.getByText('Enter a whole number from 1 to 16.')).toBeVisible();
  await parallelism.fill('6');
  await hours.fill('72');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  await page.reload();
  await nav(page, 'Settings').click();
  await expect(page.getByRole('textbox', { name: 'Sync parallelism' })).toHaveValue('6');
  await expect(page.getByRole('textbox', { name: 'Stop retrying after (hours)' })).toHaveValue('72');
  await desk.shot('22-settings-saved');

  await nav(page, 'Activity').click();
  const change = page.getByTestId('activity-table').locator('tr[data-action="operator.settings"]');
  await expect(change).toContainText('Settings changed');
  await expect(change).toContainText('Sync parallelism: 6');
  await expect(change).toContainText('Stop retrying after (hours): 72');
});
