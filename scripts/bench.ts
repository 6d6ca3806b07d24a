/**
 * `npm run bench`: MCA Desk's speed claims, measured. Prints one JSON line per measure:
 * {name, unit, median, p99, ratio?, note?}. Run on generated data of 100,000 customers (the
 * emulator's deterministic seed). Options: --customers N (default 100000), --quick (smaller runs),
 * --only GROUP[,GROUP] (refresh, search, host, ui, enqueue, start, drain, import, coverage).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startEmulator } from '../src/emulator/index';
import { startBrowserHost } from '../src/browser-host/server';
import { startAppCore } from '../src/main/core/app-core';
import { refreshCustomers } from '../src/main/core/customers/refresh';
import { openProfile, type ProfileParts } from '../src/main/core/compose';
import { saveConfirmation } from '../src/main/core/features/confirmations';
import { CoverageRepo, CURRENT_TEMPLATE_KEY } from '../src/main/core/customers/coverage-repo';
import { writeTransaction } from '../src/main/core/store/database';
import { endpointAt, partnerCenterAt } from '../src/shells/partner-center';
import { profileDatabasePath, builtInSandbox } from '../src/main/core/profiles';
import { measureUiSearch } from './bench-ui';
import { decodeImportBytes } from '../src/shared/import-csv';

const GROUPS = ['refresh', 'search', 'host', 'ui', 'enqueue', 'start', 'drain', 'import', 'coverage'] as const;
type Group = (typeof GROUPS)[number];

const values = z
  .object({
    customers: z.coerce.number().int().positive().default(100_000),
    quick: z.boolean().default(false),
    only: z
      .string()
      .transform((v) => v.split(',').map((g) => g.trim()))
      .pipe(z.array(z.enum(GROUPS, { error: `--only takes measures from ${GROUPS.join(', ')}` })))
      .optional(),
  })
  .parse(parseArgs({ options: { customers: { type: 'string' }, quick: { type: 'boolean' }, only: { type: 'string' } }, strict: true }).values);
const CUSTOMERS = values.customers;
const QUICK = values.quick;
const ONLY: readonly string[] = values.only ?? [...GROUPS];
const want = (group: Group) => ONLY.includes(group);

const RENDERER_DIR = path.join(import.meta.dirname, '../out/renderer');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FRAME_MS = 1000 / 60;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
function report(name: string, unit: string, samples: number[], extra: Record<string, unknown> = {}): void {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(JSON.stringify({ name, unit, median: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), runs: samples.length, ...extra }));
}
const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `mca-bench-${label}-`));

// Realistic operator queries: name prefixes, accents left out, domains, a tenant id, two words.
const QUERIES = ['s', 'so', 'soc', 'socie', 'societe gen', 'muller', 'müller söhne', 'contoso', 'café', 'sao joao', 'lodz', '株式', 'ab', 'tech', 'global', 'group', 'onmicrosoft', 'sakuradenki.onmicrosoft.com', '0b5e1c7a-3f2d-4e8b-9c6a-000000000001', 'north', 'ltd', 'gmbh', 'sarl', 'x'];
// What an operator types into the search box, one character at a time.
const UI_QUERIES = ['societe gen', 'muller', 'contoso', 'sakuradenki.onmicrosoft.com', 'tech', 'lodz'];

/**
 * The emulator in a process of its own, as Partner Center is: in this process its latency timer
 * and its answers would wait for the refresh's synchronous page writes, and no fetch could overlap
 * a write.
 */
function startEmulatorProcess(customers: number, latencyMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', '--port', '0', '--customers', String(customers), '--latency-ms', String(latencyMs)], {
      cwd: path.join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, close: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

/** Full refresh (customer pages only) against the emulator with a set latency, vs pages × latency. */
async function benchRefresh(): Promise<void> {
  const LATENCY = 20;
  const emulator = await startEmulatorProcess(CUSTOMERS, LATENCY);
  const runs: number[] = [];
  let pages = 0;
  for (let run = 0; run < (QUICK ? 1 : 3); run += 1) {
    const s = await openProfile({ dataDir: tmp('refresh'), partnerCenter: endpointAt(emulator.url) });
    const started = performance.now();
    await refreshCustomers({ ...s, readStatuses: false, pageSize: 500, onProgress: () => undefined });
    runs.push(performance.now() - started);
    pages = Math.ceil(s.customers.count() / 500);
    await s.close();
  }
  await emulator.close();
  report('refresh.full', 'ms', runs, { customers: CUSTOMERS, pages, latencyMs: LATENCY, ratio: round(median(runs) / (pages * LATENCY), 2), note: 'ratio to the lower bound pages × latency' });

  // At 20 ms a page's write (~100 ms per 500 with its FTS5 entries) is the bound, not the network;
  // at a server's real pace the write overlaps the fetch of the next page. The same ratio there:
  const SMALL = Math.min(CUSTOMERS, 20_000);
  for (const latencyMs of QUICK ? [] : [100, 250]) {
    const slow = await startEmulatorProcess(SMALL, latencyMs);
    const s = await openProfile({ dataDir: tmp('refresh'), partnerCenter: endpointAt(slow.url) });
    const started = performance.now();
    await refreshCustomers({ ...s, readStatuses: false, pageSize: 500, onProgress: () => undefined });
    const ms = performance.now() - started;
    const smallPages = Math.ceil(s.customers.count() / 500);
    await s.close();
    await slow.close();
    report('refresh.full', 'ms', [ms], { customers: SMALL, pages: smallPages, latencyMs, ratio: round(ms / (smallPages * latencyMs), 2), note: 'ratio to the lower bound pages × latency' });
  }
}

/** Search latency in the core, and a naive LIKE '%q%' scan in the same run. */
function benchCoreSearch(s: ProfileParts): void {
  const searchSamples: number[] = [];
  const likeSamples: number[] = [];
  const like = s.db.prepare(`SELECT id, company_name, domain FROM customers WHERE company_name LIKE ? OR domain LIKE ? OR id LIKE ? ORDER BY company_name LIMIT 50`);
  // The naive scan takes ~0.4 s a query at a million: fewer rounds of it there.
  const likeRounds = QUICK || CUSTOMERS > 200_000 ? 3 : 20;
  for (let r = 0; r < (QUICK ? 3 : 20); r += 1) {
    for (const q of QUERIES) {
      let t = performance.now();
      s.customers.search(q, 50);
      searchSamples.push(performance.now() - t);
      if (r >= likeRounds) continue;
      t = performance.now();
      like.all(`%${q}%`, `%${q}%`, `%${q}%`);
      likeSamples.push(performance.now() - t);
    }
  }
  // The list with nothing typed (what the app shows at start, 40 then 500 rows, with the count).
  const listSamples: number[] = [];
  for (let r = 0; r < (QUICK ? 3 : 20); r += 1) {
    for (const limit of [40, 500]) {
      const t = performance.now();
      s.customers.search('', limit);
      listSamples.push(performance.now() - t);
    }
  }
  report('search.core-list', 'ms', listSamples, { customers: CUSTOMERS, note: 'empty query, limits 40 and 500: the first rows by name and the count of all' });
  report('search.core', 'ms', searchSamples, { customers: CUSTOMERS, queries: QUERIES.length, ratio: round(median(likeSamples) / median(searchSamples), 1), note: "ratio = naive LIKE '%q%' median / FTS median" });
  report('search.like-scan', 'ms', likeSamples, { customers: CUSTOMERS });
}

/** `npm run start:browser` (src/browser-host/cli.ts) on the profile in `dataDir`: the address it prints, with the secret. */
function startBrowserHostProcess(dataDir: string, partnerCenterUrl: string): Promise<{ openUrl: string; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/browser-host/cli.ts', '--port', '0', '--data-dir', dataDir, '--emulator', partnerCenterUrl, '--lang', 'en', '--renderer-dir', RENDERER_DIR], {
      cwd: path.join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /MCA Desk browser host: (http:\/\/\S+)/.exec(out);
      if (match) resolve({ openUrl: match[1]!, close: () => new Promise((done) => (child.once('exit', () => done()), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`the browser host exited with ${code}`)));
  });
}

/** Search through the browser host (the same contract as the app's IPC, over loopback HTTP), and in the real renderer. */
async function benchHostAndUi(dataDir: string, partnerCenterUrl: string): Promise<void> {
  const core = await startAppCore({ dataDir, partnerCenter: partnerCenterAt(partnerCenterUrl) });
  const host = await startBrowserHost({ core, rendererDir: RENDERER_DIR, secret: 'bench' });
  try {
    if (want('host')) {
      for (const limit of [50, 500]) {
        const samples: number[] = [];
        for (let r = 0; r < (QUICK ? 3 : 10); r += 1) {
          for (const q of QUERIES) {
            const t = performance.now();
            const response = await fetch(`${host.url}api/call/customers:search`, { method: 'POST', headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: JSON.stringify({ query: q, limit }) });
            await response.json();
            samples.push(performance.now() - t);
          }
        }
        report('search.browser-host', 'ms', samples, { customers: CUSTOMERS, limit, note: 'POST /api/call/customers:search on loopback: validation, search, JSON both ways' });
      }
      // The same calls over the page's WebSocket (src/shared/call-socket.ts), HTTP in turn for the ratio.
      const socket = new WebSocket(`${host.url.replace(/^http/, 'ws')}api/socket`);
      const answers: Array<(text: string) => void> = [];
      socket.addEventListener('message', (event) => answers.shift()?.(String(event.data)));
      const next = () => new Promise<string>((resolve) => answers.push(resolve));
      await new Promise((resolve, reject) => (socket.addEventListener('open', resolve), socket.addEventListener('error', reject)));
      const hello = next();
      socket.send(JSON.stringify({ secret: 'bench' }));
      if ((await hello) !== '{"ready":true}') throw new Error('the browser host refused the bench\'s socket');
      for (const limit of [50, 500]) {
        const overSocket: number[] = [];
        const overHttp: number[] = [];
        let id = 0;
        for (let r = 0; r < (QUICK ? 3 : 10); r += 1) {
          for (const q of QUERIES) {
            let t = performance.now();
            const answer = next();
            socket.send(JSON.stringify({ id: id++, channel: 'customers:search', input: { query: q, limit } }));
            JSON.parse(await answer);
            overSocket.push(performance.now() - t);
            t = performance.now();
            const response = await fetch(`${host.url}api/call/customers:search`, { method: 'POST', headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: JSON.stringify({ query: q, limit }) });
            await response.json();
            overHttp.push(performance.now() - t);
          }
        }
        report('search.browser-host.socket', 'ms', overSocket, { customers: CUSTOMERS, limit, ratio: round(median(overSocket) / median(overHttp), 2), note: 'customers:search over the WebSocket on loopback; ratio = median / the same calls over POST in turn' });
      }
      socket.close();
    }
    if (want('ui')) {
      if (!fs.existsSync(CHROMIUM)) {
        console.log(JSON.stringify({ name: 'search.ui', skipped: `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)` }));
        return;
      }
      // The host in a process of its own, as `npm run start:browser` runs it: in this process its
      // answers waited for Playwright's own traffic with the browser (the keyup, its CDP events).
      // Calls over the page's WebSocket (the app's way) and over HTTP (its fallback), round by
      // round in turn: the ratio holds on a machine whose load changes during the run.
      const child = await startBrowserHostProcess(dataDir, partnerCenterUrl);
      const ui: Awaited<ReturnType<typeof measureUiSearch>> = [];
      const overHttp: typeof ui = [];
      try {
        for (let r = 0; r < (QUICK ? 1 : 5); r += 1) {
          ui.push(...(await measureUiSearch(child.openUrl, UI_QUERIES, { rounds: 1 })));
          overHttp.push(...(await measureUiSearch(child.openUrl, UI_QUERIES, { rounds: 1, transport: 'http' })));
        }
      } finally {
        await child.close();
      }
      const summary = (samples: typeof ui) => {
        const totals = samples.map((x) => x.total);
        return {
          p95: round(quantile([...totals].sort((a, b) => a - b), 0.95), 1),
          ratio: round(median(totals) / FRAME_MS, 2),
          commit: { median: round(median(samples.map((x) => x.commit)), 1), p95: round(quantile(samples.map((x) => x.commit).sort((a, b) => a - b), 0.95), 1) },
          parts: { beforeRequest: round(median(samples.map((x) => x.beforeRequest)), 1), request: round(median(samples.map((x) => x.request)), 1), render: round(median(samples.map((x) => x.render)), 1) },
          transport: Object.fromEntries(['socket', 'http', 'none'].map((t) => [t, samples.filter((x) => x.transport === t).length]).filter(([, n]) => n)),
        };
      };
      const totals = ui.map((x) => x.total);
      report('search.ui', 'ms', totals, {
        customers: CUSTOMERS,
        ...summary(ui),
        overHttp: { median: round(median(overHttp.map((x) => x.total)), 1), ...summary(overHttp) },
        socketToHttp: round(median(totals) / median(overHttp.map((x) => x.total)), 2),
        loadAverage: round(os.loadavg()[0] ?? 0, 1),
        note: 'one sample per keystroke: keydown to the frame after its results are painted (commit: to the results in the DOM), Chromium 1366×860, the browser host in its own process; ratio = median / one frame (16.7 ms); parts are medians (request: over the socket, send() to the answer\'s message event; over HTTP, Resource Timing); overHttp: the same with the socket refused (the fallback), rounds in turn; socketToHttp = median / overHttp median',
      });
    }
  } finally {
    await host.close();
    await core.close();
  }
}

/** Enqueue latency, durable (synchronous=FULL, WAL): the time until "saved" is true on disk. */
function benchEnqueue(s: ProfileParts): void {
  const ids = (s.db.prepare('SELECT id FROM customers LIMIT 500').all() as { id: string }[]).map((r) => r.id);
  const samples: number[] = [];
  for (let i = 0; i < (QUICK ? 100 : 1000); i += 1) {
    const t = performance.now();
    saveConfirmation(s, ids[i % ids.length]!, { firstName: 'Bench', lastName: `Item${i}`, email: `bench-${i}@example.com`, dateAgreed: '2026-01-15' });
    samples.push(performance.now() - t);
  }
  report('enqueue.durable', 'ms', samples, { note: 'confirmation + queue item + audit entry in one transaction, synchronous=FULL' });
}

/**
 * Bulk import: the preview of a 10,000-row file (the limit) through the app's call, as the
 * dialog and the CLI make it — decode, parse, check every row, find each customer in the cache,
 * the duplicates and the queue, validation of the answer. Half the rows name the customer by
 * domain, half by tenant id; every tenth row has an error.
 */
async function benchImport(dataDir: string, partnerCenterUrl: string): Promise<void> {
  const ROWS = 10_000;
  const core = await startAppCore({ dataDir, partnerCenter: partnerCenterAt(partnerCenterUrl), background: false });
  try {
    const customers = core.internals.db.prepare('SELECT id, domain FROM customers ORDER BY seq LIMIT ?').all(ROWS) as { id: string; domain: string }[];
    const lines = Array.from({ length: ROWS }, (_, i) => {
      const c = customers[i % customers.length]!;
      const who = i % 2 === 0 ? c.id : c.domain;
      return `${who};Person;"Bench ${i}";${i % 10 === 9 ? 'not-an-email' : `bench.${i}@example.com`};+33 1 42 68 53 00;05/01/2026`;
    });
    const bytes = new TextEncoder().encode(`\uFEFFclient;prénom;nom;e-mail;téléphone;date\r\n${lines.join('\r\n')}\r\n`);
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < (QUICK ? 3 : 15); r += 1) {
      const t = performance.now();
      const c = process.cpuUsage();
      const result = await core.dispatch('importPreview', { text: decodeImportBytes(bytes) });
      samples.push(performance.now() - t);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      if (!result.ok || (result.value as { valid: number }).valid !== ROWS - ROWS / 10) throw new Error(`import preview: unexpected answer ${JSON.stringify(result).slice(0, 300)}`);
    }
    report('import.preview', 'ms', samples, {
      rows: ROWS,
      customers: CUSTOMERS,
      bytes: bytes.length,
      ratio: round(median(samples) / 1000, 2),
      cpuMedian: round(median(cpu), 1),
      note: 'importPreview of a 10,000-row CSV through dispatch (input and output validated); ratio = median / the 1 s budget; cpuMedian: the process\'s CPU time per preview (user + system), which a busy machine does not inflate',
    });
  } finally {
    await core.close();
  }
}

/**
 * Coverage counts (issue 13): one GROUP BY over the cache and the outbox with the status rule,
 * on statuses spread like the emulator's seed (40% none, 35% partner records — a tenth of them on
 * an earlier template —, 25% direct) and 2,000 queued confirmations; and the first page of the
 * "Not confirmed" list (subscriptions first), read the same way.
 */
function benchCoverage(s: ProfileParts): void {
  const ids = (s.db.prepare('SELECT id FROM customers ORDER BY seq').all() as { id: string }[]).map((r) => r.id);
  const CURRENT = 'current-template';
  writeTransaction(s.db, () => {
    ids.forEach((id, i) => {
      const roll = i % 20;
      const record = { contact: { firstName: 'A', lastName: 'B', email: 'a@b.example' }, dateAgreed: '2022-05-01', templateId: roll === 8 ? 'earlier-template' : CURRENT };
      s.statuses.save(id, { partnerRecords: roll >= 8 && roll < 15 ? [record] : [], directlySigned: roll >= 15, verifiedAt: '2026-12-01T00:00:00.000Z' });
    });
  });
  for (let i = 0; i < 2000; i += 1) saveConfirmation(s, ids[(i * 37) % ids.length]!, { firstName: 'Bench', lastName: `Coverage${i}`, email: `coverage-${i}@example.com`, dateAgreed: '2026-01-15' });
  s.meta.set(CURRENT_TEMPLATE_KEY, CURRENT);
  const repo = new CoverageRepo(s.db);
  const counts: number[] = [];
  const lists: number[] = [];
  // CPU time too: on a shared 2-core machine the wall time mostly measures the other processes.
  const countsCpu: number[] = [];
  const listsCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1000;
  };
  let last = repo.counts(CURRENT);
  for (let r = 0; r < (QUICK ? 3 : 15); r += 1) {
    let c = process.cpuUsage();
    let t = performance.now();
    last = repo.counts(CURRENT);
    counts.push(performance.now() - t);
    countsCpu.push(cpuMs(c));
    c = process.cpuUsage();
    t = performance.now();
    repo.list('not-confirmed', CURRENT, 500);
    lists.push(performance.now() - t);
    listsCpu.push(cpuMs(c));
  }
  const load = round(os.loadavg()[0] ?? 0, 1);
  report('coverage.counts', 'ms', counts, { customers: CUSTOMERS, cpuMedian: round(median(countsCpu), 1), loadAverage: load, counts: last, note: 'GROUP BY over customers + mca_status + outbox (STATUS_SQL), earlier versions included' });
  report('coverage.list', 'ms', lists, { customers: CUSTOMERS, cpuMedian: round(median(listsCpu), 1), loadAverage: load, note: 'first 500 of "Not confirmed", subscriptions first, and its total' });
}

/** Cold start and memory of the core alone, each in a fresh process. */
function benchColdStart(dataDir: string): void {
  const file = profileDatabasePath(dataDir, builtInSandbox);
  const runs: { coldMs: number; rssMb: number }[] = [];
  for (let run = 0; run < (QUICK ? 3 : 7); run += 1) {
    const out = execFileSync(path.join(import.meta.dirname, '../node_modules/.bin/tsx'), [path.join(import.meta.dirname, 'bench-core-child.ts'), file, ...QUERIES], { encoding: 'utf8' });
    runs.push(JSON.parse(out.trim().split('\n').at(-1)!) as { coldMs: number; rssMb: number });
  }
  report('start.core-cold', 'ms', runs.map((c) => c.coldMs), { customers: CUSTOMERS, note: 'fresh process: open + migration check + first search (OS file cache warm)' });
  report('memory.core-rss', 'MB', runs.map((c) => c.rssMb), { customers: CUSTOMERS, note: 'fresh process after opening and 5 rounds of the query set (includes Node itself, ~45 MB)' });
}

/**
 * Drain throughput against the emulator's rate limit: one drain of `items` confirmations (the
 * `slice`-th run of that many customers) by the profile in `dataDir` — a fresh one, or one that
 * drained before (a new emulator each time: fresh windows, the same seed); seconds, requests
 * sent (429s included), answered ones and 429s.
 */
async function drainOnce(items: number, rate: number, dataDir = tmp('drain'), slice = 0): Promise<{ seconds: number; requests: number; answered: number; throttled: number }> {
  const emulator = await startEmulator({ port: 0, customers: items * (slice + 1), rateLimit: rate });
  const d = await openProfile({ dataDir, partnerCenter: endpointAt(emulator.url), sync: { parallelism: 8 } });
  try {
    const ids: string[] = [];
    for await (const page of d.client.listCustomers({ pageSize: 500 })) {
      d.customers.upsertMany(page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner })), 'bench', new Date().toISOString());
      ids.push(...page.items.map((c) => c.id.toLowerCase()));
    }
    for (let i = slice * items; i < (slice + 1) * items; i += 1) saveConfirmation(d, ids[i]!, { firstName: 'Drain', lastName: `Item${i}`, email: `drain-${i}@example.com`, dateAgreed: '2026-01-15' });
    const state = async () => (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as { requests: number; throttled: number };
    const before = await state();
    const t = performance.now();
    d.engine.kick();
    for (;;) {
      await d.engine.idle();
      const c = d.outbox.counts();
      if (c.queued + c.sending === 0) break;
      await new Promise((r) => setTimeout(r, 50));
      d.engine.kick();
    }
    const seconds = (performance.now() - t) / 1000;
    const after = await state();
    const requests = after.requests - before.requests;
    const throttled = after.throttled - before.throttled;
    return { seconds, requests, answered: requests - throttled, throttled };
  } finally {
    await d.close();
    await emulator.close();
  }
}

async function benchDrain(): Promise<void> {
  const RATE = 50;
  const ITEMS = QUICK ? 60 : 300;
  const RUNS = QUICK ? 1 : 3;
  // Cold: the first drain of a fresh profile (no limit known). The first of them is the profile
  // the warm runs reopen: each a new run of the app on the same data dir, that drained before.
  const warmDir = tmp('drain-warm');
  const cold: Awaited<ReturnType<typeof drainOnce>>[] = [];
  for (let i = 0; i < RUNS; i += 1) cold.push(await drainOnce(ITEMS, RATE, i === 0 ? warmDir : tmp('drain')));
  const warm: Awaited<ReturnType<typeof drainOnce>>[] = [];
  for (let i = 1; i <= RUNS; i += 1) warm.push(await drainOnce(ITEMS, RATE, warmDir, i));
  // The same drain with no limit: below the limit, the machine (2 shared cores) was the bound.
  const free = await drainOnce(ITEMS, 0);
  const ratio = (r: Awaited<ReturnType<typeof drainOnce>>) => r.answered / r.seconds / RATE;
  const summary = (runs: Awaited<ReturnType<typeof drainOnce>>[]) => ({
    ratio: round(median(runs.map(ratio)), 2),
    requests: median(runs.map((r) => r.requests)),
    throttled: median(runs.map((r) => r.throttled)),
    throttledShare: round(median(runs.map((r) => r.throttled / r.requests)), 4),
    perRun: runs.map((r) => ({ ratio: round(ratio(r), 3), requests: r.requests, throttled: r.throttled })),
  });
  const all = [...cold, ...warm];
  report('drain.throughput', 'items/s', all.map((r) => ITEMS / r.seconds), {
    items: ITEMS,
    rateLimit: RATE,
    cold: summary(cold),
    warm: summary(warm),
    requestsMedian: median(all.map((r) => r.requests)),
    unlimitedRatio: round(free.answered / free.seconds / RATE, 2),
    loadAverage: round(os.loadavg()[0] ?? 0, 1),
    note: 'cold = the first drain of a fresh profile (no limit known yet); warm = a drain of a profile that drained before, reopened (the pace it learnt kept in its database); each: ratio = answered (not 429) requests per second / the emulator rate limit per partner, requests = sent per run (429s included), throttled = 429s per run, throttledShare = 429s / requests — medians of the runs; median/p99 (items/s) and requestsMedian over cold and warm runs; unlimitedRatio = the same drain without a limit, one run (below 1: the machine, not the limit, was the bound)',
  });
}

async function main(): Promise<void> {
  if (want('ui') && !fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error(`no built renderer in ${RENDERER_DIR}: run "npm run build" first (npm run bench does)`);
  if (want('refresh')) await benchRefresh();
  if (want('drain')) await benchDrain();
  if (!['search', 'host', 'ui', 'enqueue', 'start', 'import', 'coverage'].some((g) => want(g as Group))) return;

  // The measured profile, filled once from the emulator.
  const emulator = await startEmulator({ port: 0, customers: CUSTOMERS, latencyMs: 0 });
  const dataDir = tmp('data');
  try {
    const s: ProfileParts = await openProfile({ dataDir, partnerCenter: endpointAt(emulator.url) });
    // A first load at no latency: its writes and its index build, at this size.
    const started = performance.now();
    let indexingAt = NaN;
    await refreshCustomers({ ...s, readStatuses: false, pageSize: 500, onProgress: (p) => void (p.phase === 'indexing' && Number.isNaN(indexingAt) && (indexingAt = performance.now())) });
    const loadedMs = performance.now() - started;
    console.log(JSON.stringify({ name: 'setup.first-load', unit: 's', customers: CUSTOMERS, pages: Math.ceil(CUSTOMERS / 500), seconds: round(loadedMs / 1000, 1), indexingSeconds: round((started + loadedMs - indexingAt) / 1000, 2), databaseMb: round(fs.statSync(profileDatabasePath(dataDir, builtInSandbox)).size / 1e6, 0), note: 'the profile measured below, filled from the emulator in this process at no latency: pages written without their indexes, then the indexes built (indexingSeconds: from the last page to the index complete, in chunks that leave the thread between them)' }));
    if (want('search')) benchCoreSearch(s);
    if (want('host') || want('ui')) await benchHostAndUi(dataDir, emulator.url);
    if (want('enqueue')) benchEnqueue(s);
    if (want('import')) await benchImport(dataDir, emulator.url);
    if (want('coverage')) benchCoverage(s);
    await s.close();
    if (want('start')) benchColdStart(dataDir);
  } finally {
    await emulator.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const benchStarted = performance.now();
await main();
console.log(JSON.stringify({ name: 'bench.total', unit: 's', seconds: round((performance.now() - benchStarted) / 1000, 0), customers: CUSTOMERS, only: ONLY }));
