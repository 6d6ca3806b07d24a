import { confirmOpenCustomer, expect, openCustomer, test, mcaSection, nav, queueRow, saveConfirmation } from './fixtures';

const MULLER = /Müller & Söhne GmbH/;
const SOCIETE = /Société Générale de Logistique/;
const SOCIETE_ID = '0b5e1c7a-3f2d-4e8b-9c6a-000000000001';
const MCA_TEMPLATE = '117a77b0-9360-443b-8795-c6dedc750cf9';

test('re-confirmation: Update on a confirmed customer says it adds a record, and Partner Center then holds both', async ({ page, desk }) => {
  await openCustomer(page, 'muller', MULLER);
  const records = mcaSection(page).getByTestId('agreement-record');
  await expect(records).toHaveCount(1);
  await mcaSection(page).getByRole('button', { name: 'Update' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm customer acceptance' });
  await expect(dialog.getByTestId('reconfirmation-notice')).toContainText('Saving adds a new acceptance record; the earlier one stays on record.');
  await expect(dialog.getByTestId('reconfirmation-notice')).toContainText('Jürgen Müller');
  await page.mouse.move(1, 850);
  await desk.shot('reconfirm-01-dialog');
  await saveConfirmation(page, { first: 'Neue', last: 'Person', email: 'neue.person@muellersoehne.example' });
  await expect(records).toHaveCount(2, { timeout: 20_000 });
  await expect(mcaSection(page)).toContainText('Neue Person');
  await expect(mcaSection(page)).toContainText('Jürgen Müller');
  await nav(page, 'Sync queue').click();
  await expect(queueRow(page, MULLER)).toContainText('Confirmed');
});

test('another desktop confirmed first: "Already confirmed" names their contact, and "Send anyway" adds ours', async ({ page, desk }) => {
  await openCustomer(page, 'societe', SOCIETE);
  await expect(mcaSection(page).getByText('Not confirmed', { exact: true })).toBeVisible();
  // Offline on this desktop: the confirmation waits in the queue.
  await page.getByRole('switch', { name: 'Work offline' }).click();
  await confirmOpenCustomer(page, { first: 'Ana', last: 'Here', email: 'ana.here@example.com' });
  await expect(mcaSection(page).getByText('Pending sync', { exact: true })).toBeVisible();

  // Meanwhile another desktop records its confirmation for the same customer.
  const { accessToken } = (await desk.admin('token', { role: 'SalesAgent' })) as { accessToken: string };
  const other = await fetch(`${desk.emulatorUrl}/v1/customers/${SOCIETE_ID}/agreements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ primaryContact: { firstName: 'Otto', lastName: 'Elsewhere', email: 'otto@example.com' }, templateId: MCA_TEMPLATE, dateAgreed: '2026-11-20T00:00:00.000Z', type: 'MicrosoftCustomerAgreement' }),
  });
  expect(other.status).toBe(201);

  await page.getByRole('switch', { name: 'Work offline' }).click();
  await nav(page, 'Sync queue').click();
  const row = queueRow(page, SOCIETE);
  await expect(row).toContainText('Already confirmed', { timeout: 20_000 });
  await expect(row.getByTestId('server-record-note')).toContainText('Otto Elsewhere');
  await expect(page.getByTestId('already-confirmed-help')).toContainText('Send anyway adds this confirmation as another record');
  await page.mouse.move(1, 850);
  await desk.shot('reconfirm-02-already-confirmed');

  await row.getByRole('button', { name: 'Send anyway' }).click();
  await expect(row).toContainText('Confirmed', { timeout: 20_000 });
  await expect(row).not.toContainText('Already confirmed');
  await nav(page, 'Customers').click();
  await openCustomer(page, 'societe', SOCIETE);
  await expect(mcaSection(page).getByTestId('agreement-record')).toHaveCount(2);
  await expect(mcaSection(page)).toContainText('Ana Here');
  await expect(mcaSection(page)).toContainText('Otto Elsewhere');
});
