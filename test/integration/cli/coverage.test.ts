import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/run';
import { startEmulator, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { openProfile } from '../../../src/main/core/compose';
import { z } from 'zod';
import { CoverageRepo, CURRENT_TEMPLATE_KEY } from '../../../src/main/core/customers/coverage-repo';
import { localToday } from '../../../src/shared/validation';
import { coverageLines } from '../../../src/cli/coverage';
import { tempDir } from '../../helpers/temp-dir';

const root = path.resolve(import.meta.dirname, '../../..');
const [societe] = WELL_KNOWN;
const KEYS = ['total', 'confirmed', 'acceptedByCustomer', 'notConfirmed', 'pendingSync', 'waitingForCustomer', 'needsAttention', 'notVerified', 'earlierVersion'];

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The CLI as a real process (tsx src/cli/main.ts), its output and exit code. */
function processCli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...args], { cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('mca-desk refresh and coverage (issue 13)', () => {
  let emulator: Emulator;
  let dataDir: string;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 50 });
    dataDir = tempDir();
  });
  afterEach(async () => emulator.close());

  it('refreshes the customers and their statuses, then counts them: the seven statuses partition the total', async () => {
    const refreshed = await processCli(['refresh', '--data-dir', dataDir, '--emulator', emulator.url]);
    expect(refreshed).toMatchObject({ code: 0, out: 'Refreshed 50 customers; read 50 agreement statuses.\n' });
    await cli('queue', 'add', '--data-dir', dataDir, '--customer', societe!.id, '--first-name', 'A', '--last-name', 'B', '--email', 'a@b.example', '--date', localToday());

    const json = await processCli(['coverage', '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    const counts = JSON.parse(json.out) as Record<string, number>;
    expect(Object.keys(counts)).toEqual(KEYS);
    const { total, earlierVersion, ...statuses } = counts;
    expect(total).toBe(50);
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(50);
    expect(counts.pendingSync).toBe(1);
    expect(earlierVersion).toBe(2);
    expect(counts.notVerified).toBe(0);

    // The same numbers the app's SQL gives, and a human form of them.
    const p = await openProfile({ dataDir, partnerCenter: null });
    const direct = new CoverageRepo(p.db).counts(p.meta.get(CURRENT_TEMPLATE_KEY, z.string()));
    await p.close();
    expect(direct).toEqual(counts);
    const text = await cli('coverage', '--data-dir', dataDir);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('Customers: 50');
    expect(text.out).toContain(`  Pending sync: 1`);
    expect(text.out).toContain(`  of which on an earlier version: 2`);
  });

  it('counts offline from the local store; refresh needs a Partner Center', async () => {
    const empty = await cli('coverage', '--json', '--data-dir', dataDir);
    expect(JSON.parse(empty.out)).toEqual(Object.fromEntries(KEYS.map((k) => [k, 0])));
    const text = await cli('coverage', '--data-dir', dataDir);
    expect(text.out).toContain('mca-desk refresh');
    expect(await cli('refresh', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('refresh needs --emulator URL') });
    expect(await cli('coverage', 'extra', '--data-dir', dataDir)).toMatchObject({ code: 2, err: expect.stringContaining('unexpected argument "extra"') });
  });

  it('words the counts in French with a narrow no-break space before the colon', () => {
    const counts = { total: 1200, confirmed: 700, acceptedByCustomer: 100, notConfirmed: 300, pendingSync: 20, waitingForCustomer: 30, needsAttention: 10, notVerified: 40, earlierVersion: 5 };
    const lines = coverageLines(counts, true, 'fr-FR');
    expect(lines[0]).toBe('Clients\u202F: 1\u202F200');
    expect(lines[1]).toBe('  Confirmé\u202F: 700');
    expect(lines).toContain('    dont sur une version antérieure\u202F: 5');
    expect(coverageLines(counts, true, 'en-US')[0]).toBe('Customers: 1,200');
  });
});
