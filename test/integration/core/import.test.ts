import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { startAppCore } from '../../../src/main/core/app-core';
import { partnerCenterAt } from '../../../src/shells/partner-center';
import type { ActivityEntry, QueueItem } from '../../../src/shared/domain';
import type { ImportPreview, ImportRow } from '../../../src/shared/import-csv';
import { localToday } from '../../../src/shared/validation';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';
import { value, type Core } from '../../helpers/core-call';

/**
 * Bulk import through the app's own calls (importPreview, importQueue), against the emulator over
 * HTTP and a real SQLite file. Started in the foreground (nothing sent in the background), so what
 * was queued stays to be read.
 */

const running: { core: Core; emulator: Emulator }[] = [];
afterEach(async () => {
  for (const { core, emulator } of running.splice(0)) {
    await core.close();
    await emulator.close();
  }
});

const [societe, muller, cafe, lodz, sakura] = WELL_KNOWN;
const today = localToday();
const UNKNOWN_ID = '0b5e1c7a-3f2d-4e8b-9c6a-0000000fffff';

async function start() {
  const emulator = await startEmulator({ port: 0, customers: 20 });
  const core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterAt(emulator.url), background: false });
  running.push({ core, emulator });
  await core.internals.connectivity.check();
  return { core, emulator };
}

const preview = (core: Core, input: { text: string } | { rows: ImportRow[] }) => value<ImportPreview>(core, 'importPreview', input);
const queue = (core: Core, rows: ImportRow[]) => value<{ queued: number; skipped: number }>(core, 'importQueue', { rows });
const items = async (core: Core) => (await value<{ items: QueueItem[] }>(core, 'listQueue', {})).items;
/** Each row's errors as "field:key", by line. */
const errorsByLine = (p: ImportPreview) => Object.fromEntries(p.rows.map((r) => [r.row.line, r.errors.map((e) => `${e.field}:${e.message}`)]));

describe('bulk import in the app core', () => {
  it('previews every row with its errors at the field, finds customers in Partner Center, and queues the valid ones with what the operator saw', async () => {
    const { core } = await start();
    // Müller is cached and its status read (a partner record on file); the rest is not cached yet.
    await value(core, 'verifyCustomer', { customerId: muller!.id });
    // Someone already in the queue for Łódź.
    await value(core, 'verifyCustomer', { customerId: lodz!.id });
    await value(core, 'confirmAcceptance', { customerId: lodz!.id, acceptance: { firstName: 'Ewa', lastName: 'Nowak', email: 'ewa@lodz.example', dateAgreed: today } });

    const text = [
      'customer;first_name;last_name;email;phone;date',
      `${muller!.id};Neue;Person;neue@mueller.example;;${today}`, // 2: valid (cached)
      `${societe!.domain.toUpperCase()};Amélie;Lefèvre;amelie@societe.example;+33 1 42 68 53 00;05/01/2026`, // 3: valid, by domain through Partner Center
      `${UNKNOWN_ID};A;B;a@b.example;;2026-01-05`, // 4: no such customer
      `${cafe!.id};;Gonçalves;joao@cafe.example;;2999-01-01`, // 5: missing first name, future date
      `${cafe!.id};João;"Gon`, // 6-7: a quoted line break; bad email
      `çalves";not-an-email;;2026-01-05`,
      `${muller!.id};Neue;Person;NEUE@mueller.example;;${today}`, // 8: the same person as line 2
      `${lodz!.id};Ewa;Nowak;ewa@lodz.example;;${today}`, // 9: already in the queue
      `${sakura!.id};=cmd|' /C calc'!A0;佐藤;hanako@sakura.example;;${today}`, // 10: a formula
    ].join('\r\n');
    const result = await preview(core, { text });
    expect(result).toMatchObject({ mode: 'confirm', valid: 2, invalid: 6 });
    expect(errorsByLine(result)).toEqual({
      2: [],
      3: [],
      4: ['customer:import.error.unknownCustomer'],
      5: ['first_name:validation.firstName.required', 'date:validation.date.future'],
      // A line break in a name is a control character: refused, like in the dialog.
      6: ['last_name:validation.lastName.invalid', 'email:validation.email.invalid'],
      8: ['email:import.error.duplicate'],
      9: ['email:import.error.alreadyQueued'],
      10: ['first_name:import.error.formula'],
    });
    expect(result.rows.find((r) => r.row.line === 8)!.errors[0]!.params).toEqual({ line: 2 });
    expect(result.rows.find((r) => r.row.line === 3)!.customer).toEqual({ id: societe!.id, companyName: societe!.companyName });
    // Looked up in Partner Center: now in the local cache.
    expect((await value<{ companyName: string }>(core, 'getCustomer', { customerId: societe!.id })).companyName).toBe(societe!.companyName);

    // The operator fixes line 5's first name and date in place: checked again.
    const fixed = result.rows.map((r) => (r.row.line === 5 ? { ...r.row, first_name: 'João', date: '2026-01-05' } : r.row));
    const again = await preview(core, { rows: fixed });
    expect(errorsByLine(again)[5]).toEqual([]);
    expect(again.valid).toBe(3);

    const before = (await items(core)).length;
    const done = await queue(core, fixed);
    expect(done).toEqual({ mode: 'confirm', queued: 3, skipped: 5 });
    const queued = (await items(core)).slice(0, 3);
    expect((await items(core)).length).toBe(before + 3);
    const mullerItem = queued.find((i) => i.customerId === muller!.id)!;
    expect(mullerItem).toMatchObject({ state: 'queued', kind: 'confirm-acceptance', contact: { firstName: 'Neue', lastName: 'Person', email: 'neue@mueller.example' }, dateAgreed: today });
    // What the operator saw: Müller's record as the store last read it (as a single confirmation keeps it).
    expect(mullerItem.operatorView?.records.map((r) => r.contact.lastName)).toEqual(['Müller']);
    expect(queued.find((i) => i.customerId === societe!.id)).toMatchObject({ dateAgreed: '2026-01-05', contact: { phone: '+33 1 42 68 53 00' } });
    const activity = await value<{ entries: ActivityEntry[] }>(core, 'listActivity', { limit: 10 });
    expect(activity.entries[0]).toMatchObject({ action: 'import.queued', details: { items: 3 } });

    // The same rows again: every one is in the queue now; nothing is queued twice.
    expect(await queue(core, fixed)).toEqual({ mode: 'confirm', queued: 0, skipped: 8 });
  });

  it('checks again what the renderer sends to be queued: a tampered row is left out', async () => {
    const { core } = await start();
    await value(core, 'verifyCustomer', { customerId: societe!.id });
    const good: ImportRow = { line: 2, customer: societe!.id, first_name: 'A', last_name: 'B', email: 'a@b.example', phone: '', date: today, country: '', language: '' };
    const done = await queue(core, [
      good,
      { ...good, line: 3, email: 'c@d.example', date: '2999-12-31' },
      { ...good, line: 4, email: 'e@f.example', first_name: '=1+1' },
      { ...good, line: 5, customer: UNKNOWN_ID, email: 'g@h.example' },
      { ...good, line: 6 },
    ]);
    expect(done).toEqual({ mode: 'confirm', queued: 1, skipped: 4 });
    expect((await items(core)).map((i) => i.contact.email)).toEqual(['a@b.example']);
    // Out of the contract's bounds: refused before the feature.
    const tooLong = await core.dispatch('importQueue', { rows: [{ ...good, first_name: 'x'.repeat(10_000) }] });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const extra = await core.dispatch('importQueue', { rows: [{ ...good, admin: true }] });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('offline, a customer not cached cannot be found and says so; a cached one still can', async () => {
    const { core, emulator } = await start();
    await value(core, 'verifyCustomer', { customerId: muller!.id });
    await emulatorAdmin(emulator.url, 'offline', { on: true });
    await value(core, 'setWorkOffline', { on: true });
    const result = await preview(core, { text: `customer,first_name,last_name,email,date\n${muller!.domain},A,B,a@b.example,${today}\n${cafe!.id},C,D,c@d.example,${today}\n` });
    expect(errorsByLine(result)).toEqual({ 2: [], 3: ['customer:import.error.unknownCustomerOffline'] });
    expect(await queue(core, result.rows.map((r) => r.row))).toMatchObject({ queued: 1, skipped: 1 });
  });

  it('refuses a file it cannot take with a message in plain words', async () => {
    const { core } = await start();
    const refused = async (text: string) => {
      const result = await core.dispatch('importPreview', { text });
      expect(result.ok).toBe(false);
      return result.ok ? '' : result.error.message;
    };
    expect(await refused('')).toBe('The file is empty.');
    expect(await refused('hello,world\n1,2\n')).toContain('The first line must name the columns: customer, first_name, last_name, email, phone, date.');
    expect(await refused('customer,first_name,last_name,email\nx.com,a,b,c@d.fr\n')).toContain('Columns missing in the first line: date.');
    expect(await refused('customer,first_name,last_name,email,date\n')).toBe('The file has no rows under its first line.');
    expect(await refused(`customer,first_name,last_name,email,date\n${'x.com,A,B,a@b.fr,2026-01-01\n'.repeat(10_001)}`)).toContain('more than 10,000 rows');
    expect(await refused('x'.repeat(6_000_000))).toBe('The file is larger than 5 MB. Split it into smaller files.');
    // Past what the contract takes at all: refused before the feature.
    expect(await core.dispatch('importPreview', { text: 'x'.repeat(10_000_001) })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('with the customer-acceptance method, imports acceptance requests: country and language from the row or the customer', async () => {
    const { core } = await start();
    await value(core, 'setConfirmationMethod', { method: 'customer-acceptance' });
    const withDate = await core.dispatch('importPreview', { text: `customer,first_name,last_name,email,date\n${societe!.id},A,B,a@b.example,${today}\n` });
    expect(withDate).toMatchObject({ ok: false, error: { message: expect.stringContaining('has a date column') } });

    const text = ['client;prénom;nom;e-mail;téléphone;pays;langue', `${societe!.id};Amélie;Lefèvre;amelie@societe.example;;;`, `${muller!.domain};Jürgen;Müller;j@mueller.example;;de;de-de`, `${cafe!.id};João;G;j@cafe.example;;Brasil;`].join('\n');
    const result = await preview(core, { text });
    expect(result.mode).toBe('request');
    expect(errorsByLine(result)).toEqual({ 2: [], 3: [], 4: ['country:import.error.country'] });
    expect(await queue(core, result.rows.map((r) => r.row))).toEqual({ mode: 'request', queued: 2, skipped: 1 });
    const requests = (await items(core)).filter((i) => i.kind === 'acceptance-request');
    const societeDetail = await value<{ country: string; language: string }>(core, 'getCustomer', { customerId: societe!.id });
    expect(requests.find((i) => i.customerId === societe!.id)).toMatchObject({ state: 'queued', contact: { firstName: 'Amélie' }, request: { way: 'attestation', country: societeDetail.country, companyName: societe!.companyName } });
    expect(requests.find((i) => i.customerId === muller!.id)).toMatchObject({ request: { country: 'DE', language: 'de-DE' } });
  });

  it('asked for confirmations (Coverage\u2019s bulk "Update"), imports confirmations whatever the profile\u2019s method', async () => {
    const { core } = await start();
    await value(core, 'setConfirmationMethod', { method: 'customer-acceptance' });
    const rows = (await preview(core, { rows: [{ line: 2, customer: societe!.id, first_name: 'Amélie', last_name: 'Lefèvre', email: 'amelie@societe.example', phone: '', date: today, country: '', language: '' }] })).rows.map((r) => r.row);
    const asked = await value<ImportPreview>(core, 'importPreview', { rows, mode: 'confirm' });
    expect(asked).toMatchObject({ mode: 'confirm', valid: 1, invalid: 0 });
    expect(await value(core, 'importQueue', { rows, mode: 'confirm' })).toEqual({ mode: 'confirm', queued: 1, skipped: 0 });
    expect((await items(core)).map((i) => [i.kind, i.customerId])).toEqual([['confirm-acceptance', societe!.id]]);
    expect(await core.dispatch('importQueue', { rows, mode: 'orders' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('previews 10,000 rows (the limit) in one call', async () => {
    const { core } = await start();
    await value(core, 'verifyCustomer', { customerId: societe!.id });
    const lines = Array.from({ length: 10_000 }, (_, i) => `${societe!.id},Person,N${i},p${i}@example.com,,${today}`);
    const result = await preview(core, { text: `customer,first_name,last_name,email,phone,date\n${lines.join('\n')}\n` });
    expect(result).toMatchObject({ valid: 10_000, invalid: 0 });
    expect(result.rows.at(-1)!.row.line).toBe(10_001);
  });
});
