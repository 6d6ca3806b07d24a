import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppCore } from '../../../src/main/core/app-core';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import { calls, callNames, type CallName } from '../../../src/shared/contract';
import { appErrorSchema } from '../../../src/shared/result';
import { localToday } from '../../../src/shared/validation';
import { WELL_KNOWN } from '../../../src/emulator/index';
import { inputsFor, type Known } from '../../helpers/contract-arbitraries';
import { value, type Core } from '../../helpers/core-call';

/**
 * Property-based fuzzing of every call of the contract (issue 14): any input — fitting the
 * schema, with one place made hostile, or anything at all — gets a valid answer or a typed error,
 * never an internal error (the core's 500), and a refused call leaves the store unchanged.
 * CI runs a fixed seed and a bounded number of runs; `FUZZ_RUNS=2000 FUZZ_SEED=…` runs more.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 30);

/** Calls whose well-formed `{}` starts something interactive (the sign-in waits for a browser). */
const WAITS_FOR_THE_OPERATOR = new Set<CallName>(['signIn']);

let core: Core;
let dataDir: string;
const known: Known = {};

/** Everything the app keeps: every table's rows, and every other file of the data folder, byte for byte. */
function digest(): string {
  const hash = createHash('sha256');
  const db = core.internals.db;
  // Virtual tables (the search index) are read through their shadow tables, which are listed too.
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").all() as { name: string }[];
  const cell = (_k: string, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v);
  for (const { name } of tables) {
    const rows = (db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).raw().all() as unknown[]).map((row) => JSON.stringify(row, cell)).sort();
    hash.update(`table ${name}\n${rows.join('\n')}\n`);
  }
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.db(-wal|-shm|-journal)?$/.test(entry.name)) hash.update(`file ${path.relative(dataDir, full)}\n`).update(fs.readFileSync(full));
    }
  };
  walk(dataDir);
  return hash.digest('hex');
}

beforeAll(async () => {
  // One data folder for the whole file (tempDir's folders go after each test).
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-fuzz-'));
  core = await startAppCore({ dataDir, partnerCenter: partnerCenterFor({ emulatorCustomers: 30 }), background: false });
  await core.internals.connectivity.check();
  await value(core, 'refreshCustomers');
  // Something in the queue, so ids the fuzzer draws sometimes name real items.
  const queued = await value<{ queueItemId: string }>(core, 'confirmAcceptance', {
    customerId: WELL_KNOWN[2]!.id,
    acceptance: { firstName: 'Zoé', lastName: 'Lefèvre', email: 'zoe.lefevre@example.com', phone: '', dateAgreed: localToday() },
  });
  known['customerId'] = WELL_KNOWN.slice(0, 4).map((c) => c.id);
  known['customerIds'] = known['customerId'];
  known['itemId'] = [queued.queueItemId];
  known['queueItemId'] = [queued.queueItemId];
  known['profileId'] = [core.internals.profile.id];
}, 60_000);

afterAll(async () => {
  await core?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('every call of the contract, under generated input', () => {
  it.each(callNames.map((name) => [name]))('%s: a valid answer or a typed error; refused, nothing changes', async (name) => {
    await fc.assert(
      fc.asyncProperty(inputsFor(calls[name].input, known), async (input) => {
        fc.pre(!(WAITS_FOR_THE_OPERATOR.has(name) && calls[name].input.safeParse(input).success));
        const before = digest();
        const result = await core.dispatch(name, input);
        if (result.ok) {
          expect(calls[name].output.safeParse(result.value).success).toBe(true);
          return;
        }
        expect(appErrorSchema.safeParse(result.error).success, JSON.stringify(result.error).slice(0, 300)).toBe(true);
        expect(result.error.code, result.error.message.slice(0, 300)).not.toBe('internal');
        expect(result.error.message.length).toBeGreaterThan(0);
        // An answer is read by a person: bounded, whatever the input's size.
        expect(JSON.stringify(result.error).length).toBeLessThan(20_000);
        expect(digest()).toBe(before);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});
