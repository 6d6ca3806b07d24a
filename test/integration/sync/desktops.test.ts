import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { profileDatabasePath, builtInSandbox } from '../../../src/main/core/profiles';
import { createPartnerCenterClient } from '../../../src/main/core/partner-center';
import { agreementsFromClient } from '../../../src/main/core/sync/partner-center-agreements';
import type { QueueItem } from '../../../src/shared/domain';
import { emulatorAdmin, emulatorWrites } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

/**
 * The queue across processes, as on operators' machines: two desktops (two data folders) against
 * one Partner Center, and a syncing process killed with SIGKILL and started again at once.
 */

const root = path.resolve(import.meta.dirname, '../../..');

/** Starts the real CLI as its own Node process (tsx as a loader, so a kill hits the process that syncs). */
function start(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('close', (code) => resolve({ code, out: out.trim(), err: err.trim() })));
  return { child, done };
}
const cli = (...args: string[]) => start(args).done;

describe('desktops and processes', () => {
  let emulator: Emulator;
  let agreements: ReturnType<typeof agreementsFromClient>;
  /** Customers that hold no acceptance of any kind (about 40 % of the generated ones). */
  let fresh: string[];

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 60 });
    const client = createPartnerCenterClient({ baseUrl: emulator.url, getAccessToken: async () => emulator.issueToken('AdminAgent') });
    agreements = agreementsFromClient(client);
    fresh = [];
    for await (const page of client.listCustomers({ pageSize: 100 })) {
      for (const c of page.items) {
        const id = c.id.toLowerCase();
        if ((await agreements.customerAgreements(id, {})).length === 0 && !(await agreements.directlySigned(id, {}))) fresh.push(id);
      }
    }
    expect(fresh.length).toBeGreaterThanOrEqual(12);
  });
  afterEach(async () => emulator.close());

  const recorded = async (customerId: string) => (await agreements.customerAgreements(customerId, {})).map((r) => r.contact.email).sort();
  const add = (dataDir: string, customerId: string, who: string) =>
    cli('queue', 'add', '--customer', customerId, '--first-name', who, '--last-name', 'Operator', '--email', `${who.toLowerCase()}@${customerId.slice(-4)}.example`, '--date', '2026-11-30', '--data-dir', dataDir, '--emulator', emulator.url);

  it('two desktops confirm the same customers: the second finds the first\u2019s record, says "Already confirmed" with its contact, and "Send anyway" adds its own', async () => {
    const customers = fresh.slice(0, 3);
    const [a, b] = [tempDir(), tempDir()];
    // Both desktops save while Partner Center holds nothing for these customers.
    const added = await Promise.all(customers.flatMap((id) => [add(a, id, 'Anna'), add(b, id, 'Bruno')]));
    expect(added.map((r) => [r.code, r.err])).toEqual(added.map(() => [0, '']));

    expect((await cli('sync', '--data-dir', a, '--emulator', emulator.url)).out).toBe('Queued 0, confirmed 3, already confirmed 0, needs attention 0.');
    const second = await cli('sync', '--data-dir', b, '--emulator', emulator.url);
    expect(second.out.split('\n')[0]).toBe('Queued 0, confirmed 0, already confirmed 3, needs attention 0.');
    for (const id of customers) expect(await recorded(id)).toEqual([`anna@${id.slice(-4)}.example`]);

    const items = JSON.parse((await cli('queue', 'list', '--json', '--data-dir', b)).out) as QueueItem[];
    expect(items.map((i) => [i.customerId, i.state, i.contact.firstName]).sort()).toEqual(customers.map((id) => [id, 'already-confirmed', 'Bruno']).sort());
    for (const item of items) expect(item.serverRecord?.contact).toMatchObject({ firstName: 'Anna', email: `anna@${item.customerId.slice(-4)}.example` });

    const sent = await Promise.all(items.map((i) => cli('queue', 'send-anyway', i.id, '--data-dir', b)));
    expect(sent.map((r) => [r.code, r.err])).toEqual(sent.map(() => [0, '']));
    expect((await cli('sync', '--data-dir', b, '--emulator', emulator.url)).out).toBe('Queued 0, confirmed 3, already confirmed 0, needs attention 0.');
    for (const id of customers) expect(await recorded(id)).toEqual([`anna@${id.slice(-4)}.example`, `bruno@${id.slice(-4)}.example`]);
  }, 120_000);

  it('after a SIGKILL mid-drain, a restart settles every item at once instead of waiting for its lease', async () => {
    const dataDir = tempDir();
    const customers = fresh.slice(0, 12);
    for (const id of customers) expect((await add(dataDir, id, 'Kim')).code).toBe(0);
    // Paced by Partner Center's rate limit, so the drain is surely in the middle when killed; a
    // lease of an hour, so a restart that waited for it instead of noticing the dead process
    // would never finish here.
    await emulatorAdmin(emulator.url, 'throttle', { perPartner: 15 });
    const db = new BetterSqlite3(profileDatabasePath(dataDir, builtInSandbox), { readonly: true });
    const states = () => Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
    try {
      const first = start(['sync', '--data-dir', dataDir, '--emulator', emulator.url, '--lease-ms', '3600000', '--parallelism', '3']);
      await vi.waitFor(() => {
        const s = states();
        expect(s.sending ?? 0).toBeGreaterThan(0);
        expect(s.confirmed ?? 0).toBeGreaterThan(0);
      }, { timeout: 60_000, interval: 5 });
      first.child.kill('SIGKILL');
      await first.done;
      const interrupted = states().sending ?? 0;
      expect(interrupted).toBeGreaterThan(0);

      const killedAt = Date.now();
      const again = await cli('sync', '--data-dir', dataDir, '--emulator', emulator.url, '--lease-ms', '3600000', '--parallelism', '3');
      console.log(`kill → all settled: ${Date.now() - killedAt} ms (${interrupted} items were sending)`);
      expect(again.code).toBe(0);
      expect(states()).toEqual({ confirmed: 12 });
      const history = db.prepare(`SELECT count(*) AS n FROM outbox_attempts WHERE reason = 'interrupted'`).get() as { n: number };
      expect(history.n).toBe(interrupted);
      // Exactly one record per confirmation on Partner Center, whatever the kill cut.
      await emulatorAdmin(emulator.url, 'throttle', { perPartner: 0 });
      for (const id of customers) expect(await recorded(id)).toEqual([`kim@${id.slice(-4)}.example`]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('never takes the items of a live process: the CLI and the app may sync one data folder side by side', async () => {
    const dataDir = tempDir();
    for (const id of fresh.slice(0, 6)) expect((await add(dataDir, id, 'Lee')).code).toBe(0);
    const db = new BetterSqlite3(profileDatabasePath(dataDir, builtInSandbox), { readonly: true });
    try {
      await emulatorAdmin(emulator.url, 'throttle', { perPartner: 15 });
      const slow = start(['sync', '--data-dir', dataDir, '--emulator', emulator.url, '--parallelism', '1']);
      await vi.waitFor(() => expect((db.prepare(`SELECT count(*) AS n FROM outbox WHERE state = 'sending'`).get() as { n: number }).n).toBe(1), { timeout: 60_000, interval: 5 });
      // A second process starts while the first holds a lease; both drain; nothing is taken over.
      const [first, second] = await Promise.all([slow.done, cli('sync', '--data-dir', dataDir, '--emulator', emulator.url, '--parallelism', '1')]);
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(db.prepare(`SELECT count(*) AS n FROM outbox_attempts WHERE reason = 'interrupted'`).get()).toEqual({ n: 0 });
      const posts = (await emulatorWrites(emulator.url)).filter((w) => w.method === 'POST' && w.status === 201);
      expect(posts).toHaveLength(6);
    } finally {
      db.close();
    }
  }, 120_000);
});
