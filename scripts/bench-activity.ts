/**
 * `npx tsx scripts/bench-activity.ts [--entries N]`: how long the tamper-evident activity log takes
 * at size (default 100,000 entries): appending, checking the whole chain (verify), the CSV export,
 * and migration 100 chaining an existing log of that size. Prints one JSON line per measure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { activityCsv } from '../src/main/core/confirmations/activity-csv';
import { AuditLog } from '../src/main/core/confirmations/audit-log';
import { openDatabase, writeTransaction } from '../src/main/core/store/database';
import { migrations } from '../src/main/core/store/migrations';

const { entries: N } = z
  .object({ entries: z.coerce.number().int().positive().default(100_000) })
  .parse(parseArgs({ options: { entries: { type: 'string' } }, strict: true }).values);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-bench-activity-'));
const print = (name: string, ms: number[], note?: string) => {
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(JSON.stringify({ name, unit: 'ms', median: Math.round(sorted[Math.floor(sorted.length / 2)]!), min: Math.round(sorted[0]!), runs: ms.length, entries: N, ...(note ? { note } : {}) }));
};
const time = (fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const entryAt = (i: number) => ({
  at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  actor: i % 3 ? 'sync' : 'operator:Ana Admin',
  action: i % 3 ? 'sync.confirmed' : 'confirmation.saved',
  subject: `7c4d3e2a-1b0f-4e8d-9c6b-${String(i).padStart(12, '0')}`,
  details: i % 3 ? { reason: 'created', company: `Société ${i} GmbH` } : { itemId: `item-${i}`, company: `Société ${i} GmbH`, dateAgreed: '2026-01-01' },
});

try {
  const db = openDatabase(path.join(dir, 'chained.db'));
  const log = new AuditLog(db);
  // In one transaction: appending one by one would time the disk's fsync, not the chain.
  print('append (chained, in one transaction)', [time(() => writeTransaction(db, () => { for (let i = 0; i < N; i++) log.append(entryAt(i)); }))]);
  const checks: number[] = [];
  for (let run = 0; run < 5; run++) {
    let result: ReturnType<AuditLog['verify']> | null = null;
    checks.push(time(() => (result = log.verify())));
    if (result!.firstBroken || result!.entries !== N) throw new Error(`verify answered ${JSON.stringify(result)}`);
  }
  print('verify (whole chain)', checks);
  let bytes = 0;
  print('export CSV (all entries)', [time(() => (bytes = activityCsv(log.between(null, null), 'fr-FR', () => undefined).csv.length))], `${(bytes / 1e6).toFixed(1)} M characters`);
  db.close();

  const oldFile = path.join(dir, 'old.db');
  const old = openDatabase(oldFile, { migrations: migrations.filter((m) => m.version < 100) });
  const insert = old.prepare('INSERT INTO audit_log (at, actor, action, subject, details_json) VALUES (?, ?, ?, ?, ?)');
  writeTransaction(old, () => {
    for (let i = 0; i < N; i++) {
      const e = entryAt(i);
      insert.run(e.at, e.actor, e.action, e.subject, JSON.stringify(e.details));
    }
  });
  old.close();
  print('migration 100 (chain an existing log)', [time(() => openDatabase(oldFile).close())]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
