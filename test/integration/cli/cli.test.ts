import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { openProfile } from '../../../src/main/core/compose';
import { ProfileRegistry } from '../../../src/main/core/profiles';
import type { QueueItem } from '../../../src/shared/domain';
import { localToday } from '../../../src/shared/validation';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { makeReadableByAll, modesUnder, notPrivate, usualUmask } from '../../helpers/file-modes';
import { tempDir } from '../../helpers/temp-dir';

const [societe, muller, cafe] = WELL_KNOWN;
usualUmask();

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('mca-desk CLI', () => {
  let emulator: Emulator;
  let dataDir: string;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 20 });
    dataDir = tempDir();
  });
  afterEach(async () => emulator.close());

  const add = (customer: string, extra: string[] = []) =>
    cli('queue', 'add', '--data-dir', dataDir, '--emulator', emulator.url, '--customer', customer, '--first-name', 'Amélie', '--last-name', 'Lefèvre', '--email', 'amelie@example.com', '--date', localToday(), ...extra);

  it('queues a confirmation, lists it, syncs it and shows the status', async () => {
    const added = await add(societe!.id);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatch(/^Saved [0-9a-f-]{36}: queued for Société Générale de Logistique\.$/);

    const listed = await cli('queue', 'list', '--json', '--data-dir', dataDir);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as QueueItem[]).map((i) => [i.customerId, i.state])).toEqual([[societe!.id, 'queued']]);

    const synced = await cli('sync', '--data-dir', dataDir, '--emulator', emulator.url);
    expect(synced).toMatchObject({ code: 0, out: 'Queued 0, confirmed 1, already confirmed 0, needs attention 0.' });
    expect((await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST' && w.status === 201)).toHaveLength(1);

    const status = await cli('status', societe!.id, '--json', '--data-dir', dataDir);
    expect(JSON.parse(status.out)).toMatchObject({ mca: { status: 'confirmed', partnerRecords: [{ contact: { email: 'amelie@example.com' } }] } });
  });

  it('keeps working offline for local commands, acting as the account last signed in', async () => {
    await add(societe!.id);
    const offline = await cli('queue', 'add', '--data-dir', dataDir, '--customer', societe!.id, '--first-name', 'B', '--last-name', 'C', '--email', 'b@c.example', '--date', '2026-01-02');
    expect(offline.code).toBe(0);
    const text = await cli('queue', 'list', '--data-dir', dataDir);
    expect(text.out.split('\n')).toHaveLength(2);
    expect(text.out).toContain('queued');
  });

  it('re-confirms a confirmed customer: the status is read before saving, so its records were seen (issue 10)', async () => {
    const added = await cli('queue', 'add', '--customer', muller!.id, '--first-name', 'Neue', '--last-name', 'Person', '--email', 'neue.person@muellersoehne.example', '--date', '2026-11-30', '--data-dir', dataDir, '--emulator', emulator.url);
    expect(added).toMatchObject({ code: 0, err: '' });
    const [item] = JSON.parse((await cli('queue', 'list', '--json', '--data-dir', dataDir)).out) as QueueItem[];
    expect(item?.operatorView?.records.map((r) => r.contact.lastName)).toEqual(['Müller']);
    const synced = await cli('sync', '--once', '--data-dir', dataDir, '--emulator', emulator.url);
    expect(synced.out).toBe('Queued 0, confirmed 1, already confirmed 0, needs attention 0.');
    const status = JSON.parse((await cli('status', muller!.id, '--json', '--data-dir', dataDir)).out) as { mca: { partnerRecords: { contact: { lastName: string } }[] } };
    expect(status.mca.partnerRecords.map((r) => r.contact.lastName).sort()).toEqual(['Müller', 'Person']);
    expect((await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST' && w.status === 201)).toHaveLength(1);
  });

  it('holds back what was saved without seeing the customer\u2019s acceptance, and sends it on "queue send-anyway"', async () => {
    // Signed in once; the customer cached (say by an earlier refresh) but its status never read:
    // saved offline, the operator saw nothing.
    expect((await cli('queue', 'list', '--data-dir', dataDir, '--emulator', emulator.url)).code).toBe(0);
    const s = await openProfile({ dataDir, partnerCenter: null });
    s.customers.upsertMany([{ id: cafe!.id, companyName: cafe!.companyName, domain: cafe!.domain, relationship: 'reseller' }], 'test', new Date().toISOString());
    await s.close();
    expect((await cli('queue', 'add', '--data-dir', dataDir, '--customer', cafe!.id, '--first-name', 'A', '--last-name', 'B', '--email', 'a@b.example', '--date', '2026-01-02')).code).toBe(0);
    const synced = await cli('sync', '--once', '--data-dir', dataDir, '--emulator', emulator.url);
    expect(synced.out.split('\n')).toEqual(['Queued 0, confirmed 0, already confirmed 1, needs attention 0.', expect.stringContaining('queue send-anyway ITEM')]);
    expect((await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST')).toEqual([]);
    const [item] = JSON.parse((await cli('queue', 'list', '--json', '--data-dir', dataDir)).out) as QueueItem[];
    expect(item).toMatchObject({ customerId: cafe!.id, state: 'already-confirmed', contact: { firstName: 'A', lastName: 'B', email: 'a@b.example' }, serverRecord: null });

    expect(await cli('queue', 'send-anyway', item!.id, '--data-dir', dataDir)).toMatchObject({ code: 0, out: expect.stringContaining('to be sent anyway') });
    expect(await cli('queue', 'send-anyway', item!.id, '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('this one is queued') });
    expect(await cli('queue', 'send-anyway', '00000000-0000-4000-8000-000000000000', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('There is no queue item') });
    expect(await cli('queue', 'send-anyway', 'latest', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('not a queue item id') });
    expect(await cli('queue', 'send-anyway', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('needs an ITEM id') });
    expect((await cli('sync', '--once', '--json', '--data-dir', dataDir, '--emulator', emulator.url)).out).toContain('"confirmed":1');
    expect((await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST' && w.status === 201)).toHaveLength(1);
  });

  it('requests the customer\u2019s acceptance, prints its link, checks at once, and confirms once accepted (issue 12)', async () => {
    const requested = await cli('queue', 'request', '--customer', societe!.id, '--first-name', 'Amélie', '--last-name', 'Lefèvre', '--email', 'amelie@example.com', '--language', 'fr', '--data-dir', dataDir, '--emulator', emulator.url, '--json');
    expect(requested.code).toBe(0);
    const { queueItemId } = JSON.parse(requested.out) as { queueItemId: string };
    expect(await cli('queue', 'link', queueItemId, '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('has no link yet') });
    const first = await cli('sync', '--data-dir', dataDir, '--emulator', emulator.url);
    // Nothing left to send but a request waiting for the customer: sync ends.
    expect(first).toMatchObject({ code: 0, out: 'Queued 0, waiting for customer 1, confirmed 0, already confirmed 0, needs attention 0.' });
    const [item] = JSON.parse((await cli('queue', 'list', '--json', '--state', 'waiting-for-customer', '--data-dir', dataDir)).out) as QueueItem[];
    expect(item).toMatchObject({ id: queueItemId, customerId: societe!.id, state: 'waiting-for-customer', contact: { email: 'amelie@example.com' }, request: { language: 'fr' } });
    const link = JSON.parse((await cli('queue', 'link', queueItemId, '--json', '--data-dir', dataDir)).out) as { url: string };
    expect(link.url).toBe(`${emulator.url}/mca/?attestationid=${item!.request!.attestationId}`);
    // The id as Windows tools print a GUID (capitals) names the same item, as in every queue call.
    expect(JSON.parse((await cli('queue', 'link', queueItemId.toUpperCase(), '--json', '--data-dir', dataDir)).out)).toEqual(link);
    await emulatorAdmin(emulator.url, `attestations/${item!.request!.attestationId}/accept`, {});
    expect((await cli('queue', 'check', queueItemId, '--data-dir', dataDir)).code).toBe(0);
    expect((await cli('sync', '--once', '--data-dir', dataDir, '--emulator', emulator.url)).out).toBe('Queued 0, confirmed 1, already confirmed 0, needs attention 0.');
    expect(await cli('queue', 'check', queueItemId, '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('this one is confirmed') });
    expect(await cli('queue', 'link', '00000000-0000-4000-8000-000000000000', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('There is no queue item') });
    expect(await cli('queue', 'request', '--customer', societe!.id, '--first-name', 'A', '--last-name', 'B', '--email', 'bad', '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringContaining('request.email') });
  });

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    expect(await cli()).toMatchObject({ code: 2 });
    expect(await cli('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') });
    expect(await cli('queue', 'list', '--colour')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--colour'") });
    expect(await cli('queue', 'list', '--state', 'lost', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--state must be one of') });
    expect(await cli('sync', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('sync needs --emulator URL') });
    expect(await cli('sync', '--data-dir', dataDir, '--emulator', 'ftp://x')).toMatchObject({ code: 2, err: expect.stringContaining('--emulator must be an http(s) URL') });
    expect(await cli('status', 'contoso', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('tenant GUID') });
    expect(await cli('queue', 'list', '--parallelism', 'many', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--parallelism must be a whole number') });
  });

  it('refuses invalid confirmations with the field messages and exit code 1, saving nothing', async () => {
    const bad = await add(societe!.id, ['--email', 'nope', '--date', '2999-01-01']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('acceptance.email: Enter an email address like name@contoso.com.');
    expect(bad.err).toContain('acceptance.dateAgreed: The date of acceptance cannot be in the future.');
    expect((await cli('queue', 'list', '--data-dir', dataDir)).out).toBe('The queue is empty.');
    expect(await cli('status', '00000000-0000-4000-8000-000000000000', '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringContaining('not in the local cache') });
  });

  it('reports an unreachable Partner Center on sync and keeps items queued', async () => {
    await add(societe!.id);
    await emulatorAdmin(emulator.url, 'offline', { on: true });
    const synced = await cli('sync', '--data-dir', dataDir, '--emulator', emulator.url, '--timeout-ms', '1000');
    expect(synced.code).toBe(1);
    expect(synced.err).toContain('could not be reached');
    expect((await cli('queue', 'list', '--data-dir', dataDir)).out).toContain('queued');
  });

  it('speaks French with --lang fr, or when the installation chose Français in Settings; --json stays the same', async () => {
    const NNBSP = '\u202F';
    const added = await add(societe!.id, ['--lang', 'fr']);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatch(new RegExp(`^[0-9a-f-]{36} enregistré${NNBSP}: en file pour Société Générale de Logistique\\.$`));
    const synced = await cli('sync', '--lang', 'fr', '--data-dir', dataDir, '--emulator', emulator.url);
    expect(synced.out).toBe('En file 0, confirmés 1, déjà confirmés 0, action requise 0.');
    const status = await cli('status', societe!.id, '--lang', 'fr', '--data-dir', dataDir);
    expect(status.out).toContain(`État du contrat client Microsoft${NNBSP}: Confirmé, dernière vérification`);
    // A date in the French way ("30 nov. 2026"), not ISO.
    expect(status.out).toMatch(/confirmé\u202F: Amélie Lefèvre <amelie@example\.com> le \d{1,2} \S+ \d{4}/);
    expect((await cli('frobnicate', '--lang', 'fr'))).toMatchObject({ code: 2, err: expect.stringContaining('commande inconnue «\u202Ffrobnicate\u202F»') });
    expect((await cli('--help', '--lang', 'fr')).out).toContain(`Utilisation${NNBSP}: mca-desk <commande> [options]`);
    // The core's refusals too.
    const bad = await add(societe!.id, ['--lang', 'fr', '--email', 'nope']);
    expect(bad).toMatchObject({ code: 1, err: expect.stringContaining('acceptance.email') });
    expect(bad.err).not.toContain('Enter an email address');

    // Settings → Language is kept for the installation: the CLI follows it without --lang…
    new ProfileRegistry(dataDir).setLanguage('fr');
    expect((await cli('queue', 'list', '--state', 'needs-attention', '--data-dir', dataDir)).out).toBe('La file est vide.');
    // …and --lang still wins; the JSON is the same in both.
    expect((await cli('queue', 'list', '--state', 'needs-attention', '--lang', 'en', '--data-dir', dataDir)).out).toBe('The queue is empty.');
    expect((await cli('sync', '--json', '--data-dir', dataDir, '--emulator', emulator.url)).out).toBe((await cli('sync', '--json', '--lang', 'en', '--data-dir', dataDir, '--emulator', emulator.url)).out);
    expect(await cli('queue', 'list', '--lang', 'de', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--lang must be en or fr') });
  });

  it.skipIf(process.platform === 'win32')('keeps the data folder private, corrects one an earlier version left readable, and exports 0600 (issue 14)', async () => {
    await add(societe!.id);
    expect(Object.keys(modesUnder(dataDir))).toContain(path.join('profiles', 'sandbox', 'mca-desk.db'));
    expect(notPrivate(dataDir)).toEqual({});
    makeReadableByAll(dataDir);
    expect(await cli('queue', 'list', '--data-dir', dataDir)).toMatchObject({ code: 0 });
    expect(notPrivate(dataDir)).toEqual({});
    // The export holds the same names and addresses; its folder is the operator's and keeps its mode.
    const folder = tempDir();
    fs.chmodSync(folder, 0o755);
    const out = path.join(folder, 'activity.csv');
    expect(await cli('activity', 'export', '--out', out, '--data-dir', dataDir)).toMatchObject({ code: 0 });
    expect(modesUnder(folder)).toEqual({ '.': '755', 'activity.csv': '600' });
  });

  it('runs as a real process through npm run cli with the same exit codes', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'queue', 'list', '--bogus'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
  });
});
