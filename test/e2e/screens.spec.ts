import type { Page } from '@playwright/test';
import { expect, nav, test } from './fixtures';

/**
 * Every screen in both languages, saved under artifacts/screenshots (`browser-<lang>-screen-…`)
 * to be looked at by eye: French runs longer, and a cut-off label is a bug. Each step also checks
 * that the screen shows what it is for, in that language.
 */
const words = {
  en: {
    search: 'Search customers', customers: 'Customers', queue: 'Sync queue', activity: 'Activity', settings: 'Settings',
    mca: 'Microsoft Customer Agreement', update: 'Update', confirmTitle: 'Confirm customer acceptance', request: 'Request acceptance',
    requestTitle: 'Request customer acceptance', newCustomer: 'New customer', cancel: 'Cancel', save: 'Save and continue', confirmed: 'Confirmed', queueTitle: 'Sync queue', language: 'Language',
  },
  fr: {
    search: 'Rechercher des clients', customers: 'Clients', queue: 'File d’attente', activity: 'Activité', settings: 'Paramètres',
    mca: 'Contrat client Microsoft', update: 'Mettre à jour', confirmTitle: 'Confirmer l’acceptation du client', request: 'Demander l’acceptation',
    requestTitle: 'Demander l’acceptation du client', newCustomer: 'Nouveau client', cancel: 'Annuler', save: 'Enregistrer et continuer', confirmed: 'Confirmé', queueTitle: 'File d’attente de synchronisation', language: 'Langue',
  },
} as const;

async function closeDialog(page: Page, name: string, cancel: string) {
  const dialog = page.getByRole('dialog', { name });
  await dialog.getByRole('button', { name: cancel, exact: true }).click();
  await expect(dialog).toBeHidden();
}

for (const lang of ['en', 'fr'] as const) {
  test.describe(`screens (${lang})`, () => {
    test.use({ lang });
    const w = words[lang];

    test(`every screen, ${lang}`, async ({ page, desk }) => {
      const shot = (name: string) => desk.shot(`${lang}-screen-${name}`);
      await page.getByRole('textbox', { name: w.search }).fill('societe');
      await page.getByRole('option', { name: /Société Générale de Logistique/ }).or(page.getByRole('button', { name: /Société Générale de Logistique/ })).first().click();
      const panel = page.getByTestId('account-panel');
      await expect(panel.getByRole('heading', { name: w.mca })).toBeVisible();
      await shot('01-account-info');

      await panel.getByRole('button', { name: w.request, exact: true }).click();
      await expect(page.getByRole('dialog', { name: w.requestTitle })).toBeVisible();
      await shot('02-request-dialog');
      await closeDialog(page, w.requestTitle, w.cancel);

      // Saved (prefilled with the primary contact), so the queue and Activity have something to show.
      await panel.getByRole('button', { name: w.update, exact: true }).click();
      const confirm = page.getByRole('dialog', { name: w.confirmTitle });
      await expect(confirm).toBeVisible();
      await shot('03-confirm-dialog');
      await confirm.getByRole('button', { name: w.save }).click();
      await expect(confirm).toBeHidden();
      await expect(page.getByTestId('mca-section').getByText(w.confirmed, { exact: true })).toBeVisible();
      await shot('04-confirmed');

      await page.getByRole('button', { name: w.newCustomer }).click();
      await expect(page.getByRole('dialog', { name: w.newCustomer })).toBeVisible();
      await shot('05-new-customer');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: w.newCustomer })).toBeHidden();

      await nav(page, w.queue).click();
      await expect(page.getByRole('heading', { name: w.queueTitle })).toBeVisible();
      await shot('06-queue');

      await nav(page, w.activity).click();
      await expect(page.getByRole('heading', { name: w.activity, level: 2 })).toBeVisible();
      await shot('07-activity');

      await nav(page, w.settings).click();
      await expect(page.getByRole('heading', { name: w.language })).toBeVisible();
      await shot('08-settings');
    });
  });
}
