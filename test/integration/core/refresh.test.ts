import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { refreshCustomers } from '../../../src/main/core/customers/refresh';
import { openProfile, type ProfileParts } from '../../../src/main/core/compose';
import { endpointAt } from '../../../src/shells/partner-center';
import type { RefreshProgress } from '../../../src/shared/domain';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

const requests = async (url: string) => ((await emulatorAdmin(url, 'state')) as { requests: number }).requests;

describe('customer refresh', () => {
  let emulator: Emulator;
  let s: ProfileParts;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 2000 });
    s = await openProfile({ dataDir: tempDir(), partnerCenter: endpointAt(emulator.url) });
  });
  afterEach(async () => {
    await s.close();
    await emulator.close();
  });

  const run = (onProgress: (p: RefreshProgress) => void = () => undefined, signal?: AbortSignal) =>
    refreshCustomers({ ...s, readStatuses: false, pageSize: 100, onProgress, ...(signal ? { signal } : {}) });

  it('goes on from the last page after a cancel, instead of starting from zero', async () => {
    const abort = new AbortController();
    const phases: string[] = [];
    await run((p) => {
      phases.push(p.phase);
      if (p.phase === 'customers' && p.done >= 500) abort.abort();
    }, abort.signal);
    expect(phases.at(-1)).toBe('cancelled');
    expect(s.customers.count()).toBe(500);
    const done: RefreshProgress[] = [];
    await run((p) => done.push(p));
    // 20 pages in all across both runs, plus at most the one the cancelled run fetched ahead.
    expect(await requests(emulator.url)).toBeLessThanOrEqual(21);
    expect(s.customers.count()).toBe(2000);
    // It says at once that it starts at 500, then goes on from there.
    expect(done.slice(0, 2)).toMatchObject([{ phase: 'customers', done: 500 }, { phase: 'customers', done: 600 }]);
    expect(done.at(-1)).toMatchObject({ phase: 'done', done: 2000 });
  });

  it('resumes after a crash mid-listing, keeping the pages written before it', async () => {
    await expect(
      run((p) => {
        if (p.phase === 'customers' && p.done >= 700) throw new Error('process killed');
      }),
    ).rejects.toThrow('process killed');
    expect(s.customers.count()).toBe(700);
    await run();
    // 20 pages in all, plus at most the one fetched ahead when the first run died.
    expect(await requests(emulator.url)).toBeLessThanOrEqual(21);
    expect(s.customers.count()).toBe(2000);
  });

  it('starts again from the first page when the saved place is no longer accepted', async () => {
    const abort = new AbortController();
    await run((p) => p.phase === 'customers' && p.done >= 300 && abort.abort(), abort.signal);
    await emulatorAdmin(emulator.url, 'reset', {}); // continuation tokens from before are refused
    await run();
    expect(s.customers.count()).toBe(2000);
    expect(s.meta.get('refresh-in-progress', (await import('zod')).z.unknown())).toBeNull();
  });

  it('drops customers Partner Center no longer lists, only after a complete listing', async () => {
    s.customers.upsertMany([{ id: '99999999-0000-4000-8000-000000000000', companyName: 'Gone Ltd', domain: 'gone.onmicrosoft.com', relationship: 'reseller' }], 'old', new Date().toISOString());
    const abort = new AbortController();
    await run((p) => p.phase === 'customers' && p.done >= 200 && abort.abort(), abort.signal);
    expect(s.customers.get('99999999-0000-4000-8000-000000000000')).not.toBeNull();
    await run();
    expect(s.customers.get('99999999-0000-4000-8000-000000000000')).toBeNull();
    expect(s.customers.count()).toBe(2000);
  });

  it('a cancel while a page is on its way is a cancel, not a failure, and drops nothing', async () => {
    const slow = await startEmulator({ port: 0, customers: 2000, latencyMs: 150 });
    const t = await openProfile({ dataDir: tempDir(), partnerCenter: endpointAt(slow.url) });
    try {
      t.customers.upsertMany([{ id: '99999999-0000-4000-8000-000000000000', companyName: 'Kept Ltd', domain: 'kept.onmicrosoft.com', relationship: 'reseller' }], 'old', new Date().toISOString());
      const slowRun = (signal: AbortSignal, onProgress: (p: RefreshProgress) => void) => refreshCustomers({ ...t, readStatuses: false, pageSize: 100, onProgress, signal });

      // Before the first page has arrived.
      const first = new AbortController();
      const phases: string[] = [];
      setTimeout(() => first.abort(), 50);
      await expect(slowRun(first.signal, (p) => phases.push(p.phase))).resolves.toMatchObject({ customers: 0 });
      expect(phases).toEqual(['customers', 'cancelled']);
      expect(t.customers.get('99999999-0000-4000-8000-000000000000')).not.toBeNull();

      // Mid-listing, with the next page already requested.
      const second = new AbortController();
      const seen: RefreshProgress[] = [];
      await slowRun(second.signal, (p) => {
        seen.push(p);
        if (p.phase === 'customers' && p.done === 300) setTimeout(() => second.abort(), 30);
      });
      expect(seen.at(-1)?.phase).toBe('cancelled');
      expect(t.customers.count()).toBeGreaterThanOrEqual(301);
      expect(t.customers.get('99999999-0000-4000-8000-000000000000')).not.toBeNull();
    } finally {
      await t.close();
      await slow.close();
    }
  });

  it('a status read that fails leaves that customer not verified and the sweep goes on', async () => {
    await s.close();
    const small = await startEmulator({ port: 0, customers: 200 });
    const t = await openProfile({ dataDir: tempDir(), partnerCenter: endpointAt(small.url) });
    try {
      await refreshCustomers({ ...t, readStatuses: false, pageSize: 100, onProgress: () => undefined });
      await emulatorAdmin(small.url, 'faults', { rate: 0.3, kinds: ['500', '503', 'bad-json'] });
      const seen: RefreshProgress[] = [];
      const result = await refreshCustomers({ ...t, readStatuses: true, pageSize: 100, onProgress: (p) => seen.push(p) });
      expect(seen.at(-1)).toMatchObject({ phase: 'done', done: 200 });
      expect(result.statuses).toBeGreaterThan(0);
      expect(result.statuses).toBeLessThan(200);
      // The ones that failed are read by the next refresh.
      await emulatorAdmin(small.url, 'faults', { rate: 0 });
      const again = await refreshCustomers({ ...t, readStatuses: true, pageSize: 100, onProgress: () => undefined });
      expect(again.statuses).toBe(200 - result.statuses);
    } finally {
      await t.close();
      await small.close();
      s = await openProfile({ dataDir: tempDir(), partnerCenter: endpointAt(emulator.url) });
    }
  });
});
