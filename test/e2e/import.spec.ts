import type { Page } from '@playwright/test';
import { WELL_KNOWN } from '../../src/emulator/seed';
import { localToday } from '../../src/shared/validation';
import { expect, nav, queueRow, test } from './fixtures';

const [societe, muller, cafe] = WELL_KNOWN;
const today = localToday();

/** Opens the Sync queue's "Import…" (customers not cached yet are looked up in Partner Center). */
async function openImport(page: Page, labels: { queue: string; importButton: string; title: string }) {
  await nav(page, labels.queue).click();
  await page.getByRole('button', { name: labels.importButton }).click();
  const dialog = page.getByRole('dialog', { name: labels.title });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('import a CSV from the Sync queue: preview with errors at the field, fix a cell in place, queue the valid rows', async ({ page, desk }) => {
  const dialog = await openImport(page, { queue: 'Sync queue', importButton: 'Import…', title: 'Import confirmations' });

  // The template comes as a download, in English, with a BOM for Excel.
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download the template' }).click()]);
  expect(download.suggestedFilename()).toBe('mca-desk-confirmations.csv');
  const template = await download.createReadStream().then(
    (stream) =>
      new Promise<string>((resolve) => {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => resolve(text));
      }),
  );
  expect(template).toBe('\uFEFFcustomer,first_name,last_name,email,phone,date\r\n');

  const csv = [
    'customer;first_name;last_name;email;phone;date',
    `${societe!.id};Amélie;Lefèvre;amelie@example.com;;05/01/2026`,
    `${muller!.domain};Neue;Person;not-an-email;;${today}`,
    `${cafe!.id};João;Gonçalves;joao@example.com;;31/12/2999`,
  ].join('\r\n');
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8') });

  const counts = dialog.getByTestId('import-counts');
  await expect(counts).toHaveText('1 valid · 2 with errors');
  const table = dialog.getByRole('table', { name: 'Rows to import' });
  const line3 = table.locator('tr[data-line="3"]');
  await expect(line3.getByLabel('Edit Email address on line 3')).toHaveAttribute('aria-invalid', 'true');
  await expect(line3.getByRole('alert')).toHaveText('Enter an email address like name@contoso.com.');
  await expect(table.locator('tr[data-line="4"]').getByRole('alert')).toHaveText('The date of acceptance cannot be in the future.');
  // The customer's name beside a valid customer cell.
  await expect(table.locator('tr[data-line="2"]')).toContainText(societe!.companyName);
  await desk.shot('40-import-preview');

  // Fixed in place: checked again at once.
  await line3.getByLabel('Edit Email address on line 3').fill('neue.person@example.com');
  await line3.getByLabel('Edit Email address on line 3').press('Enter');
  await expect(counts).toHaveText('2 valid · 1 with errors');
  await expect(line3.getByLabel('Edit Email address on line 3')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(line3).toContainText(muller!.companyName);

  // Only the rows with errors, on demand.
  await dialog.getByRole('switch', { name: 'Only rows with errors' }).click();
  await expect(table.locator('tbody tr[data-line]')).toHaveCount(1);

  await dialog.getByRole('button', { name: 'Queue 2 confirmations' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Queued 2 confirmations.', { exact: false })).toBeVisible();
  await expect(queueRow(page, societe!.companyName)).toBeVisible();
  await expect(queueRow(page, muller!.companyName)).toBeVisible();
  await expect(queueRow(page, muller!.companyName)).toContainText('neue.person@example.com');
});

test('a file it cannot read is refused with a clear message, and nothing is previewed', async ({ page, desk }) => {
  void desk; // the app, its emulator and its data folder
  const dialog = await openImport(page, { queue: 'Sync queue', importButton: 'Import…', title: 'Import confirmations' });
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: Buffer.from('customer,prénom\r\n', 'latin1') });
  await expect(dialog.getByTestId('import-problem')).toContainText('The file is not UTF-8 text.');
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from(`${societe!.id},A,B,a@b.example,${today}\r\n`) });
  await expect(dialog.getByTestId('import-problem')).toContainText('The first line must name the columns');
  await expect(dialog.getByTestId('import-counts')).toBeHidden();
});

test.describe('in French', () => {
  test.use({ lang: 'fr' });

  test('imports a file with French headers, errors in French', async ({ page, desk }) => {
    const dialog = await openImport(page, { queue: 'File d’attente', importButton: 'Importer…', title: 'Importer des confirmations' });
    const csv = ['client;prénom;nom;e-mail;téléphone;date', `${societe!.domain};Amélie;Lefèvre;amelie@example.com;;05/01/2026`, `${muller!.id};;Müller;j@example.com;;${today}`].join('\r\n');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect(dialog.getByTestId('import-counts')).toHaveText('Valides\u202F: 1 · avec des erreurs\u202F: 1');
    await expect(dialog.getByRole('table', { name: 'Lignes à importer' }).locator('tr[data-line="3"]').getByRole('alert')).toHaveText('Entrez le prénom de la personne qui a accepté.');
    await desk.shot('41-import-preview-fr');
    await dialog.getByRole('button', { name: 'Mettre les confirmations en file d’attente (1)' }).click();
    await expect(dialog).toBeHidden();
  });
});
