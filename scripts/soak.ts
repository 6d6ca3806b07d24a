/**
 * `npm run soak -- --items N --fault-rate F --kills K [--requests Q] [--seed S] [--parallelism P] [--rate-limit R]`
 *
 * Proof that the queue loses nothing and sends nothing twice, counted from what Partner Center
 * holds, not from its answers or the local states. N confirmations are saved as operators save
 * them: most for customers with no acceptance (sent), some re-confirming customers whose records
 * the operator had in front of them (sent too), a few saved offline for customers who had
 * accepted meanwhile (held back as "already confirmed"). They are drained with the real CLI
 * (`mca-desk sync`) against a standalone emulator with faults at rate F — also the ones that hit
 * after the write (timeout, reset, truncated answer, bad JSON) — and throttling on, and the
 * syncing process is SIGKILLed K times mid-drain and started again at once (its leases are taken
 * back because its process is gone, not because they ran out).
 *
 * Beside them, Q acceptance requests (default N / 10): created at Partner Center, accepted by the
 * customer on Microsoft's page at random times (the emulator's admin API), then turned into
 * agreements by the queue — under the same faults and kills.
 *
 * Then every customer's records are read from the emulator:
 * - lost: a confirmation that should be on Partner Center and is not (and does not say why in
 *   "needs attention"), or an item left unsettled;
 * - duplicates: a contact recorded more than once for a customer;
 * - unwanted: a confirmation held back (not seen by the operator) that was sent all the same;
 * - for requests, from the emulator's attestations too: one attestation per request, one
 *   agreement per signatory.
 * Prints one JSON line {items, sent, reconfirmed, alreadyConfirmed, requested, accepted,
 * needsAttention, lost, duplicates, unwanted, requests, kills, seconds}; exits 1 unless lost,
 * duplicates and unwanted are 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { AgreementRecord, Contact } from '../src/shared/domain';
import { openProfile } from '../src/main/core/compose';
import { saveConfirmation } from '../src/main/core/features/confirmations';
import { endpointAt } from '../src/shells/partner-center';
import { sameContact } from '../src/main/core/sync/agreements-port';

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
    requests: z.coerce.number().int().min(0).optional(),
  })
  .parse(
    parseArgs({
      options: { items: { type: 'string' }, 'fault-rate': { type: 'string' }, kills: { type: 'string' }, seed: { type: 'string' }, parallelism: { type: 'string' }, 'rate-limit': { type: 'string' }, requests: { type: 'string' } },
      strict: true,
    }).values,
  );

const REQUESTS = args.requests ?? Math.round(args.items / 10);

/** How the N items are split: sent to customers with no acceptance, re-confirmations, saved blind. */
const SHARE = { reconfirm: 0.25, blind: 0.1 };
type Kind = 'send' | 'reconfirm' | 'blind';

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
async function remainingItems(dataDir: string): Promise<{ toSend: number; waiting: number }> {
  const s = await openProfile({ dataDir, partnerCenter: null });
  try {
    const c = s.outbox.counts();
    return { toSend: c.queued + c.sending, waiting: c.waitingForCustomer };
  } finally {
    await s.close();
  }
}

type SoakAttestation = { attestationId: string; customerTenantId: string; signatoryEmail: string; status: string; usedForAgreement: boolean };

/**
 * The customers: each pending attestation is accepted on a tick with some chance, so acceptances
 * land at random times — before, during and between the sync runs and their kills.
 */
function customersAccepting(url: string): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      const pending = ((await admin(url, 'attestations?status=Pending')) as { items: SoakAttestation[] }).items;
      for (const a of pending) if (Math.random() < 0.3) await admin(url, `attestations/${a.attestationId}/accept`, {});
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Runs `work` over `items`, `width` at a time. */
async function eachLimited<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const next = items[Symbol.iterator]();
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let step = next.next(); !step.done; step = next.next()) await work(step.value);
    }),
  );
}

const started = Date.now();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mca-soak-'));
// About 40 % of generated customers hold no acceptance: enough of them for every plain send.
const emulator = await startEmulatorProcess(Math.max(Math.ceil(args.items * 2.5), 100));
try {
  // 1. Save N confirmations as operators do: against what the account panel showed them.
  const s = await openProfile({ dataDir, partnerCenter: endpointAt(emulator.url) });
  const ids: string[] = [];
  for await (const page of s.client.listCustomers({ pageSize: 500 })) {
    s.customers.upsertMany(page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner })), 'soak', new Date().toISOString());
    ids.push(...page.items.map((c) => c.id.toLowerCase()));
  }
  const status = new Map<string, { records: AgreementRecord[]; directlySigned: boolean }>();
  await eachLimited(ids, 16, async (id) => {
    const [records, directlySigned] = await Promise.all([s.agreements.customerAgreements(id, {}), s.agreements.directlySigned(id, {})]);
    status.set(id, { records, directlySigned });
  });
  const none = ids.filter((id) => status.get(id)!.records.length === 0 && !status.get(id)!.directlySigned);
  // The last customers with no acceptance get requests (their signatory accepts on the page).
  const requested = none.splice(none.length - REQUESTS, REQUESTS);
  if (requested.length !== REQUESTS) throw new Error(`the emulator's customers allow only ${requested.length} of ${REQUESTS} requests`);
  const confirmed = ids.filter((id) => status.get(id)!.records.length > 0);
  const counts = { reconfirm: Math.floor(args.items * SHARE.reconfirm), blind: Math.floor(args.items * SHARE.blind) };
  const plan: { kind: Kind; customerId: string }[] = [
    ...confirmed.slice(0, counts.reconfirm).map((customerId) => ({ kind: 'reconfirm' as const, customerId })),
    ...confirmed.slice(counts.reconfirm, counts.reconfirm + counts.blind).map((customerId) => ({ kind: 'blind' as const, customerId })),
  ];
  plan.push(...none.slice(0, args.items - plan.length).map((customerId) => ({ kind: 'send' as const, customerId })));
  if (plan.length !== args.items) throw new Error(`the emulator's customers allow only ${plan.length} of ${args.items} items`);
  const saved: { kind: Kind; customerId: string; contact: Contact }[] = [];
  for (const [i, p] of plan.entries()) {
    // The panel shows what was read (sends and re-confirmations); a blind save was made offline
    // on a customer never read on this computer.
    const read = status.get(p.customerId)!;
    if (p.kind !== 'blind') s.statuses.save(p.customerId, { partnerRecords: read.records, directlySigned: read.directlySigned, verifiedAt: new Date().toISOString() });
    const contact = { firstName: 'Soak', lastName: `Item${i}`, email: `soak-${i}@example.com` };
    saveConfirmation(s, p.customerId, { ...contact, dateAgreed: '2026-01-15' });
    saved.push({ ...p, contact });
  }
  const asked = requested.map((customerId, i) => {
    const signatory = { firstName: 'Soak', lastName: `Request${i}`, email: `soak-request-${i}@example.com` };
    const customer = s.customers.get(customerId)!;
    s.outbox.enqueueRequest(customer, { way: 'attestation', signatory, companyName: customer.companyName, country: 'FR', language: 'fr' }, 'operator:soak', new Date().toISOString());
    return { customerId, signatory };
  });
  await s.close();
  const customers = customersAccepting(emulator.url);

  // 2. Faults and throttling on.
  await admin(emulator.url, 'faults', { rate: args['fault-rate'], kinds: ['500', '503', 'timeout', 'reset', 'truncated', 'bad-json'] });
  await admin(emulator.url, 'throttle', { perPartner: args['rate-limit'] });

  // 3. Drain with the real CLI; SIGKILL it mid-drain, restart until it finishes by itself.
  // A kill is tied to progress, not to a timer: a fast machine would otherwise finish the drain
  // before a timer fires and the soak would prove nothing about interruptions. Each run is killed
  // after a random share (10–50 %) of the requests its remaining items need at the least (one
  // read each), so every planned kill lands while work is left. Leases are the default two
  // minutes: a restart must take them back because the killed process is gone.
  let kills = 0;
  let runs = 0;
  for (;;) {
    runs += 1;
    if (runs > args.kills + 400) throw new Error('the sync process did not finish after 400 runs');
    const left = await remainingItems(dataDir);
    // Done when nothing is left to send and no request still waits for its customer.
    if (runs > 1 && left.toSend + left.waiting === 0) break;
    const remaining = left.toSend + left.waiting;
    const requestsBefore = await requestCount(emulator.url);
    // Node itself runs the CLI (tsx as a loader, not its wrapper process): SIGKILL must hit the
    // process that syncs, not a parent that would leave it running.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sync', '--data-dir', dataDir, '--emulator', emulator.url, '--timeout-ms', '1500', '--parallelism', String(args.parallelism),
      // A soak proves correctness, not the production retry pace (2 s doubling to 5 min).
      '--backoff-base-ms', '100', '--backoff-cap-ms', '3000',
      // Customers answer within seconds here: check often (in production, a minute growing to 15).
      '--poll-first-ms', '300', '--poll-cap-ms', '1500'], {
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
    if (code !== 0 && code !== null && !/could not be reached|unreachable/.test(stderr)) throw new Error(`sync exited with ${code}: ${stderr}`);
    // "sync" ends when only requests waiting for customers are left: wait for the next check.
    if (code === 0 && (await remainingItems(dataDir)).waiting > 0) await new Promise((r) => setTimeout(r, 300));
  }
  await customers.stop();

  // 4. Count from Partner Center's records (faults and throttling off), and the local states.
  const requests = await requestCount(emulator.url);
  await admin(emulator.url, 'faults', { rate: 0 });
  await admin(emulator.url, 'throttle', { perPartner: 0 });
  const check = await openProfile({ dataDir, partnerCenter: endpointAt(emulator.url) });
  const local = check.outbox.counts();
  const unsettled = local.queued + local.sending;
  // Why items need attention, grouped, on stderr (the JSON line stays the one result on stdout).
  const reasons = new Map<string, number>();
  for (const item of check.outbox.list('needs-attention')) {
    const key = `${item.lastError?.httpStatus ?? '-'} ${item.lastError?.partnerCenterCode ?? '-'} ${item.lastError?.message ?? ''}`.slice(0, 160);
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  for (const [reason, n] of reasons) console.error(`needs attention ×${n}: ${reason}`);
  // Needs attention is not lost (the operator sees it, with the reason); only a silent gap is.
  const attention = new Set(check.outbox.list('needs-attention').map((i) => i.contact.email));
  const held = new Map<string, AgreementRecord[]>();
  await eachLimited([...new Set(saved.map((x) => x.customerId))], 16, async (id) => {
    held.set(id, await check.agreements.customerAgreements(id, {}));
  });
  const requestHeld = new Map<string, AgreementRecord[]>();
  await eachLimited(asked.map((a) => a.customerId), 16, async (id) => {
    requestHeld.set(id, await check.agreements.customerAgreements(id, {}));
  });
  await check.close();
  let lost = unsettled + local.waitingForCustomer;
  let duplicates = 0;
  let unwanted = 0;
  const onRecord = { send: 0, reconfirm: 0 };
  for (const item of saved) {
    const times = held.get(item.customerId)!.filter((r) => sameContact(r.contact, item.contact)).length;
    if (times > 1) duplicates += times - 1;
    if (item.kind === 'blind') unwanted += Math.min(times, 1);
    else if (times === 0) lost += attention.has(item.contact.email) ? 0 : 1;
    else onRecord[item.kind] += 1;
  }
  // Requests: one attestation each (a create whose answer was lost reused its MS-RequestId),
  // and the signatory on record exactly once.
  const attestations = ((await admin(emulator.url, 'attestations')) as { items: SoakAttestation[] }).items;
  let accepted = 0;
  for (const a of asked) {
    const made = attestations.filter((x) => x.customerTenantId === a.customerId && x.signatoryEmail === a.signatory.email).length;
    if (made > 1) console.error(`request for ${a.customerId}: ${made} attestations`);
    if (made > 1) duplicates += made - 1;
    const times = requestHeld.get(a.customerId)!.filter((r) => sameContact(r.contact, a.signatory)).length;
    if (times > 1) duplicates += times - 1;
    if (times === 0) lost += attention.has(a.signatory.email) ? 0 : 1;
    else accepted += 1;
  }
  const result = {
    items: args.items,
    sent: onRecord.send,
    reconfirmed: onRecord.reconfirm,
    alreadyConfirmed: local.alreadyConfirmed,
    requested: REQUESTS,
    accepted,
    needsAttention: local.needsAttention,
    lost,
    duplicates,
    unwanted,
    requests,
    kills,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  console.log(JSON.stringify(result));
  process.exitCode = result.lost === 0 && result.duplicates === 0 && result.unwanted === 0 ? 0 : 1;
} finally {
  emulator.child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
