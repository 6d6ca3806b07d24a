import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { refreshCustomers } from '../../../src/main/core/customers/refresh';
import { SUSPENDABLE_SQL } from '../../../src/main/core/customers/search-index';
import { openProfile, type ProfileParts } from '../../../src/main/core/compose';
import { openDatabase } from '../../../src/main/core/store/database';
import { endpointAt } from '../../../src/shells/partner-center';
import type { RefreshProgress } from '../../../src/shared/domain';
import { tempDir } from '../../helpers/temp-dir';

/** The triggers and indexes of the customers table, as SQLite holds them. */
const objects = (db: Database) =>
  Object.fromEntries(
    (db.prepare(`SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'customers' AND type IN ('trigger', 'index') AND sql IS NOT NULL ORDER BY name`).all() as { name: string; sql: string }[]).map(
      (r) => [r.name, r.sql.replace(/\s+/g, ' ')],
    ),
  );
const integrityCheck = (db: Database) => db.exec("INSERT INTO customers_fts (customers_fts, rank) VALUES ('integrity-check', 1)");
const words = (s: ProfileParts, q: string) => s.customers.search(q, 50).items.map((c) => c.id);

describe('a first load builds its indexes once, at its end', () => {
  let emulator: Emulator;
  let dataDir: string;
  let s: ProfileParts;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 1500 });
    dataDir = tempDir();
    s = await openProfile({ dataDir, partnerCenter: endpointAt(emulator.url) });
  });
  afterEach(async () => {
    await s.close();
    await emulator.close();
  });
  const run = (onProgress: (p: RefreshProgress) => void = () => undefined, signal?: AbortSignal) =>
    refreshCustomers({ ...s, readStatuses: false, pageSize: 100, onProgress, ...(signal ? { signal } : {}) });

  it('keeps in one place the same triggers and indexes as the migrations', () => {
    const fresh = objects(openDatabase(path.join(tempDir(), 'fresh.db')));
    expect(fresh).toEqual(Object.fromEntries(Object.entries(SUSPENDABLE_SQL).map(([name, sql]) => [name, sql.replace(/\s+/g, ' ')])));
  });

  it('writes a first load without them, finds by name meanwhile, and ends with every word searchable', async () => {
    const complete = objects(s.db);
    let during: Record<string, string> | null = null;
    let foundMeanwhile: string[] = [];
    const phases: string[] = [];
    let lastIndexed = -1;
    await run((p) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
      if (p.phase === 'indexing') expect(p.total).toBe(1500);
      if (p.phase === 'indexing') lastIndexed = p.done;
      if (p.phase !== 'customers' || p.done !== 700) return;
      during = objects(s.db);
      const someone = s.db.prepare('SELECT company_name FROM customers ORDER BY seq DESC LIMIT 1').get() as { company_name: string };
      foundMeanwhile = s.customers.search(someone.company_name, 5).items.map((c) => c.companyName);
      // Written by hand meanwhile (an operator opening a customer): searchable once built.
      const id = (s.db.prepare('SELECT id FROM customers ORDER BY seq LIMIT 1').get() as { id: string }).id;
      s.db.prepare("UPDATE customers SET contact_email = 'zyxwv.marker@example.com' WHERE id = ?").run(id);
    });
    expect(during).toEqual({});
    // The operator is told while the index is built (seconds for a large cache).
    expect(phases).toEqual(['customers', 'indexing', 'statuses', 'done']);
    expect(lastIndexed).toBe(1500);
    expect(foundMeanwhile.length).toBeGreaterThan(0);
    expect(objects(s.db)).toEqual(complete);
    expect(s.customers.count()).toBe(1500);
    integrityCheck(s.db);
    // A word inside the domain (FTS only, not a name prefix) of every customer is found.
    const sample = s.db.prepare('SELECT id, domain FROM customers ORDER BY random() LIMIT 20').all() as { id: string; domain: string }[];
    for (const c of sample) expect(words(s, c.domain.split('.')[0]!)).toContain(c.id);
    expect(words(s, 'zyxwv')).toHaveLength(1);
  });

  it('builds them when a first load is cancelled, and a later refresh keeps them', async () => {
    const complete = objects(s.db);
    const abort = new AbortController();
    await run((p) => {
      if (p.phase === 'customers' && p.done >= 400) abort.abort();
    }, abort.signal);
    expect(s.customers.count()).toBe(400);
    expect(objects(s.db)).toEqual(complete);
    integrityCheck(s.db);
    let during: Record<string, string> | null = null;
    const phases = new Set<string>();
    await run((p) => {
      phases.add(p.phase);
      if (p.phase === 'customers' && p.done === 800) during = objects(s.db);
    });
    expect(phases.has('indexing')).toBe(false);
    // Not a first load: the cache had customers, whose search must go on while it runs.
    expect(during).toEqual(complete);
    expect(s.customers.count()).toBe(1500);
    integrityCheck(s.db);
  });

  it('builds them when the profile opens after a crash in the middle of a first load', async () => {
    const complete = objects(s.db);
    expect(s.customers.suspendIndexesForFirstLoad()).toBe(true);
    s.customers.upsertMany(
      [
        { id: '00000000-0000-4000-8000-0000000000a1', companyName: 'Ölmühle Kranich GmbH', domain: 'kranich.example', relationship: null },
        { id: '00000000-0000-4000-8000-0000000000a2', companyName: 'Société Générale Test', domain: 'sgtest.example', relationship: null },
      ],
      'crashed-run',
      '2026-12-02T10:00:00.000Z',
    );
    expect(objects(s.db)).toEqual({});
    // The process dies here: nothing built. The next start mends it before anything reads.
    await s.close();
    s = await openProfile({ dataDir, partnerCenter: endpointAt(emulator.url) });
    // Built in the background: opening does not wait for it.
    await expect.poll(() => objects(s.db)).toEqual(complete);
    integrityCheck(s.db);
    expect(words(s, 'kranich')).toEqual(['00000000-0000-4000-8000-0000000000a1']);
    expect(words(s, 'generale')).toEqual(['00000000-0000-4000-8000-0000000000a2']);
  });

  it('keeps every change made between two chunks of the build: rows already indexed and rows not yet', async () => {
    expect(s.customers.suspendIndexesForFirstLoad()).toBe(true);
    const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const rows = Array.from({ length: 60 }, (_, i) => ({ id: id(i), companyName: `Alpha ${i} Company`, domain: `alpha${i}.example`, relationship: null }));
    s.customers.upsertMany(rows, 'first', '2026-12-02T10:00:00.000Z');
    const later = (i: number, name: string) => s.customers.upsertMany([{ id: id(i), companyName: name, domain: `alpha${i}.example`, relationship: null }], 'first', '2026-12-02T11:00:00.000Z');
    let turn = 0;
    await s.customers.buildSuspendedIndexes({
      chunk: 10,
      nextTurn: async () => {
        turn += 1;
        if (turn !== 2) return;
        // 20 rows indexed: one renamed, one removed on each side; one new customer.
        later(5, 'Renamed Early Zeta');
        later(45, 'Renamed Late Omega');
        s.db.prepare('DELETE FROM customers WHERE id IN (?, ?)').run(id(7), id(50));
        later(100, 'Newcomer Kappa');
      },
    });
    expect(turn).toBeGreaterThan(2);
    integrityCheck(s.db);
    expect(words(s, 'zeta')).toEqual([id(5)]);
    expect(words(s, 'omega')).toEqual([id(45)]);
    expect(words(s, 'kappa')).toEqual([id(100)]);
    // The old names are gone from the index, and so are the removed customers.
    expect(words(s, 'alpha 5 company')).not.toContain(id(5));
    expect(words(s, 'alpha 45 company')).not.toContain(id(45));
    expect(words(s, 'alpha7')).toEqual([]);
    expect(words(s, 'alpha50')).toEqual([]);
    expect(s.customers.search('company', 100).total).toBe(60 - 4);
    // Done: the ordinary triggers are back, and keep the index as before.
    later(12, 'After Build Sigma');
    integrityCheck(s.db);
    expect(words(s, 'sigma')).toEqual([id(12)]);
  });

  it('suspends nothing when the cache already has customers', async () => {
    s.customers.upsertMany([{ id: '00000000-0000-4000-8000-0000000000b1', companyName: 'Already Here', domain: 'here.example', relationship: null }], 'r', '2026-12-02T10:00:00.000Z');
    const complete = objects(s.db);
    expect(s.customers.suspendIndexesForFirstLoad()).toBe(false);
    expect(objects(s.db)).toEqual(complete);
    expect(await s.customers.buildSuspendedIndexes()).toBe(false);
  });
});
