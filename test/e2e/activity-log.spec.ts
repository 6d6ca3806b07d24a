import fs from 'node:fs';
import type { Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { builtInSandbox, profileDatabasePath } from '../../src/main/core/profiles';
import { confirmOpenCustomer, expect, nav, openCustomer, test } from './fixtures';

/*
 * The tamper-evident activity log as the operator sees it: the chain's state at the top of
 * Activity, "Export…" saving a CSV file, and the red alert once someone has edited the database
 * around the app (the trigger dropped, a row changed, as with the sqlite3 tool).
 */

const HASH_AT_END = /,[0-9a-f]{64}$/;

/** Changes an entry's details through a second connection that goes around the app's triggers. */
function tamperWith(dataDir: string, seq: number): void {
  const db = new BetterSqlite3(profileDatabasePath(dataDir, builtInSandbox));
  db.pragma('busy_timeout = 5000');
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare(`UPDATE audit_log SET details_json = '{"company":"Someone else"}' WHERE seq = ?`).run(seq);
  db.close();
}

/** Clicks the dialog's export button and answers the downloaded file: its name and its bytes. */
async function exportFrom(page: Page, dialogName: string, button: string): Promise<{ name: string; bytes: Buffer }> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: button, exact: true }).click()]);
  await expect(dialog).toBeHidden();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
}

test('Activity shows the chain intact, exports a CSV file, and names the first entry changed around the app', async ({ page, desk }) => {
  await page.getByRole('switch', { name: 'Work offline' }).check();
  await openCustomer(page, 'societe gen', /Société Générale de Logistique/);
  await confirmOpenCustomer(page, { first: 'Amélie', last: 'Lefèvre', email: 'amelie.lefevre@example.com' });
  await page.getByRole('switch', { name: 'Work offline' }).uncheck();

  await nav(page, 'Activity').click();
  const table = page.getByTestId('activity-table');
  const saved = table.locator('tr[data-action="confirmation.saved"]');
  await expect(saved).toContainText('Société Générale de Logistique');
  const chain = page.getByTestId('activity-chain');
  await expect(chain).toHaveAttribute('data-chain', 'intact');
  await expect(chain).toContainText('Chain intact');
  // Checked again as the log grows (the sync adds its entries after going back online).
  await expect(async () => {
    const rowsNow = await table.locator('tbody tr').count();
    await expect(chain).toContainText(`Entries checked: ${rowsNow}`, { timeout: 1000 });
  }).toPass();
  await page.mouse.move(1, 850);
  await desk.shot('activity-chain-intact');

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export activity' });
  await expect(dialog.getByText('Whole days in UTC, like the times in the file.')).toBeVisible();
  await desk.shot('activity-export-dialog');
  const file = await exportFrom(page, 'Export activity', 'Export');
  expect(file.name).toMatch(/^mca-desk-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = file.bytes.toString('utf8').slice(1).split('\r\n');
  expect(lines[0]).toBe('Time (UTC),Operator,Action,Customer,Details,Hash (SHA-256)');
  expect(lines.at(-1)).toBe('');
  const rows = lines.slice(1, -1);
  const shownRows = await table.locator('tbody tr').count();
  expect(rows).toHaveLength(shownRows);
  for (const row of rows) expect(row).toMatch(HASH_AT_END);
  expect(rows.find((r) => r.includes(',Confirmation saved,'))).toContain(',Société Générale de Logistique,');
  // Oldest first in the file (newest first on screen): saving came before going back online.
  expect(rows.findIndex((r) => r.includes('Confirmation saved'))).toBeLessThan(rows.findIndex((r) => r.includes('Switched back to working online')));
  await expect(page.getByText(`Saved ${file.name} (entries: ${rows.length}).`)).toBeVisible();

  const seq = Number(await saved.getAttribute('data-seq'));
  tamperWith(desk.dataDir, seq);
  await nav(page, 'Customers').click();
  await nav(page, 'Activity').click();
  await expect(chain).toHaveAttribute('data-chain', 'broken');
  await expect(chain).toHaveAttribute('data-first-broken', String(seq));
  await expect(chain).toContainText('Changed after writing');
  const alert = page.getByRole('alert').filter({ hasText: 'The activity log was changed after it was written' });
  await expect(alert).toContainText(`From entry #${seq} (`);
  // The entries from there on are marked; the ones before are not.
  const marked = await table.locator('tbody tr[data-unmatched]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
  expect(marked.length).toBeGreaterThan(0);
  expect(Math.min(...marked)).toBe(seq);
  await expect(table.locator(`tbody tr[data-seq="${seq - 1}"]`)).not.toHaveAttribute('data-unmatched');
  await page.mouse.move(1, 850);
  await desk.shot('activity-chain-broken');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await desk.shot('activity-chain-broken-1920');
});

test.describe('in French', () => {
  test.use({ lang: 'fr' });

  test('Activité : chaîne intacte, export CSV en français, puis l’alerte à la première entrée modifiée', async ({ page, desk }) => {
    const offline = page.getByRole('switch', { name: 'Travailler hors connexion' });
    await offline.check();
    await offline.uncheck();
    await nav(page, 'Activité').click();
    const chain = page.getByTestId('activity-chain');
    await expect(chain).toHaveAttribute('data-chain', 'intact');
    await expect(chain).toContainText('Chaîne intacte');
    await expect(chain).toContainText(/Entrées vérifiées\u202F: \d+/);
    await page.mouse.move(1, 850);
    await desk.shot('activity-chain-intact-fr');

    await page.getByRole('button', { name: 'Exporter…' }).click();
    await desk.shot('activity-export-dialog-fr');
    const file = await exportFrom(page, 'Exporter l’activité', 'Exporter');
    const lines = file.bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Date et heure (UTC),Opérateur,Action,Client,Détails,Empreinte (SHA-256)');
    expect(lines.find((l) => l.includes(',Passage en mode hors connexion,'))).toMatch(HASH_AT_END);
    expect(lines.find((l) => l.includes(',Retour en mode en ligne,'))).toMatch(HASH_AT_END);

    const seq = Number(await page.getByTestId('activity-table').locator('tr[data-action="operator.work-offline"]').getAttribute('data-seq'));
    tamperWith(desk.dataDir, seq);
    await page.reload();
    await nav(page, 'Activité').click();
    await expect(chain).toHaveAttribute('data-chain', 'broken');
    await expect(chain).toContainText('Modifié après écriture');
    const alert = page.getByRole('alert').filter({ hasText: 'Le journal d’activité a été modifié après son écriture' });
    await expect(alert).toContainText(`À partir de l’entrée nº\u00A0${seq} (`);
    await page.mouse.move(1, 850);
    await desk.shot('activity-chain-broken-fr');
  });
});
