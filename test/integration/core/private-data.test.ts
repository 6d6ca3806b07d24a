import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WELL_KNOWN } from '../../../src/emulator/index';
import { startAppCore } from '../../../src/main/core/app-core';
import { openDatabase } from '../../../src/main/core/store/database';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import type { Profile, Session } from '../../../src/shared/domain';
import { localToday } from '../../../src/shared/validation';
import { value, type Core } from '../../helpers/core-call';
import { makeReadableByAll, modesUnder, notPrivate, usualUmask } from '../../helpers/file-modes';
import { tempDir } from '../../helpers/temp-dir';

/*
 * Issue 14, item 6: customers' personal data is the operator's alone on disk. The data folder and
 * every folder in it 0700, every file 0600 (the database, its WAL and shared memory, profiles.json),
 * and a folder an earlier version left readable by all is corrected when the core opens it.
 * Windows has no POSIX modes (NTFS ACLs of the user's profile folder protect it).
 */

usualUmask();
const running: Core[] = [];
afterEach(async () => {
  for (const core of running.splice(0)) await core.close();
});

const [societe] = WELL_KNOWN;

async function start(dataDir: string): Promise<Core> {
  const core = await startAppCore({ dataDir, partnerCenter: partnerCenterFor({ emulatorCustomers: 30 }), probeIntervalMs: 100 });
  running.push(core);
  await vi.waitFor(async () => expect((await value<Session>(core, 'getSession')).cachedCustomers).toBe(30), { timeout: 10_000 });
  return core;
}

describe.skipIf(process.platform === 'win32')('the data folder on disk', () => {
  it('keeps the folders 0700 and the files 0600: database, WAL, profiles.json, another profile', async () => {
    const dataDir = path.join(tempDir(), 'mca-desk');
    const core = await start(dataDir);
    const db = path.join('profiles', 'sandbox', 'mca-desk.db');
    expect(Object.keys(modesUnder(dataDir))).toEqual(expect.arrayContaining(['.', 'profiles', path.dirname(db), db, `${db}-wal`, `${db}-shm`]));
    expect(notPrivate(dataDir)).toEqual({});

    // A write goes to the WAL: still private.
    await value(core, 'confirmAcceptance', { customerId: societe!.id, acceptance: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie@example.com', phone: '', dateAgreed: localToday() } });
    expect(fs.statSync(path.join(dataDir, `${db}-wal`)).size).toBeGreaterThan(0);
    expect(notPrivate(dataDir)).toEqual({});

    // profiles.json is written, another profile's folder and database made.
    const other = await value<Profile>(core, 'createProfile', { name: 'Training sandbox', cloud: 'public', environment: 'built-in-sandbox' });
    expect(modesUnder(dataDir)['profiles.json']).toBe('600');
    await value(core, 'switchProfile', { profileId: other.id });
    expect(modesUnder(dataDir)[path.join('profiles', other.id, 'mca-desk.db')]).toBe('600');
    await value(core, 'setLanguage', { language: 'fr' });
    expect(notPrivate(dataDir)).toEqual({});
  });

  it('corrects a data folder an earlier version left readable by all, leaving what links point to alone', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await value(first, 'createProfile', { name: 'Training sandbox', cloud: 'public', environment: 'built-in-sandbox' });
    await first.close();
    running.splice(0);
    // What else a data folder may hold: an unreadable profiles.json set aside, a token folder,
    // a WAL left by a crash, and a link (Chromium's single-instance lock) to a file elsewhere.
    fs.writeFileSync(path.join(dataDir, 'profiles.json.unreadable-1'), '{');
    fs.mkdirSync(path.join(dataDir, 'tokens'));
    fs.writeFileSync(path.join(dataDir, 'tokens', 'sandbox.msal.bin'), 'x');
    const elsewhere = path.join(tempDir(), 'shared.txt');
    fs.writeFileSync(elsewhere, 'not ours');
    fs.chmodSync(elsewhere, 0o644);
    fs.symlinkSync(elsewhere, path.join(dataDir, 'SingletonLock'));
    makeReadableByAll(dataDir);
    expect(modesUnder(dataDir)).toMatchObject({ '.': '755', profiles: '755', 'profiles.json': '644', [path.join('profiles', 'sandbox', 'mca-desk.db')]: '644' });

    await start(dataDir);
    expect(notPrivate(dataDir)).toEqual({});
    expect(Object.keys(modesUnder(dataDir))).toEqual(expect.arrayContaining(['profiles.json.unreadable-1', path.join('tokens', 'sandbox.msal.bin')]));
    expect((fs.statSync(elsewhere).mode & 0o777).toString(8)).toBe('644');
  });

  it('corrects a WAL and shared memory file left readable when the database opens', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.db');
    const writer = openDatabase(file);
    writer.exec('CREATE TABLE t (x)');
    // Left by a crash of an earlier version: the files stay while a connection holds them.
    makeReadableByAll(dir);
    const again = openDatabase(file);
    expect(notPrivate(dir)).toEqual({});
    again.close();
    writer.close();
  });
});
