import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { activityCommandOf, runActivityCommand } from '../../../src/cli/activity';
import { run } from '../../../src/cli/run';
import { startAppCore } from '../../../src/main/core/app-core';
import { AuditLog } from '../../../src/main/core/confirmations/audit-log';
import { builtInSandbox, profileDatabasePath } from '../../../src/main/core/profiles';
import { openDatabase, schemaVersion, writeTransaction } from '../../../src/main/core/store/database';
import { latestVersion, migrations } from '../../../src/main/core/store/migrations';
import type { CallInput, CallName, CallOutput } from '../../../src/shared/contract';
import { tempDir } from '../../helpers/temp-dir';

/*
 * The tamper-evident activity log on real SQLite files: the chain as appended, as migration 100
 * builds it over an existing log, across two processes appending at once, and as someone who goes
 * around the app (drops the trigger with a second connection, as the sqlite3 tool would) finds it.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

type Row = { seq: number; at: string; actor: string; action: string; subject: string | null; details_json: string | null; hash: string };
const rowsOf = (db: Database) => db.prepare('SELECT seq, at, actor, action, subject, details_json, hash FROM audit_log ORDER BY seq').all() as Row[];

/** The chain recomputed the way an auditor would from the README, independently of the app's code. */
function auditorCheck(rows: Row[]): number | null {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  let previous = '0'.repeat(64);
  for (const r of rows) {
    const text = JSON.stringify([r.seq, r.at, r.actor, r.action, r.subject, r.details_json === null ? null : sorted(JSON.parse(r.details_json)), previous]);
    if (sha256(text) !== r.hash) return r.seq;
    previous = r.hash;
  }
  return null;
}

/** A second connection to the same file that goes around the app: triggers dropped, then `sql`. */
function tamper(file: string, sql: string, ...params: unknown[]): void {
  const other = new BetterSqlite3(file);
  other.pragma('busy_timeout = 5000');
  other.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  other.prepare(sql).run(...params);
  other.close();
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();

function logWith(count: number): { file: string; db: Database; log: AuditLog } {
  const file = path.join(tempDir(), 'a.db');
  const db = openDatabase(file);
  const log = new AuditLog(db);
  for (let i = 1; i <= count; i++) log.append({ at: at(i), actor: 'operator:Ana Admin', action: 'operator.discard', subject: `item-${i}`, details: { reason: `reason ${i}`, company: 'Contoso Ltd' } });
  return { file, db, log };
}

describe('the activity log chain on a real database', () => {
  const open: Database[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
  });

  it('chains every entry to the one before, as an auditor recomputes it', () => {
    const { db, log } = logWith(6);
    open.push(db);
    log.append({ at: at(7), actor: 'sync', action: 'sync.confirmed' });
    const rows = rowsOf(db);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(7);
    expect(auditorCheck(rows)).toBeNull();
    expect(log.verify()).toEqual({ entries: 7, firstBroken: null });
    expect(new AuditLog(openDatabase(path.join(tempDir(), 'empty.db'))).verify()).toEqual({ entries: 0, firstBroken: null });
  });

  it('still refuses edits through the app\u2019s own connection', () => {
    const { db } = logWith(2);
    open.push(db);
    expect(() => db.prepare(`UPDATE audit_log SET action = 'changed'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('finds an entry edited around the app, and names it; later entries do not hide it', () => {
    const { file, db, log } = logWith(6);
    open.push(db);
    tamper(file, `UPDATE audit_log SET details_json = ? WHERE seq = 3`, JSON.stringify({ reason: 'nothing to see', company: 'Contoso Ltd' }));
    expect(log.verify()).toEqual({ entries: 6, firstBroken: { seq: 3, at: at(3) } });
    expect(auditorCheck(rowsOf(db))).toBe(3);
    // The app keeps appending (chained to the last hash as stored); the break stays where it was.
    log.append({ at: at(9), actor: 'sync', action: 'sync.confirmed' });
    expect(log.verify()).toEqual({ entries: 7, firstBroken: { seq: 3, at: at(3) } });
  });

  it('finds an edit whose author recomputed that entry\u2019s hash: the next entry no longer matches', () => {
    const { file, db, log } = logWith(5);
    open.push(db);
    const rows = rowsOf(db);
    const forged = { ...rows[1]!, actor: 'operator:Someone Else' };
    const hash = sha256(JSON.stringify([forged.seq, forged.at, forged.actor, forged.action, forged.subject, { company: 'Contoso Ltd', reason: 'reason 2' }, rows[0]!.hash]));
    tamper(file, 'UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 2', forged.actor, hash);
    expect(log.verify().firstBroken).toEqual({ seq: 3, at: at(3) });
  });

  it('finds a removed entry (at the one after it), the first one removed, and an entry slipped in', () => {
    const removed = logWith(5);
    open.push(removed.db);
    tamper(removed.file, 'DELETE FROM audit_log WHERE seq = 4');
    expect(removed.log.verify()).toEqual({ entries: 4, firstBroken: { seq: 5, at: at(5) } });

    const first = logWith(3);
    open.push(first.db);
    tamper(first.file, 'DELETE FROM audit_log WHERE seq = 1');
    expect(first.log.verify().firstBroken).toEqual({ seq: 2, at: at(2) });

    const added = logWith(3);
    open.push(added.db);
    tamper(added.file, `INSERT INTO audit_log (seq, at, actor, action, hash) VALUES (10, ?, 'operator:x', 'operator.retry', ?)`, at(10), 'e'.repeat(64));
    expect(added.log.verify().firstBroken).toEqual({ seq: 10, at: at(10) });

    const garbled = logWith(3);
    open.push(garbled.db);
    tamper(garbled.file, `UPDATE audit_log SET details_json = '{not json' WHERE seq = 2`);
    expect(garbled.log.verify().firstBroken).toEqual({ seq: 2, at: at(2) });
  });

  it('migration 100 chains the entries an existing installation wrote, keeping them and their order', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 90) });
    const insert = old.prepare('INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES (?, ?, ?, ?, ?)');
    writeTransaction(old, () => {
      for (let i = 1; i <= 2500; i++) insert.run(at(i % 60), i % 2 ? 'sync' : 'operator:Ana', 'operator.retry', i % 3 ? `item-${i}` : null, i % 5 ? JSON.stringify({ z: i, a: 'é', nested: { b: [1, 2], a: null } }) : null);
    });
    old.close();

    const db = openDatabase(file);
    open.push(db);
    expect(schemaVersion(db)).toBe(latestVersion);
    const rows = rowsOf(db);
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(rows[4]!.details_json).toBeNull();
    expect(JSON.parse(rows[0]!.details_json!)).toEqual({ z: 1, a: 'é', nested: { b: [1, 2], a: null } });
    expect(auditorCheck(rows)).toBeNull();
    const log = new AuditLog(db);
    log.append({ at: at(1), actor: 'sync', action: 'sync.confirmed' });
    expect(log.verify()).toEqual({ entries: 2501, firstBroken: null });
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE audit_log SET hash = 'x' WHERE seq = 1`).run()).toThrow(/append-only/);
  });

  it('two connections appending in turn chain on each other\u2019s latest entry', () => {
    const { file, db, log } = logWith(1);
    open.push(db);
    const second = openDatabase(file);
    open.push(second);
    const other = new AuditLog(second);
    for (let i = 0; i < 20; i++) (i % 2 ? log : other).append({ at: at(i), actor: i % 2 ? 'operator:A' : 'operator:B', action: 'operator.retry', details: { i } });
    expect(rowsOf(db).map((r) => r.actor).slice(1, 5)).toEqual(['operator:B', 'operator:A', 'operator:B', 'operator:A']);
    expect(log.verify()).toEqual({ entries: 21, firstBroken: null });
    expect(auditorCheck(rowsOf(second))).toBeNull();
  });

  it('two processes appending at the same time keep one intact chain', async () => {
    const file = path.join(tempDir(), 'a.db');
    openDatabase(file).close();
    const perProcess = 80;
    const script = (name: string) => `import { openDatabase } from './src/main/core/store/database.ts';
      import { AuditLog } from './src/main/core/confirmations/audit-log.ts';
      const db = openDatabase(${JSON.stringify(file)}); const log = new AuditLog(db);
      console.log('ready');
      process.stdin.once('data', () => {
        // Like an app between two actions: a few milliseconds' other work, so the other process
        // gets the lock now and then (SQLite's busy handler would otherwise let one run ahead).
        const pause = new Int32Array(new SharedArrayBuffer(4));
        for (let i = 0; i < ${perProcess}; i++) {
          log.append({ at: new Date().toISOString(), actor: 'operator:${name}', action: 'operator.retry', details: { i } });
          Atomics.wait(pause, 0, 0, 10);
        }
        db.close(); process.exit(0);
      });`;
    const children = ['A', 'B'].map((name) => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(name)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }));
    const exited = children.map((child) => new Promise((resolve) => child.on('close', resolve)));
    await Promise.all(children.map((child) => new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && resolve()))));
    for (const child of children) child.stdin!.write('go\n');
    expect(await Promise.all(exited)).toEqual([0, 0]);

    const db = openDatabase(file);
    open.push(db);
    const rows = rowsOf(db);
    expect(rows).toHaveLength(2 * perProcess);
    // They did write at the same time: the log switches from one to the other more than once.
    const switches = rows.filter((r, i) => i > 0 && r.actor !== rows[i - 1]!.actor).length;
    expect(switches).toBeGreaterThan(1);
    expect(new AuditLog(db).verify()).toEqual({ entries: 2 * perProcess, firstBroken: null });
    expect(auditorCheck(rows)).toBeNull();
  }, 60_000);
});

describe('verifyActivity and exportActivity through the core', () => {
  type Core = Awaited<ReturnType<typeof startAppCore>>;
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  async function start(locale: string, dataDir = tempDir()): Promise<Core> {
    const core = await startAppCore({ dataDir, partnerCenter: async () => null, background: false, locale, clock: { now: () => new Date('2026-11-22T12:00:00.000Z') } });
    cores.push(core);
    return core;
  }
  async function value<K extends CallName>(core: Core, name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const result = await core.dispatch(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as CallOutput<K>;
  }
  /** Entries on three days; a hostile company name among them. */
  function fill(core: Core): void {
    const audit = core.internals.audit;
    audit.append({ at: '2026-11-19T23:59:59.999Z', actor: 'operator:Ana Admin', action: 'operator.settings', details: { parallelism: 8 } });
    audit.append({ at: '2026-11-20T00:00:00.000Z', actor: 'operator:Ana Admin', action: 'confirmation.saved', subject: 'cust-1', details: { company: '=HYPERLINK("http://evil.example")', dateAgreed: '2026-11-19' } });
    audit.append({ at: '2026-11-21T23:59:59.999Z', actor: 'sync', action: 'sync.confirmed', subject: 'cust-1', details: { company: 'Société Générale; Logistique', reason: 'created' } });
    audit.append({ at: '2026-11-22T00:00:00.000Z', actor: 'sync', action: 'sync.request-expired', subject: 'x', details: { company: 'Müller & Söhne' } });
  }

  it('answers the chain\u2019s state, intact and then broken at the edited entry', async () => {
    const dataDir = tempDir();
    const core = await start('en-US', dataDir);
    fill(core);
    expect(await value(core, 'verifyActivity', {})).toEqual({ entries: 4, firstBroken: null });
    tamper(profileDatabasePath(dataDir, builtInSandbox), `UPDATE audit_log SET actor = 'operator:Nobody' WHERE seq = 2`);
    expect(await value(core, 'verifyActivity', {})).toEqual({ entries: 4, firstBroken: { seq: 2, at: '2026-11-20T00:00:00.000Z' } });
  });

  it('exports whole UTC days, both inclusive, oldest first, in English', async () => {
    const core = await start('en-US');
    fill(core);
    const all = await value(core, 'exportActivity', {});
    expect(all).toMatchObject({ entries: 4, fileName: 'mca-desk-activity-2026-11-22.csv' });
    const ranged = await value(core, 'exportActivity', { from: '2026-11-20', to: '2026-11-21' });
    expect(ranged).toMatchObject({ entries: 2, fileName: 'mca-desk-activity-2026-11-20-to-2026-11-21.csv' });
    const lines = ranged.csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFTime (UTC),Operator,Action,Customer,Details,Hash (SHA-256)');
    expect(lines[1]).toMatch(/^2026-11-20T00:00:00\.000Z,Ana Admin,Confirmation saved,"'=HYPERLINK\(""http:\/\/evil\.example""\)","Date of acceptance: Nov 19, 2026",[0-9a-f]{64}$/);
    expect(lines[2]).toMatch(/^2026-11-21T23:59:59\.999Z,Sync,Sent to Partner Center,"Société Générale; Logistique","How: .+",[0-9a-f]{64}$/);
    expect(lines[3]).toBe('');
    expect((await value(core, 'exportActivity', { from: '2026-11-22' })).entries).toBe(1);
    expect((await value(core, 'exportActivity', { to: '2026-11-19' })).entries).toBe(1);
    // The hashes in the file are the log's own.
    const hashes = core.internals.db.prepare('SELECT hash FROM audit_log WHERE seq IN (2, 3) ORDER BY seq').pluck().all();
    expect(lines.slice(1, 3).map((l) => l.slice(-64))).toEqual(hashes);
  });

  it('exports in French when the app speaks French', async () => {
    const core = await start('fr-FR');
    fill(core);
    const { csv } = await value(core, 'exportActivity', { from: '2026-11-20', to: '2026-11-20' });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFDate et heure (UTC),Opérateur,Action,Client,Détails,Empreinte (SHA-256)');
    expect(lines[1]).toContain(',Ana Admin,Confirmation enregistrée,');
    expect(lines[1]).toContain('Date d’acceptation\u202F: 19 nov. 2026');
  });

  it('refuses a bad range with the field and the reason', async () => {
    const core = await start('en-US');
    expect(await core.dispatch('exportActivity', { from: '2026-11-21', to: '2026-11-20' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: { issues: [{ path: ['to'], message: 'validation.activityRange.order' }] } },
    });
    expect(await core.dispatch('exportActivity', { from: '2026-13-01' })).toMatchObject({ ok: false, error: { code: 'invalid-input', details: { issues: [{ path: ['from'] }] } } });
  });
});

describe('mca-desk activity', () => {
  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  /** A data folder whose log holds `count` entries (written by the app's core, then closed). */
  async function dataDirWith(count: number): Promise<string> {
    const dataDir = tempDir();
    const core = await startAppCore({ dataDir, partnerCenter: async () => null, background: false });
    for (let i = 1; i <= count; i++) core.internals.audit.append({ at: at(i), actor: 'operator:Ana Admin', action: 'operator.discard', subject: `item-${i}`, details: { reason: `-${i} + "quoted", ok`, company: '@Contoso' } });
    await core.close();
    return dataDir;
  }

  it('verify: exit 0 when intact; exit 1 naming the first entry that does not match', async () => {
    const dataDir = await dataDirWith(5);
    expect(await cli('activity', 'verify', '--data-dir', dataDir)).toEqual({ code: 0, out: 'The activity log is intact (entries checked: 5).', err: '' });
    tamper(profileDatabasePath(dataDir, builtInSandbox), `UPDATE audit_log SET subject = 'item-99' WHERE seq = 4`);
    expect(await cli('activity', 'verify', '--data-dir', dataDir)).toEqual({
      code: 1,
      out: `The activity log was changed after it was written: entry #4 (${at(4)}) does not match, and no entry after it can be trusted (entries: 5).`,
      err: '',
    });
    const json = await cli('activity', 'verify', '--json', '--data-dir', dataDir);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual({ intact: false, entries: 5, firstBroken: { seq: 4, at: at(4) } });
  });

  it('export: writes the CSV file whole (BOM, CRLF, defused cells), replacing an older one', async () => {
    const dataDir = await dataDirWith(3);
    const out = path.join(tempDir(), 'activity.csv');
    fs.writeFileSync(out, 'an older export');
    expect(await cli('activity', 'export', '--out', out, '--from', '2026-11-20', '--to', '2026-11-20', '--data-dir', dataDir)).toEqual({ code: 0, out: `Exported to ${out} (entries: 3).`, err: '' });
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^${at(1).replace(/\./g, '\\.')},Ana Admin,Discarded,'@Contoso,"Reason: -1 \\+ ""quoted"", ok",[0-9a-f]{64}$`));
    expect(fs.readdirSync(path.dirname(out))).toEqual(['activity.csv']);
    // A day without entries: the header alone.
    await cli('activity', 'export', '--out', out, '--from', '2026-11-21', '--data-dir', dataDir);
    expect(fs.readFileSync(out, 'utf8')).toBe('\uFEFFTime (UTC),Operator,Action,Customer,Details,Hash (SHA-256)\r\n');
  });

  it('refuses bad options with exit 2 and a clear message, and a folder it cannot write with exit 1', async () => {
    const dataDir = await dataDirWith(1);
    const out = path.join(tempDir(), 'a.csv');
    expect(await cli('activity', 'export', '--out', out, '--from', '2026-11-21', '--to', '2026-11-20', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--from 2026-11-21 is after --to 2026-11-20') });
    expect(await cli('activity', 'export', '--out', out, '--from', '2026-02-30', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--from must be a real date as YYYY-MM-DD') });
    expect(await cli('activity', 'export', '--out', out, '--to', 'yesterday', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--to must be a real date') });
    expect(await cli('activity', 'export', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('activity export needs --out FILE') });
    expect(await cli('activity', 'export', 'extra', '--out', out, '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('unexpected argument "extra"') });
    expect(await cli('activity', 'shred', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "activity shred"') });
    expect(fs.existsSync(out)).toBe(false);
    const missing = path.join(tempDir(), 'no', 'such', 'folder', 'a.csv');
    expect(await cli('activity', 'export', '--out', missing, '--data-dir', dataDir)).toMatchObject({ code: 1, err: expect.stringContaining(`Could not write ${missing}`) });
  });

  it('speaks French when given a French locale (the CLI passes its one locale in)', async () => {
    const dataDir = await dataDirWith(2);
    expect(activityCommandOf('export', { from: '2026-11-21', to: '2026-11-20', out: 'x.csv' }, 'fr-FR')).toEqual({ ok: false, message: '--from 2026-11-21 est postérieur à --to 2026-11-20' });
    const core = await startAppCore({ dataDir, partnerCenter: async () => null, background: false, locale: 'fr-FR' });
    try {
      const call = async <K extends CallName>(name: K, input: CallInput<K>) => {
        const result = await core.dispatch(name, input);
        if (!result.ok) throw new Error(result.error.message);
        return result.value as CallOutput<K>;
      };
      const lines: string[] = [];
      const io = { out: (l: string) => lines.push(l) };
      expect(await runActivityCommand({ sub: 'verify', json: false }, 'fr-FR', call, io)).toBe(0);
      const out = path.join(tempDir(), 'activité.csv');
      expect(await runActivityCommand({ sub: 'export', range: {}, out }, 'fr-FR', call, io)).toBe(0);
      expect(lines).toEqual(['Le journal d’activité est intact (entrées vérifiées\u202F: 2).', `Exporté vers ${out} (entrées\u202F: 2).`]);
      expect(fs.readFileSync(out, 'utf8').split('\r\n')[1]).toContain(',Ana Admin,Abandonnée,\'@Contoso,"Raison\u202F: -1 + ""quoted"", ok",');
    } finally {
      await core.close();
    }
  });
});
