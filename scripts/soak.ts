/**
 * `npm run soak -- --items N --fault-rate F --kills K [--seed S] [--parallelism P] [--rate-limit R]`
 *
 * Proof that the queue loses nothing and sends nothing twice: enqueue N confirmations, drain them
 * with the real CLI (`mca-desk sync`) against a standalone emulator with faults at rate F and
 * throttling on, SIGKILL the syncing process K times mid-drain and restart it. Prints one
 * JSON line {items, confirmed, alreadyConfirmed, needsAttention, lost, duplicates, requests, kills, seconds};
 * exits 1 when anything was lost or duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openServices, saveConfirmation } from '../src/main/core/services';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

const args = z
  .object({
    items: z.coerce.number().int().positive().default(300),
    'fault-rate': z.coerce.number().min(0).max(0.9).default(0.2),
    kills: z.coerce.number().int().min(0).default(3),
    seed: z.coerce.number().int().default(1),
    parallelism: z.coerce.number().int().positive().default(8),
    'rate-limit': z.coerce.number().int().positive().default(200),
  })
  .parse(
    parseArgs({
      options: { items: { type: 'string' }, 'fault-rate': { type: 'string' }, kills: { type: 'string' }, seed: { type: 'string' }, parallelism: { type: 'string' }, 'rate-limit': { type: 'string' } },
      strict: true,
    }).values,
  );

function startEmulatorProcess(customers: number): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/emulator/cli.ts', '--port', '0', '--seed', String(args.seed), '--customers', String(customers)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

async function admin(url: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/_emulator/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`emulator ${route}: HTTP ${response.status}`);
  return response.json();
}

async function requestCount(url: string): Promise<number> {
  const state = (await admin(url, 'state')) as { requests: number };
  return state.requests;
}

/** Items not yet in a final state, read from the store between runs (no sync process is alive). */
async function remainingItems(dataDir: string): Promise<number> {
  const s = await openServices({ dataDir, partnerCenterUrl: null });
  try {
    const c = s.outbox.counts();
    return c.queued + c.sending;
  } finally {
    await s.close();
  }
}

const started = Date.now();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-soak-'));
const emulator = await startEmulatorProcess(Math.max(args.items, 50));
try {
  // 1. Enqueue N confirmations, each with its own contact, spread over the customers.
  const s = await openServices({ dataDir, partnerCenterUrl: emulator.url });
  const ids: string[] = [];
  for await (const page of s.client.listCustomers({ pageSize: 500 })) {
    s.customers.upsertMany(page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner })), 'soak', new Date().toISOString());
    ids.push(...page.items.map((c) => c.id.toLowerCase()));
  }
  for (let i = 0; i < args.items; i += 1) {
    saveConfirmation(s, ids[i % ids.length]!, { firstName: 'Soak', lastName: `Item${i}`, email: `soak-${i}@example.com`, dateAgreed: '2026-01-15' });
  }
  await s.close();

  // 2. Faults and throttling on.
  await admin(emulator.url, 'faults', { rate: args['fault-rate'], kinds: ['500', '503', 'timeout', 'reset', 'truncated', 'bad-json'] });
  await admin(emulator.url, 'throttle', { perPartner: args['rate-limit'] });

  // 3. Drain with the real CLI; SIGKILL it mid-drain, restart until it finishes by itself.
  // A kill is tied to progress, not to a timer: a fast machine would otherwise finish the drain
  // before a timer fires and the soak would prove nothing about interruptions. Each run is killed
  // after a random share (10–50 %) of the requests its remaining items need at the least (one
  // read each), so every planned kill lands while work is left.
  let kills = 0;
  let runs = 0;
  for (;;) {
    runs += 1;
    if (runs > args.kills + 50) throw new Error('the sync process did not finish after 50 restarts');
    const remaining = await remainingItems(dataDir);
    const requestsBefore = await requestCount(emulator.url);
    // Node itself runs the CLI (tsx as a loader, not its wrapper process): SIGKILL must hit the
    // process that syncs, not a parent that would leave it running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sync', '--data-dir', dataDir, '--emulator', emulator.url, '--lease-ms', '3000', '--timeout-ms', '1500', '--parallelism', String(args.parallelism),
      // A soak proves correctness, not the production retry pace (2 s doubling to 5 min).
      '--backoff-base-ms', '100', '--backoff-cap-ms', '3000'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    if (kills < args.kills && remaining >= 4) {
      const killAfter = Math.max(1, Math.floor(remaining * (0.1 + 0.4 * Math.random())));
      let done = false;
      void exited.then(() => (done = true));
      while (!done) {
        if ((await requestCount(emulator.url)) - requestsBefore >= killAfter && child.exitCode === null) {
          child.kill('SIGKILL');
          kills += 1;
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const code = await exited;
    if (code === 0) break;
    if (code !== null && !/could not be reached|unreachable/.test(stderr)) throw new Error(`sync exited with ${code}: ${stderr}`);
  }

  // 4. Count: from the local store (terminal states) and from the emulator's write record.
  await admin(emulator.url, 'faults', { rate: 0 });
  const check = await openServices({ dataDir, partnerCenterUrl: null });
  const counts = check.outbox.counts();
  const terminal = counts.confirmed + counts.alreadyConfirmed + counts.needsAttention;
  // Why items need attention, grouped, on stderr (the JSON line stays the one result on stdout).
  const reasons = new Map<string, number>();
  for (const item of check.outbox.list('needs-attention')) {
    const key = `${item.lastError?.httpStatus ?? '-'} ${item.lastError?.partnerCenterCode ?? '-'} ${item.lastError?.message ?? ''}`.slice(0, 160);
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  for (const [reason, n] of reasons) console.error(`needs attention ×${n}: ${reason}`);
  await check.close();
  const writes = (await admin(emulator.url, 'writes')) as { items: { method: string; path: string; status: number | null; body: unknown }[] };
  const created = new Map<string, number>();
  for (const w of writes.items) {
    if (w.method !== 'POST' || w.status !== 201 || !w.path.includes('/agreements')) continue;
    const email = (w.body as { primaryContact?: { email?: string } } | null)?.primaryContact?.email ?? '?';
    created.set(email, (created.get(email) ?? 0) + 1);
  }
  const duplicates = [...created.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const state = (await admin(emulator.url, 'state')) as { requests?: number; writes: number };
  const result = {
    items: args.items,
    confirmed: counts.confirmed,
    alreadyConfirmed: counts.alreadyConfirmed,
    needsAttention: counts.needsAttention,
    lost: args.items - terminal,
    duplicates,
    requests: state.requests ?? state.writes,
    kills,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  console.log(JSON.stringify(result));
  process.exitCode = result.lost === 0 && result.duplicates === 0 ? 0 : 1;
} finally {
  emulator.child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
