import type { Page } from '@playwright/test';
import { expect, openCustomer, test, mcaSection, nav } from './fixtures';

/**
 * The three flows of issue 5 (new customer, existing customer, before an order), online and
 * offline, with roles. Customers are from the emulator's seed 7: Société Générale de Logistique
 * has no confirmation and three subscriptions; Logística Castaño y Fernández S.L. has two
 * confirmations on record and two active subscriptions.
 */
const SOCIETE = /Société Générale de Logistique/;
const CASTANO = /Logística Castaño y Fernández/;

const subscriptions = (page: Page) => page.getByTestId('subscriptions-section');
type Writes = { items: { method: string; path: string; status: number }[] };
const writes = async (desk: { admin(route: string, body?: unknown): Promise<unknown> }) => ((await desk.admin('writes')) as Writes).items;

/** Screenshot with the pointer out of the way (no stray tooltip). */
async function shot(page: Page, desk: { shot(name: string): Promise<void> }, name: string) {
  await page.mouse.move(1, 850);
  await desk.shot(name);
}

async function pickOption(page: Page, label: string | RegExp, typed: string, option: string | RegExp) {
  const dialog = page.getByRole('dialog').last();
  await dialog.getByRole('combobox', { name: label }).fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

/** Fills the wizard's company and contact steps; leaves it on the "Microsoft Customer Agreement" step. */
async function fillCompanyAndContact(page: Page, company: { name: string; prefix: string; expectDomain: 'free' | 'unknown' }) {
  await page.getByRole('button', { name: 'New customer' }).click();
  const wizard = page.getByRole('dialog', { name: 'New customer' });
  await wizard.getByLabel('Company name').fill(company.name);
  await wizard.getByRole('textbox', { name: 'Domain' }).fill(company.prefix);
  await expect(wizard.getByTestId('domain-status')).toHaveAttribute('data-state', company.expectDomain);
  await wizard.getByLabel(/^Address\s*\*?$/).fill('Bahnhofstrasse 1');
  await wizard.getByLabel('City').fill('Zürich');
  await wizard.getByLabel('Postal code').fill('8001');
  await pickOption(page, 'Country or region', 'Switz', /Switzerland/);
  await expect(wizard.getByRole('combobox', { name: 'Culture' })).toHaveValue(/de-CH/);
  await wizard.getByRole('button', { name: 'Next' }).click();

  await expect(wizard.getByText('The customer’s primary contact becomes its first admin.')).toBeVisible();
  await wizard.getByLabel('First name').fill('Zoë');
  await wizard.getByLabel('Last name').fill('Brändli');
  await wizard.getByLabel('Email address').fill('zoe.braendli@example.ch');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await expect(wizard.getByLabel('Customer has accepted the latest Microsoft Customer Agreement')).toBeVisible();
  return wizard;
}

test('new customer online: wizard with domain check, MCA step, review; credentials shown once', async ({ page, desk }) => {
  await expect(page.getByText('Online', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'New customer' }).click();
  const wizard = page.getByRole('dialog', { name: 'New customer' });
  // Checks at each step, in plain words at the field.
  await wizard.getByRole('button', { name: 'Next' }).click();
  await expect(wizard.getByText('Enter the company name.')).toBeVisible();
  await wizard.getByRole('textbox', { name: 'Domain' }).fill('contoso');
  await expect(wizard.getByTestId('domain-status')).toHaveAttribute('data-state', 'taken');
  await expect(wizard.getByText('contoso.onmicrosoft.com is already taken')).toBeVisible();
  // A country where Partner Center requires a registration number and phone asks for them.
  await pickOption(page, 'Country or region', 'Ukr', /Ukraine/);
  await expect(wizard.getByLabel('Organisation registration number')).toBeVisible();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await expect(wizard.getByText('Partner Center requires the organisation registration number for this country.')).toBeVisible();
  await expect(wizard.getByText('Partner Center requires a phone number for this country.')).toBeVisible();
  await shot(page, desk, 'nc-01-company-errors');
  await wizard.getByRole('button', { name: 'Cancel' }).click();
  await expect(wizard).toBeHidden();

  await fillCompanyAndContact(page, { name: 'Zürcher Bergbahnen AG', prefix: 'zuercherbergbahnen', expectDomain: 'free' });
  await shot(page, desk, 'nc-02-mca-step-empty');
  await wizard.getByLabel('Customer has accepted the latest Microsoft Customer Agreement').check();
  await expect(wizard.getByLabel('Agreement acceptance date')).toBeVisible();
  // The accepting person is the primary contact unless updated.
  await expect(wizard.getByTestId('accepted-by')).toHaveText('Zoë Brändli');
  await wizard.getByRole('button', { name: 'Update' }).click();
  await wizard.getByLabel('First name').last().fill('Ярослав');
  await wizard.getByLabel('Last name').last().fill('Шевченко');
  await wizard.getByLabel('Email address').last().fill('yaroslav@example.ch');
  await shot(page, desk, 'nc-03-mca-step');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await expect(wizard.getByTestId('new-customer-review')).toContainText('zuercherbergbahnen.onmicrosoft.com');
  await expect(wizard.getByTestId('review-mca')).toContainText('Ярослав Шевченко (yaroslav@example.ch)');
  await shot(page, desk, 'nc-04-review');
  await wizard.getByRole('button', { name: 'Create customer' }).click();
  await expect(wizard).toBeHidden();
  await expect(page.getByText('Zürcher Bergbahnen AG is being created in Partner Center.')).toBeVisible();

  // The credentials Partner Center returned, once, with copy buttons.
  const credentials = page.getByRole('dialog', { name: 'Sign-in details for Zürcher Bergbahnen AG' });
  await expect(credentials).toBeVisible({ timeout: 20_000 });
  await expect(credentials.getByTestId('credentials-username')).toHaveText('admin@zuercherbergbahnen.onmicrosoft.com');
  const password = (await credentials.getByTestId('credentials-password').textContent()) ?? '';
  expect(password.length).toBeGreaterThan(8);
  await expect(credentials.getByRole('button', { name: 'Copy User name' })).toBeVisible();
  await expect(credentials.getByRole('button', { name: 'Copy Temporary password' })).toBeVisible();
  await expect(credentials.getByText('These will not be shown again.', { exact: false })).toBeVisible();
  await shot(page, desk, 'nc-05-credentials');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(password);
  await credentials.getByRole('button', { name: 'I have copied them' }).click();
  await expect(credentials).toBeHidden();

  // Created, then confirmed: customer and agreement each posted once.
  await expect
    .poll(async () => (await writes(desk)).filter((w) => w.method === 'POST').map((w) => `${w.status} ${w.path.replace(/[0-9a-f-]{36}/, 'ID')}`))
    .toEqual(['201 /v1/customers', '201 /v1/customers/ID/agreements']);
  await openCustomer(page, 'zuercher', /Zürcher Bergbahnen AG/);
  await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(mcaSection(page).getByTestId('agreement-record')).toContainText('Ярослав Шевченко');

  // Shown once: a reload does not bring them back.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Search customers' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: /Sign-in details/ })).toHaveCount(0);
});

test('new customer offline: queued with its confirmation, created then confirmed when back online', async ({ page, desk }) => {
  await page.getByRole('switch', { name: 'Work offline' }).check();
  await expect(page.getByTestId('connectivity-state')).toHaveText('Offline');
  const wizard = await fillCompanyAndContact(page, { name: 'Bergbahnen Offline AG', prefix: 'bergbahnenoffline', expectDomain: 'unknown' });
  await wizard.getByLabel('Customer has accepted the latest Microsoft Customer Agreement').check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('button', { name: 'Create customer' }).click();
  await expect(wizard).toBeHidden();
  await expect(page.getByText('Saved. Bergbahnen Offline AG will be created in Partner Center when you’re online.')).toBeVisible();
  expect(await writes(desk)).toEqual([]);

  await nav(page, 'Sync queue').click();
  const rows = page.getByRole('table', { name: 'Queue items' }).getByRole('row', { name: /Bergbahnen Offline AG/ });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'New customer' })).toContainText('Domain bergbahnenoffline.onmicrosoft.com');
  await expect(rows.filter({ hasText: 'Waits for the customer to be created' })).toContainText('Queued');
  await shot(page, desk, 'nc-06-offline-queued');

  await page.getByRole('switch', { name: 'Work offline' }).uncheck();
  const credentials = page.getByRole('dialog', { name: 'Sign-in details for Bergbahnen Offline AG' });
  await expect(credentials).toBeVisible({ timeout: 20_000 });
  await expect(credentials.getByTestId('credentials-username')).toHaveText('admin@bergbahnenoffline.onmicrosoft.com');
  await credentials.getByRole('button', { name: 'I have copied them' }).click();
  await expect(rows.filter({ hasText: 'New customer' })).toContainText('Confirmed', { timeout: 20_000 });
  await expect(rows.filter({ hasNotText: 'New customer' })).toContainText('Confirmed', { timeout: 20_000 });
  await shot(page, desk, 'nc-07-offline-synced');
  const posts = (await writes(desk)).filter((w) => w.method === 'POST').map((w) => w.path.replace(/[0-9a-f-]{36}/, 'ID'));
  expect(posts).toEqual(['/v1/customers', '/v1/customers/ID/agreements']);
});

test('existing customer: every confirmation listed, Verify now, Update', async ({ page, desk }) => {
  await openCustomer(page, 'castano', CASTANO);
  const records = mcaSection(page).getByTestId('agreement-record');
  await expect(records).toHaveCount(2);
  await expect(mcaSection(page).getByText('Confirmations on record: 2')).toBeVisible();
  for (const record of await records.all()) {
    await expect(record).toContainText('Confirmed by');
    await expect(record).toContainText('Agreement template');
    await expect(record).toContainText('@');
  }
  const lastVerified = mcaSection(page).getByTestId('last-verified');
  await shot(page, desk, 'ex-01-records');

  await mcaSection(page).getByRole('button', { name: 'Verify now' }).click();
  await expect(page.getByText('Verified with Partner Center.')).toBeVisible();
  await expect(lastVerified).not.toHaveText('Never');

  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
  await dialog.getByLabel('First name').fill('Lucía');
  await dialog.getByLabel('Last name').fill('Castaño');
  await dialog.getByLabel('Email address').fill('lucia.castano@example.es');
  await dialog.getByRole('button', { name: 'Save and continue' }).click();
  await expect(dialog).toBeHidden();
  // The records were on screen: this is a re-confirmation, added beside them (none is overwritten).
  await expect(records).toHaveCount(3, { timeout: 20_000 });
  await nav(page, 'Sync queue').click();
  await expect(page.getByRole('table', { name: 'Queue items' }).getByRole('row', { name: CASTANO })).toContainText('Confirmed');
  await nav(page, 'Customers').click();
  await shot(page, desk, 'ex-02-updated');
});

test('order path 1: a new order for an unconfirmed customer asks for the confirmation first, then orders', async ({ page, desk }) => {
  await openCustomer(page, 'societe gen', SOCIETE);
  await expect(mcaSection(page).getByText('Not confirmed', { exact: true })).toBeVisible();
  await expect(subscriptions(page).getByRole('table', { name: 'Subscriptions' }).getByRole('row')).toHaveCount(4);
  await shot(page, desk, 'or-01-subscriptions');

  await subscriptions(page).getByRole('button', { name: 'New order' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
  await expect(confirm.getByText('Before this order', { exact: false })).toBeVisible();
  await confirm.getByLabel('First name').fill('Amélie');
  await confirm.getByLabel('Last name').fill('Lefèvre');
  await confirm.getByLabel('Email address').fill('amelie.lefevre@example.com');
  await shot(page, desk, 'or-02-confirm-first');
  await confirm.getByRole('button', { name: 'Save and continue' }).click();
  await expect(confirm).toBeHidden();

  const order = page.getByRole('dialog', { name: 'New order' });
  await expect(order).toBeVisible();
  await pickOption(page, 'Offer', 'E3', 'Office 365 E3');
  await order.getByLabel('Quantity (licenses)').fill('25');
  await shot(page, desk, 'or-03-new-order');
  await order.getByRole('button', { name: 'Place order' }).click();
  await expect(order).toBeHidden({ timeout: 20_000 });
  await expect(page.getByText(/Order placed for Société Générale de Logistique: 25 × Office 365 E3/)).toBeVisible();
  await expect(subscriptions(page).getByRole('row', { name: /Office 365 E3/ }).filter({ hasText: '25' })).toHaveCount(1);
  await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible({ timeout: 20_000 });

  // The confirmation went first, then the order.
  const posts = (await writes(desk)).filter((w) => w.method === 'POST').map((w) => `${w.status} ${w.path.replace(/[0-9a-f-]{36}/, 'ID')}`);
  expect(posts).toEqual(['201 /v1/customers/ID/agreements', '201 /v1/customers/ID/orders']);
  await shot(page, desk, 'or-04-ordered');
});

test('order path 2: change quantity on a confirmed customer; offline the order buttons are off, Update is not', async ({ page, desk }) => {
  await openCustomer(page, 'castano', CASTANO);
  const row = subscriptions(page).getByRole('table', { name: 'Subscriptions' }).getByRole('row').nth(1);
  const name = (await row.getByRole('cell').first().textContent())?.trim() ?? '';
  await row.getByRole('button', { name: /Change quantity/ }).click();
  const dialog = page.getByRole('dialog', { name: `Change quantity of ${name}` });
  await dialog.getByLabel('Quantity (licenses)').fill('7');
  await shot(page, desk, 'or-05-change-quantity');
  await dialog.getByRole('button', { name: 'Change quantity' }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  await expect(row.getByTestId('subscription-quantity')).toHaveText('7');
  // No confirmation dialog for a confirmed customer: only the quantity was sent.
  const sent = (await writes(desk)).map((w) => w.method);
  expect(sent).toEqual(['PATCH']);

  await page.getByRole('switch', { name: 'Work offline' }).check();
  await expect(subscriptions(page).getByTestId('orders-offline')).toContainText('Orders need a connection to Partner Center');
  await expect(subscriptions(page).getByRole('button', { name: 'New order' })).toBeDisabled();
  await expect(row.getByRole('button', { name: /Change quantity/ })).toBeDisabled();
  await expect(mcaSection(page).getByRole('button', { name: 'Update' })).toBeEnabled();
  await shot(page, desk, 'or-06-offline');
});

test.describe('Sales agent', () => {
  test.use({ emulatorArgs: ['--role', 'SalesAgent'] });
  test('can confirm acceptance and create customers', async ({ page, desk }) => {
    await expect(page.getByTestId('user-role')).toHaveText('Sales agent');
    await openCustomer(page, 'societe gen', SOCIETE);
    await expect(page.getByTestId('read-only-reason')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New customer' })).toBeEnabled();
    await mcaSection(page).getByRole('button', { name: 'Update' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
    await dialog.getByLabel('First name').fill('Amélie');
    await dialog.getByLabel('Last name').fill('Lefèvre');
    await dialog.getByLabel('Email address').fill('amelie.lefevre@example.com');
    await dialog.getByRole('button', { name: 'Save and continue' }).click();
    await expect(mcaSection(page).getByText('Confirmed', { exact: true })).toBeVisible({ timeout: 20_000 });
    await shot(page, desk, 'ro-01-sales-agent');
  });
});

test.describe('Helpdesk agent', () => {
  test.use({ emulatorArgs: ['--role', 'HelpdeskAgent'] });
  test('sees the account panel read-only with the reason', async ({ page, desk }) => {
    await expect(page.getByTestId('user-role')).toHaveText('Helpdesk agent');
    await openCustomer(page, 'societe gen', SOCIETE);
    await expect(page.getByTestId('read-only-reason')).toHaveText(
      'Only Admin agents and Sales agents can confirm acceptance or order. You are signed in as Helpdesk agent.',
    );
    await expect(mcaSection(page).getByRole('button', { name: 'Update' })).toBeDisabled();
    await expect(subscriptions(page).getByRole('button', { name: 'New order' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'New customer' })).toBeDisabled();
    // Account info still works.
    await expect(mcaSection(page).getByText('Not confirmed', { exact: true })).toBeVisible();
    await expect(subscriptions(page).getByRole('table', { name: 'Subscriptions' })).toBeVisible();
    await shot(page, desk, 'ro-02-helpdesk-read-only');
  });
});
