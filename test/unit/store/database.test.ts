import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrations, type Migration } from '../../../src/main/core/store/migrations';
import { openDatabase, schemaVersion, StoreError, writeTransaction } from '../../../src/main/core/store/database';
import { tempDir } from '../../helpers/temp-dir';

describe('store', () => {
  it('creates the schema at the latest version with WAL, synchronous=FULL and foreign keys', () => {
    const db = openDatabase(path.join(tempDir(), 'a.db'));
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('keeps a schema snapshot: tables and indexes of the latest version', () => {
    const db = openDatabase(path.join(tempDir(), 'a.db'));
    const names = (db.prepare(`SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'customers_fts_%' ORDER BY type, name`).all() as { type: string; name: string }[]).map(
      (r) => `${r.type}:${r.name}`,
    );
    expect(names).toEqual([
      'index:customers_domain',
      'index:customers_name_key',
      'index:outbox_attempts_item',
      'index:outbox_customer',
      'index:outbox_depends_on',
      'index:outbox_state',
      'table:acceptance_requests',
      'table:audit_log',
      'table:confirmations',
      'table:customers',
      'table:customers_fts',
      'table:mca_status',
      'table:meta',
      'table:outbox',
      'table:outbox_attempts',
      'table:subscriptions_cache',
      'trigger:audit_log_no_delete',
      'trigger:audit_log_no_update',
      'trigger:customers_ad',
      'trigger:customers_ai',
      'trigger:customers_au',
    ]);
    db.close();
  });

  it('runs only pending migrations when reopened', () => {
    const file = path.join(tempDir(), 'a.db');
    const ran: number[] = [];
    const list: Migration[] = [
      { version: 10, name: 'one', up: (db) => (ran.push(10), db.exec('CREATE TABLE one (x)')) },
      { version: 20, name: 'two', up: (db) => (ran.push(20), db.exec('CREATE TABLE two (x)')) },
    ];
    openDatabase(file, { migrations: list.slice(0, 1) }).close();
    const db = openDatabase(file, { migrations: list });
    expect(ran).toEqual([10, 20]);
    expect(schemaVersion(db)).toBe(20);
    db.close();
  });

  it('rolls back every pending migration when one fails, leaving the database as it was', () => {
    const file = path.join(tempDir(), 'a.db');
    openDatabase(file, { migrations: [{ version: 10, name: 'one', up: (db) => db.exec('CREATE TABLE one (x)') }] }).close();
    const failing: Migration[] = [
      { version: 10, name: 'one', up: (db) => db.exec('CREATE TABLE one (x)') },
      { version: 20, name: 'two', up: (db) => db.exec('CREATE TABLE two (x)') },
      { version: 30, name: 'broken', up: (db) => db.exec('CREATE TABLE one (x)') },
    ];
    expect(() => openDatabase(file, { migrations: failing })).toThrowError(StoreError);
    const raw = new BetterSqlite3(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(10);
    expect(raw.prepare(`SELECT name FROM sqlite_schema WHERE name = 'two'`).get()).toBeUndefined();
    raw.close();
  });

  it('refuses a database written by a newer version, with the versions in the message', () => {
    const file = path.join(tempDir(), 'a.db');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${latestVersion + 10}`);
    raw.close();
    try {
      openDatabase(file);
      expect.unreachable('a newer schema must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).kind).toBe('newer-schema');
      expect((error as Error).message).toContain(String(latestVersion + 10));
    }
    // …and left untouched.
    const again = new BetterSqlite3(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latestVersion + 10);
    again.close();
  });

  it('has migration numbers that only grow', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuses to change or remove audit log entries', () => {
    const db = openDatabase(path.join(tempDir(), 'a.db'));
    db.prepare(`INSERT INTO audit_log (at, actor, action, hash) VALUES ('2026-01-01T00:00:00Z', 'operator:x', 'test', ?)`).run('0'.repeat(64));
    expect(() => db.prepare(`UPDATE audit_log SET action = 'changed'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((db.prepare('SELECT action FROM audit_log').get() as { action: string }).action).toBe('test');
    db.close();
  });

  it('upgrades a version-30 database with queued items to the latest schema, keeping items and history', () => {
    const file = path.join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 30) });
    old.prepare(`INSERT INTO confirmations (id, customer_id, company_name, first_name, last_name, email, date_agreed, created_at, created_by) VALUES ('c', 'cust', 'Acme', 'A', 'B', 'a@b.co', '2026-01-01', 't', 'op')`).run();
    old.prepare(`INSERT INTO outbox (id, kind, confirmation_id, customer_id, state, created_at, updated_at) VALUES ('i', 'confirm-acceptance', 'c', 'cust', 'queued', 't', 't')`).run();
    old.prepare(`INSERT INTO outbox_attempts (item_id, at, outcome, reason) VALUES ('i', 't', 'waiting', 'offline')`).run();
    old.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.prepare('SELECT id, kind, state FROM outbox').all()).toEqual([{ id: 'i', kind: 'confirm-acceptance', state: 'queued' }]);
    expect(db.prepare('SELECT count(*) AS n FROM outbox_attempts').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The rebuilt table keeps its rules: a confirmation item must have a confirmation.
    expect(() => db.prepare(`INSERT INTO outbox (id, kind, customer_id, state, created_at, updated_at) VALUES ('j', 'confirm-acceptance', 'x', 'queued', 't', 't')`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('migrates once when another process migrates the same new database while this one waits for the lock', async () => {
    const file = path.join(tempDir(), 'a.db');
    const root = path.resolve(import.meta.dirname, '../../..');
    // The other process takes the write lock, waits half a second, migrates and commits.
    const script = `import BetterSqlite3 from 'better-sqlite3'; import { migrations } from './src/main/core/store/migrations.ts';
      const db = new BetterSqlite3(${JSON.stringify(file)}); db.pragma('journal_mode = WAL'); db.exec('BEGIN IMMEDIATE'); console.log('locked');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      for (const m of migrations) { m.up(db); db.pragma('user_version = ' + m.version); }
      db.exec('COMMIT'); db.close();`;
    const other = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => other.on('close', resolve));
    await new Promise<void>((resolve) => other.stdout.on('data', (c: Buffer) => c.toString().includes('locked') && resolve()));
    // This one reads "no schema yet", then waits for the lock; under it, it must read again.
    const db = openDatabase(file);
    expect(await exited).toBe(0);
    expect(schemaVersion(db)).toBe(latestVersion);
    db.close();
  }, 30_000);

  it('a write that reads first waits for another process\u2019s write lock instead of failing with "database is locked"', async () => {
    const file = path.join(tempDir(), 'a.db');
    openDatabase(file).exec('CREATE TABLE counter (n INTEGER NOT NULL)').close();
    const root = path.resolve(import.meta.dirname, '../../..');
    // The other process takes the write lock, waits a moment, adds its row and commits.
    const script = `import BetterSqlite3 from 'better-sqlite3';
      const db = new BetterSqlite3(${JSON.stringify(file)}); db.exec('BEGIN IMMEDIATE'); console.log('locked');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      db.prepare('INSERT INTO counter (n) VALUES (1)').run(); db.exec('COMMIT'); db.close();`;
    const other = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => other.on('close', resolve));
    await new Promise<void>((resolve) => other.stdout.on('data', (c: Buffer) => c.toString().includes('locked') && resolve()));
    // Read, then write: a deferred transaction would read a snapshot from before the other's
    // commit and could not write on it ("database is locked" at once, whatever the busy timeout).
    const db = openDatabase(file);
    const seen = writeTransaction(db, () => {
      const before = (db.prepare('SELECT count(*) AS c FROM counter').get() as { c: number }).c;
      db.prepare('INSERT INTO counter (n) VALUES (2)').run();
      return before;
    });
    expect(await exited).toBe(0);
    expect(seen).toBe(1);
    expect(db.prepare('SELECT n FROM counter ORDER BY n').pluck().all()).toEqual([1, 2]);
    db.close();
  }, 30_000);
});
