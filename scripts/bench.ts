/**
 * `npm run bench`: MCA Desk's speed claims, measured. Prints one JSON line per measure:
 * {name, unit, median, p99, ratio?, note?}. Run on generated data of 100,000 customers (the
 * emulator's deterministic seed). Options: --customers N (default 100000), --quick (smaller runs).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startEmulator } from '../src/emulator/index';
import { startBrowserHost } from '../src/browser-host/server';
import { startAppCore } from '../src/main/core/app-core';
import { refreshCustomers } from '../src/main/core/customers/refresh';
import { openServices, saveConfirmation, type Services } from '../src/main/core/services';
import { profileDatabasePath, builtInSandbox } from '../src/main/core/profiles';

const { values } = parseArgs({ options: { customers: { type: 'string' }, quick: { type: 'boolean' } }, strict: true });
const CUSTOMERS = Number(values.customers ?? 100_000);
const QUICK = values.quick === true;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
function report(name: string, unit: string, samples: number[], extra: Record<string, unknown> = {}): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  console.log(JSON.stringify({ name, unit, median: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), runs: samples.length, ...extra }));
}
const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `mca-bench-${label}-`));

// Realistic operator queries: name prefixes, accents left out, domains, a tenant id, two words.
const QUERIES = ['s', 'so', 'soc', 'socie', 'societe gen', 'muller', 'müller söhne', 'contoso', 'café', 'sao joao', 'lodz', '株式', 'ab', 'tech', 'global', 'group', 'onmicrosoft', 'sakuradenki.onmicrosoft.com', '0b5e1c7a-3f2d-4e8b-9c6a-000000000001', 'north', 'ltd', 'gmbh', 'sarl', 'x'];

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0, customers: CUSTOMERS, latencyMs: 0 });
  const dataDir = tmp('data');
  try {
    // 1. Full refresh (customer pages only) against the emulator with a set latency, vs pages × latency.
    const LATENCY = 20;
    const refreshEmu = await startEmulator({ port: 0, customers: CUSTOMERS, latencyMs: LATENCY });
    const refreshRuns: number[] = [];
    let pages = 0;
    for (let run = 0; run < (QUICK ? 1 : 3); run += 1) {
      const s = await openServices({ dataDir: tmp('refresh'), partnerCenterUrl: refreshEmu.url });
      const started = performance.now();
      await refreshCustomers({ ...s, readStatuses: false, pageSize: 500, onProgress: () => undefined });
      refreshRuns.push(performance.now() - started);
      pages = Math.ceil(s.customers.count() / 500);
      await s.close();
    }
    await refreshEmu.close();
    report('refresh.full', 'ms', refreshRuns, { customers: CUSTOMERS, pages, latencyMs: LATENCY, ratio: Math.round((refreshRuns.sort((a, b) => a - b)[Math.floor(refreshRuns.length / 2)]! / (pages * LATENCY)) * 100) / 100, note: 'ratio to the lower bound pages × latency' });

    // Fill the measured profile once.
    const s: Services = await openServices({ dataDir, partnerCenterUrl: emulator.url });
    await refreshCustomers({ ...s, readStatuses: false, pageSize: 500, onProgress: () => undefined });

    // 2. Search latency in the core, and a naive LIKE '%q%' scan in the same run.
    const searchSamples: number[] = [];
    const likeSamples: number[] = [];
    const like = s.db.prepare(`SELECT id, company_name, domain FROM customers WHERE company_name LIKE ? OR domain LIKE ? OR id LIKE ? ORDER BY company_name LIMIT 50`);
    for (let round = 0; round < (QUICK ? 3 : 20); round += 1) {
      for (const q of QUERIES) {
        let t = performance.now();
        s.customers.search(q, 50);
        searchSamples.push(performance.now() - t);
        t = performance.now();
        like.all(`%${q}%`, `%${q}%`, `%${q}%`);
        likeSamples.push(performance.now() - t);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    report('search.core', 'ms', searchSamples, { customers: CUSTOMERS, queries: QUERIES.length, ratio: Math.round((med(likeSamples) / med(searchSamples)) * 10) / 10, note: "ratio = naive LIKE '%q%' median / FTS median" });
    report('search.like-scan', 'ms', likeSamples, { customers: CUSTOMERS });

    // 4. Search through the browser host: the same contract as the app's IPC, over loopback HTTP.
    const host = await startBrowserHost({ core: await startAppCore({ dataDir, partnerCenterUrl: emulator.url }), rendererDir: tmp('renderer'), secret: 'bench' });
    const roundTrip: number[] = [];
    for (let round = 0; round < (QUICK ? 3 : 10); round += 1) {
      for (const q of QUERIES) {
        const t = performance.now();
        const response = await fetch(`${host.url}api/call/customers:search`, { method: 'POST', headers: { authorization: 'Bearer bench', 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
        await response.json();
        roundTrip.push(performance.now() - t);
      }
    }
    await host.close();
    report('search.browser-host', 'ms', roundTrip, { customers: CUSTOMERS, note: 'POST /api/call/customers:search on loopback: validation, search, JSON both ways' });
    // 3. Enqueue latency, durable (synchronous=FULL, WAL): the time until "saved" is true on disk.
    const ids = (s.db.prepare('SELECT id FROM customers LIMIT 500').all() as { id: string }[]).map((r) => r.id);
    const enqueueSamples: number[] = [];
    for (let i = 0; i < (QUICK ? 100 : 1000); i += 1) {
      const t = performance.now();
      saveConfirmation(s, ids[i % ids.length]!, { firstName: 'Bench', lastName: `Item${i}`, email: `bench-${i}@example.com`, dateAgreed: '2026-01-15' });
      enqueueSamples.push(performance.now() - t);
    }
    report('enqueue.durable', 'ms', enqueueSamples, { note: 'confirmation + queue item + audit entry in one transaction, synchronous=FULL' });

    await s.close();

    // 5. Cold start and memory of the core alone, each in a fresh process.
    const file = profileDatabasePath(dataDir, builtInSandbox);
    const child: { coldMs: number; rssMb: number }[] = [];
    for (let run = 0; run < (QUICK ? 3 : 7); run += 1) {
      const out = execFileSync(path.join(import.meta.dirname, '../node_modules/.bin/tsx'), [path.join(import.meta.dirname, 'bench-core-child.ts'), file, ...QUERIES], { encoding: 'utf8' });
      child.push(JSON.parse(out.trim().split('\n').at(-1)!) as { coldMs: number; rssMb: number });
    }
    report('start.core-cold', 'ms', child.map((c) => c.coldMs), { customers: CUSTOMERS, note: 'fresh process: open + migration check + first search (OS file cache warm)' });
    report('memory.core-rss', 'MB', child.map((c) => c.rssMb), { customers: CUSTOMERS, note: 'fresh process after opening and 5 rounds of the query set (includes Node itself, ~45 MB)' });

    // 6. Drain throughput against the emulator's rate limit.
    const RATE = 50;
    const ITEMS = QUICK ? 60 : 300;
    const drainEmu = await startEmulator({ port: 0, customers: ITEMS, rateLimit: RATE });
    const d = await openServices({ dataDir: tmp('drain'), partnerCenterUrl: drainEmu.url, sync: { parallelism: 8 } });
    const drainIds: string[] = [];
    for await (const page of d.client.listCustomers({ pageSize: 500 })) {
      d.customers.upsertMany(page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: c.relationshipToPartner })), 'bench', new Date().toISOString());
      drainIds.push(...page.items.map((c) => c.id.toLowerCase()));
    }
    for (let i = 0; i < ITEMS; i += 1) saveConfirmation(d, drainIds[i]!, { firstName: 'Drain', lastName: `Item${i}`, email: `drain-${i}@example.com`, dateAgreed: '2026-01-15' });
    const before = ((await (await fetch(`${drainEmu.url}/_emulator/state`)).json()) as { requests: number }).requests;
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
    const state = (await (await fetch(`${drainEmu.url}/_emulator/state`)).json()) as { requests: number; throttled: number };
    const requests = state.requests - before;
    const answered = requests - state.throttled;
    report('drain.throughput', 'items/s', [ITEMS / seconds], {
      items: ITEMS,
      rateLimit: RATE,
      requestsPerSecond: Math.round((answered / seconds) * 10) / 10,
      ratio: Math.round((answered / seconds / RATE) * 100) / 100,
      throttled: state.throttled,
      note: 'ratio = answered (not 429) requests per second / the emulator rate limit per partner; throttled = 429s received',
    });
    await d.close();
    await drainEmu.close();
  } finally {
    await emulator.close();
  }
}

await main();
