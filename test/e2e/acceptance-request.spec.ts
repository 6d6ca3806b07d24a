import type { Page } from '@playwright/test';
import { expect, openCustomer, test, type Desk, mcaSection, nav, queueRow } from './fixtures';

/**
 * Customer acceptance requests (issue 12): the customer accepts the Microsoft Customer Agreement on
 * Microsoft's page (the emulator's /mca/ page here), and MCA Desk creates the agreement by itself.
 * Customers are from the emulator's seed 7: Société Générale de Logistique has no acceptance, its
 * primary contact is Amélie Lefèvre.
 */
const SOCIETE = /Société Générale de Logistique/;

const badge = (page: Page, text: string) => mcaSection(page).getByText(text, { exact: true }).first();

/** Screenshot with the pointer out of the way (no stray tooltip). */
async function shot(page: Page, desk: Desk, name: string) {
  await page.mouse.move(1, 850);
  await desk.shot(name);
}

/** "Request acceptance" → the dialog as it opens for Société Générale, then "Create request". */
async function requestAcceptance(page: Page, desk: Desk, screenshot?: string) {
  await mcaSection(page).getByRole('button', { name: 'Request acceptance', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Request customer acceptance' });
  // Prefilled from the customer: the primary contact signs, country and language from Partner Center.
  await expect(dialog.getByLabel('First name')).toHaveValue('Amélie');
  await expect(dialog.getByLabel('Last name')).toHaveValue('Lefèvre');
  await expect(dialog.getByLabel('Company name')).toHaveValue('Société Générale de Logistique');
  await expect(dialog.getByRole('textbox', { name: 'Country' }).or(dialog.getByRole('combobox', { name: 'Country' }))).toHaveValue(/France/);
  if (screenshot) await shot(page, desk, screenshot);
  await dialog.getByRole('button', { name: 'Create request' }).click();
  await expect(dialog).toBeHidden();
}

/** The acceptance link once Partner Center has created the request. */
async function acceptanceLink(page: Page): Promise<string> {
  const link = mcaSection(page).getByRole('link', { name: 'Acceptance link' });
  await expect(link).toBeVisible({ timeout: 20_000 });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noreferrer/);
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\/mca\/\?attestationid=[0-9a-f-]{36}$/);
  return href!;
}

/** The customer opens the link in their own browser and answers on Microsoft's page (the emulator's). */
async function customerAnswers(page: Page, href: string, action: 'accept' | 'decline') {
  const customer = await page.context().newPage();
  await customer.goto(href);
  await customer.locator(`[data-action="${action}"]`).click();
  await expect(customer.locator(`[data-status="${action === 'accept' ? 'Accepted' : 'Declined'}"]`)).toBeVisible();
  await customer.close();
}

test.describe('customer acceptance requests', () => {
  test('a request saved offline is created when back online; the customer accepts on the link and the app reads Confirmed by itself', async ({ page, desk }) => {
    test.setTimeout(180_000);
    await openCustomer(page, 'societe', SOCIETE);
    await expect(badge(page, 'Not confirmed')).toBeVisible();

    await page.getByRole('switch', { name: 'Work offline' }).click();
    await requestAcceptance(page, desk, 'request-01-dialog');
    await expect(page.getByText('Saved. The request is created at Partner Center when you’re online.')).toBeVisible();
    await expect(badge(page, 'Pending sync')).toBeVisible();
    await expect(mcaSection(page).getByTestId('request-title')).toHaveText('Request waiting to be created');
    await expect(mcaSection(page).getByTestId('request-link-pending')).toBeVisible();

    // Back online: the queue creates the request, and the link to pass on appears.
    await page.getByRole('switch', { name: 'Work offline' }).click();
    await expect(badge(page, 'Waiting for customer')).toBeVisible({ timeout: 20_000 });
    const href = await acceptanceLink(page);
    const status = mcaSection(page).getByTestId('request-status');
    await expect(status).toContainText('Waiting for Amélie Lefèvre to accept');
    await expect(status).toContainText('amelie.lefevre@');
    await expect(status.getByTestId('waited-for')).toHaveText(/^\d+ minutes?$/);
    await expect(status.getByTestId('finishes-by-itself')).toHaveText('MCA Desk finishes by itself once they accept.');
    await expect(status.getByRole('img', { name: 'QR code of the link' })).toBeVisible();
    await expect(status.getByRole('button', { name: 'Copy link' })).toBeVisible();
    const mailto = await status.getByRole('link', { name: 'Email to customer' }).getAttribute('href');
    expect(mailto).toMatch(/^mailto:amelie\.lefevre@[^?]+\?subject=/);
    expect(mailto).toContain(encodeURIComponent(href));
    await status.getByTestId('acceptance-link-box').scrollIntoViewIfNeeded();
    await shot(page, desk, 'request-02-waiting');

    // The customer accepts; nobody touches the app: it checks by itself (the first check comes about
    // a minute after the request was created, 48–72 s with jitter), creates the agreement, reads Confirmed.
    await customerAnswers(page, href, 'accept');
    await expect(badge(page, 'Confirmed')).toBeVisible({ timeout: 110_000 });
    await expect(mcaSection(page).getByTestId('agreement-record')).toHaveCount(1);
    await expect(mcaSection(page).getByTestId('agreement-record')).toContainText('Amélie Lefèvre');

    await nav(page, 'Sync queue').click();
    const row = queueRow(page, SOCIETE);
    await expect(row).toContainText('Confirmed');
    await expect(row.getByTestId('kind-acceptance-request')).toBeVisible();
    await row.getByRole('button', { name: /Show history of/ }).click();
    const history = page.getByTestId('item-history');
    await expect(history).toContainText('Request created at Partner Center; the acceptance link is ready. Next check');
    await expect(history).toContainText('Customer accepted');
    // Good news reads as such: a green "Accepted", not a plain note.
    await expect(history.locator('[data-reason="customer-accepted"]').getByText('Accepted', { exact: true })).toBeVisible();
    await expect(history).toContainText('Agreement created');
    await shot(page, desk, 'request-03-queue');
  });

  test('"Check now" reads the customer’s answer at once', async ({ page, desk }) => {
    await openCustomer(page, 'societe', SOCIETE);
    await requestAcceptance(page, desk);
    await expect(page.getByText('Saved. The request is being created at Partner Center; the link appears in a moment.')).toBeVisible();
    const href = await acceptanceLink(page);
    await customerAnswers(page, href, 'accept');
    await mcaSection(page).getByRole('button', { name: 'Check now' }).click();
    await expect(page.getByText('Checking with Partner Center whether Amélie Lefèvre has accepted; the panel updates by itself.')).toBeVisible();
    await expect(badge(page, 'Confirmed')).toBeVisible({ timeout: 20_000 });
    await expect(mcaSection(page).getByTestId('agreement-record')).toContainText('Amélie Lefèvre');
  });

  test('a declined request says so in words and "Send a new request" gives a new link', async ({ page, desk }) => {
    await openCustomer(page, 'societe', SOCIETE);
    await requestAcceptance(page, desk);
    const first = await acceptanceLink(page);
    await customerAnswers(page, first, 'decline');
    await mcaSection(page).getByRole('button', { name: 'Check now' }).click();
    await expect(badge(page, 'Needs attention')).toBeVisible({ timeout: 20_000 });
    await expect(mcaSection(page).getByTestId('request-answer')).toContainText('Amélie Lefèvre declined the Microsoft Customer Agreement on Microsoft’s page.');
    await shot(page, desk, 'request-04-declined');

    await nav(page, 'Sync queue').click();
    await expect(queueRow(page, SOCIETE)).toContainText('The customer declined.');
    await expect(queueRow(page, SOCIETE).getByRole('button', { name: 'Send a new request' })).toBeVisible();
    await nav(page, 'Customers').click();
    await openCustomer(page, 'societe', SOCIETE);

    await mcaSection(page).getByRole('button', { name: 'Send a new request' }).click();
    await expect(badge(page, 'Waiting for customer')).toBeVisible({ timeout: 20_000 });
    const second = await acceptanceLink(page);
    expect(second).not.toBe(first);
    await expect(mcaSection(page).getByTestId('request-status')).toContainText('Waiting for Amélie Lefèvre to accept');
  });

  test('"Accept in Microsoft 365 admin center" shows the admin center link to pass on', async ({ page, desk }) => {
    await openCustomer(page, 'societe', SOCIETE);
    await mcaSection(page).getByRole('button', { name: 'Accept in Microsoft 365 admin center' }).click();
    await expect(badge(page, 'Waiting for customer')).toBeVisible({ timeout: 20_000 });
    const link = mcaSection(page).getByRole('link', { name: 'Microsoft 365 admin center link' });
    await expect(link).toHaveAttribute('href', 'https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement');
    await expect(mcaSection(page).getByTestId('finishes-by-itself')).toHaveText('MCA Desk checks the admin center and finishes by itself once they accept.');
    await shot(page, desk, 'request-05-admin-center');
  });
});

test.describe('a partner confirmation refused as retired', () => {
  test.use({ emulatorArgs: ['--partner-confirmation', 'retired'] });

  test('says so in plain words and "Request acceptance instead" asks the same person', async ({ page, desk }) => {
    await openCustomer(page, 'societe', SOCIETE);
    await mcaSection(page).getByRole('button', { name: 'Update', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
    await dialog.getByLabel('First name').fill('Rita');
    await dialog.getByLabel('Last name').fill('Rétro');
    await dialog.getByLabel('Email address').fill('rita.retro@example.fr');
    await dialog.getByRole('button', { name: 'Save and continue' }).click();
    await expect(dialog).toBeHidden();

    await expect(badge(page, 'Needs attention')).toBeVisible({ timeout: 20_000 });
    const retired = mcaSection(page).getByTestId('confirmation-retired');
    await expect(retired).toContainText('Partner Center no longer accepts partner confirmations for this account');
    await expect(retired).toContainText('Rita Rétro (rita.retro@example.fr)');
    // The one way forward; Edit and retry or Retry would be refused again.
    await expect(mcaSection(page).getByRole('button', { name: 'Edit and retry' })).toHaveCount(0);
    await shot(page, desk, 'request-06-retired');

    await mcaSection(page).getByRole('button', { name: 'Request acceptance instead' }).click();
    await expect(badge(page, 'Waiting for customer')).toBeVisible({ timeout: 20_000 });
    await expect(mcaSection(page).getByTestId('request-status')).toContainText('Waiting for Rita Rétro to accept');
    await acceptanceLink(page);
  });
});

test('the profile’s method: Settings switch it, the account panel, orders and the wizard then offer a customer acceptance request; a new customer gets its request', async ({ page, desk }) => {
  // The built-in sandbox uses partner confirmation by default: Update comes first.
  await openCustomer(page, 'societe', SOCIETE);
  await expect(mcaSection(page).locator('[data-primary]')).toHaveAttribute('data-method', 'partner-confirmation');
  await expect(mcaSection(page).getByRole('button', { name: 'Request acceptance', exact: true })).toBeEnabled();

  await nav(page, 'Settings').click();
  const method = page.getByTestId('confirmation-method');
  await expect(method.getByRole('radio', { name: /Partner confirmation/ })).toBeChecked();
  await method.getByRole('radio', { name: /Customer acceptance request/ }).check();
  await expect(page.getByText('This profile now uses: Customer acceptance request.')).toBeVisible();
  await expect(page.getByTestId('web-app')).toContainText('Provided by the built-in sandbox.');
  await shot(page, desk, 'request-07-settings');

  await nav(page, 'Customers').click();
  await openCustomer(page, 'societe', SOCIETE);
  await expect(mcaSection(page).locator('[data-primary]')).toHaveAttribute('data-method', 'customer-acceptance');
  await expect(mcaSection(page).getByTestId('mca-summary')).toHaveText('No acceptance on record. Use Request acceptance to ask the customer.');

  // The dialog checks with the shared schema, at the fields.
  await mcaSection(page).getByRole('button', { name: 'Request acceptance', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Request customer acceptance' });
  await dialog.getByLabel('Email address').fill('not an email');
  await dialog.getByLabel('First name').fill('');
  await dialog.getByRole('button', { name: 'Create request' }).click();
  await expect(dialog.getByText('Enter an email address like name@contoso.com.')).toBeVisible();
  await expect(dialog.getByText('Enter the first name of the person who accepted.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // An order for a customer without an acceptance asks for a request first.
  await page.getByTestId('subscriptions-section').getByRole('button', { name: 'New order' }).click();
  const ask = page.getByRole('dialog', { name: 'Request customer acceptance' });
  await expect(ask).toContainText('the order can be placed once they have accepted');
  await ask.getByRole('button', { name: 'Cancel' }).click();

  // The wizard's MCA step asks the customer to accept once created, the primary contact signing.
  await page.getByRole('button', { name: 'New customer' }).click();
  const wizard = page.getByRole('dialog', { name: 'New customer' });
  await wizard.getByLabel('Company name').fill('Brändli Holzbau AG');
  await wizard.getByRole('textbox', { name: 'Domain' }).fill('braendliholzbaue2e');
  await wizard.getByLabel(/^Address\s*\*?$/).fill('Bahnhofstrasse 1');
  await wizard.getByLabel('City').fill('Zürich');
  await wizard.getByRole('combobox', { name: 'Country or region' }).fill('Switz');
  await page.getByRole('option', { name: /Switzerland/ }).first().click();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByLabel('First name').fill('Zoë');
  await wizard.getByLabel('Last name').fill('Brändli');
  await wizard.getByLabel('Email address').fill('zoe.braendli@example.ch');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await expect(wizard.getByLabel('Ask the customer to accept the Microsoft Customer Agreement once created')).toBeChecked();
  await expect(wizard.getByTestId('signatory')).toHaveText('Zoë Brändli');
  await expect(wizard.getByLabel('Customer has accepted the latest Microsoft Customer Agreement')).toHaveCount(0);
  await shot(page, desk, 'request-08-wizard');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await expect(wizard.getByTestId('review-mca')).toHaveText('An acceptance request for Zoë Brändli (zoe.braendli@example.ch) is created once the customer exists.');
  await wizard.getByRole('button', { name: 'Create customer' }).click();
  await expect(wizard).toBeHidden();
  // The credentials Partner Center returns are shown once; then the request follows the new customer.
  const credentials = page.getByRole('dialog', { name: /Sign-in details for Brändli Holzbau AG/ });
  await credentials.getByRole('button', { name: 'I have copied them' }).click();
  await nav(page, 'Sync queue').click();
  const row = queueRow(page, /Brändli Holzbau AG/).filter({ has: page.getByTestId('kind-acceptance-request') });
  await expect(row).toContainText('Zoë Brändli');
  await expect(row).toContainText('Waiting for customer', { timeout: 20_000 });
});
