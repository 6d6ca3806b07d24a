import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import type { QueueItem } from '../../../src/shared/domain';
import { localToday } from '../../../src/shared/validation';
import { tempDir } from '../../helpers/temp-dir';

const [societe, muller, cafe] = WELL_KNOWN;
const root = path.resolve(import.meta.dirname, '../../..');
const today = localToday();

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The CLI as a real process (the emulator in this process keeps answering meanwhile). */
function cliProcess(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

interface JsonReport {
  valid: number;
  invalid: number;
  queued?: number;
  rows: { line: number; ok: boolean; errors: { field: string; message: string }[] }[];
}

describe('mca-desk import', () => {
  let emulator: Emulator;
  let dataDir: string;
  let dir: string;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 20 });
    dataDir = tempDir();
    dir = tempDir('mca-import-');
  });
  afterEach(async () => emulator.close());

  const file = (name: string, content: string | Uint8Array) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const queue = async () => JSON.parse((await cli('queue', 'list', '--json', '--data-dir', dataDir)).out) as QueueItem[];

  it('as a real process: checks an Excel-style file (BOM, ";", CRLF, a quoted line break, DD/MM/YYYY), reports lines as in the file, and queues the valid rows', async () => {
    const csv = file(
      'excel.csv',
      '\uFEFFclient;prénom;nom;e-mail;téléphone;date\r\n' +
        `${societe!.id};Amélie;"Lefèvre";amelie@example.com;;05/01/2026\r\n` +
        `${muller!.domain};"Jürgen\r\nHans";Müller;j@example.com;;${today}\r\n` +
        `${cafe!.id};João;Gonçalves;joao@example.com;;31/12/2999\r\n` +
        `${societe!.id};Amélie;Lefèvre;AMELIE@example.com;;05/01/2026\r\n`,
    );
    const dry = await cliProcess('import', csv, '--dry-run', '--json', '--data-dir', dataDir, '--emulator', emulator.url);
    expect(dry.code, dry.err).toBe(1);
    const report = JSON.parse(dry.out) as JsonReport;
    expect(report).toEqual({
      valid: 1,
      invalid: 3,
      rows: [
        { line: 2, ok: true, errors: [] },
        { line: 3, ok: false, errors: [{ field: 'first_name', message: 'First name cannot contain < or > or control characters.' }] },
        { line: 5, ok: false, errors: [{ field: 'date', message: 'The date of acceptance cannot be in the future.' }] },
        { line: 6, ok: false, errors: [{ field: 'email', message: 'The same person for this customer is already on line 2.' }] },
      ],
    });
    expect(await queue()).toEqual([]);

    const real = await cliProcess('import', csv, '--data-dir', dataDir, '--emulator', emulator.url);
    expect(real.code).toBe(1);
    expect(real.out.split('\n')).toContain('1 valid, 3 with errors; queued 1 confirmations.');
    expect(real.out).toContain('line 5, date: The date of acceptance cannot be in the future.');
    const [item] = await queue();
    expect(item).toMatchObject({ customerId: societe!.id, state: 'queued', dateAgreed: '2026-01-05', contact: { firstName: 'Amélie', lastName: 'Lefèvre' } });
    // Looked up in Partner Center before saving: what the operator saw is the customer as read.
    expect(item!.operatorView?.readAt).not.toBeNull();
  }, 90_000);

  it('exits 0 when every row is valid, and finds nothing to queue twice', async () => {
    const csv = file('ok.csv', `customer,first_name,last_name,email,date\n${societe!.domain},A,B,a@example.com,${today}\n${muller!.id},C,D,c@example.com,${today}\n`);
    const first = await cli('import', csv, '--json', '--data-dir', dataDir, '--emulator', emulator.url);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ valid: 2, invalid: 0, queued: 2 });
    // Offline now, customers cached: the same file finds both people already in the queue.
    const again = await cli('import', csv, '--json', '--data-dir', dataDir);
    expect(again.code).toBe(1);
    expect((JSON.parse(again.out) as JsonReport).rows.map((r) => r.errors.map((e) => e.message))).toEqual([
      ['This person is already in the queue for this customer.'],
      ['This person is already in the queue for this customer.'],
    ]);
    expect(await queue()).toHaveLength(2);
  });

  it('offline, a customer this computer has never read is not found and the message says to go online', async () => {
    const csv = file('offline.csv', `customer,first_name,last_name,email,date\n${cafe!.id},A,B,a@example.com,${today}\n`);
    const out = await cli('import', csv, '--data-dir', dataDir);
    expect(out).toMatchObject({ code: 1, out: expect.stringContaining('line 2, customer: Not among the customers on this computer. Go online') });
  });

  it('refuses a file it cannot take, with exit code 2 and a clear message', async () => {
    const refused = async (p: string) => {
      const out = await cli('import', p, '--data-dir', dataDir);
      expect(out.code, out.out).toBe(2);
      return out.err;
    };
    expect(await refused(path.join(dir, 'missing.csv'))).toContain('The file could not be read');
    expect(await refused(dir)).toContain('is not a file');
    expect(await refused(file('empty.csv', ''))).toContain('The file is empty.');
    expect(await refused(file('header.csv', 'customer,first_name,last_name,email,date\r\n'))).toContain('no rows under its first line');
    expect(await refused(file('noheader.csv', `${societe!.id},A,B,a@b.example,${today}\n`))).toContain('The first line must name the columns');
    expect(await refused(file('utf16.csv', Buffer.from('\uFEFFcustomer', 'utf16le')))).toContain('not UTF-8');
    expect(await refused(file('latin1.csv', Buffer.from('customer,prénom', 'latin1')))).toContain('not UTF-8');
    expect(await refused(file('rows.csv', `customer,first_name,last_name,email,date\n${'x.com,A,B,a@b.fr,2026-01-01\n'.repeat(10_001)}`))).toContain('more than 10,000 rows');
    // 50 MB: refused from its size, never read.
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 50 * 1024 * 1024);
    expect(await refused(big)).toContain('larger than 5 MB');
    expect(await cli('import', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('import needs a FILE') });
    expect(await cli('import', 'a.csv', 'b.csv', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('unexpected argument "b.csv"') });
    expect(await cli('queue', 'list', '--dry-run', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('--dry-run is for import') });
    expect(await queue()).toEqual([]);
  });
});
