import type { Page } from '@playwright/test';
import { expect, nav, test } from './fixtures';

/**
 * The seed's flows as a French-speaking operator sees them: Partner Center's own French words
 * (« Contrat client Microsoft », « Mettre à jour », « Confirmer l’acceptation du client »), French
 * dates and French typography.
 */
const NNBSP = '\u202F';
const SOCIETE = /Société Générale de Logistique/;
const mca = (page: Page) => page.getByTestId('mca-section');

test.describe('en français', () => {
  test.use({ lang: 'fr' });

  test('rechercher, ouvrir un client, « Mettre à jour », confirmer et voir la file d’attente', async ({ page, desk }) => {
    const search = page.getByRole('textbox', { name: 'Rechercher des clients' });
    await expect(search).toBeFocused();
    await expect(page.getByText('En ligne', { exact: true })).toBeVisible();
    await search.fill('societe gen');
    await page.getByRole('option', { name: SOCIETE }).or(page.getByRole('button', { name: SOCIETE })).first().click();
    const panel = page.getByTestId('account-panel');
    await expect(panel.getByRole('heading', { level: 2, name: SOCIETE })).toBeVisible();
    await expect(panel.getByRole('heading', { name: 'Contrat client Microsoft' })).toBeVisible();
    await expect(mca(page).getByText('Non confirmé', { exact: true })).toBeVisible();

    await mca(page).getByRole('button', { name: 'Mettre à jour' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirmer l’acceptation du client' });
    await dialog.getByLabel('Prénom').fill('');
    await dialog.getByLabel('Adresse e-mail').fill('pas-une-adresse');
    await dialog.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await expect(dialog.getByText('Entrez le prénom de la personne qui a accepté.')).toBeVisible();
    await expect(dialog.getByText('Entrez une adresse e-mail du type nom@contoso.com.')).toBeVisible();
    await desk.shot('fr-dialog-errors');

    await dialog.getByLabel('Prénom').fill('Amélie');
    await dialog.getByRole('textbox', { name: /^Nom/ }).fill('Lefèvre');
    await dialog.getByLabel('Adresse e-mail').fill('amelie.lefevre@example.com');
    await dialog.getByLabel('Numéro de téléphone (facultatif)').fill('+33 1 42 68 53 00');
    await dialog.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await expect(dialog).toBeHidden();
    await expect(mca(page).getByText('Confirmé', { exact: true })).toBeVisible();
    await expect(mca(page).getByText('amelie.lefevre@example.com')).toBeVisible();
    // A date the French way: « 2 déc. 2026 », not 2026-12-02 or Dec 2, 2026.
    const today = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium' }).format(new Date());
    await expect(mca(page).getByText(today).first()).toBeVisible();

    await nav(page, 'File d’attente').click();
    await expect(page.getByRole('heading', { name: 'File d’attente de synchronisation' })).toBeVisible();
    const row = page.getByRole('table', { name: 'Éléments de la file d’attente' }).getByRole('row', { name: SOCIETE });
    await expect(row).toContainText('Confirmé');
    // French typography in what the app writes, e.g. "Clients en cache : 300".
    await expect(page.getByText(`Clients en cache${NNBSP}:`, { exact: false }).first()).toBeVisible();
  });
});

test('Settings → Language: Français applies at once, stays after a reload, and English comes back', async ({ page, desk }) => {
  await nav(page, 'Settings').click();
  const language = page.getByTestId('language-settings');
  await expect(language.getByText('System (English)')).toBeVisible();
  await language.getByText('Français', { exact: true }).click();
  // At once: the navigation, the heading and the choice itself read French.
  await expect(nav(page, 'Paramètres')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Langue' })).toBeVisible();
  await expect(page.getByText('MCA Desk est maintenant en français.')).toBeVisible();
  await expect(language.getByText('Système (English)')).toBeVisible();
  await desk.shot('fr-settings');
  await page.reload();
  await expect(nav(page, 'Clients')).toBeVisible();
  await nav(page, 'Paramètres').click();
  await page.getByTestId('language-settings').getByText('English', { exact: true }).click();
  await expect(nav(page, 'Settings')).toBeVisible();
  await expect(page.getByText('MCA Desk now speaks English.')).toBeVisible();
});
