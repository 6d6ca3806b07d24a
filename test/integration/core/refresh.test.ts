import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { refreshCustomers } from '../../../src/main/core/customers/refresh';
import { openServices, type Services } from '../../../src/main/core/services';
import type { RefreshProgress } from '../../../src/shared/domain';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

const requests = async (url: string) => ((await emulatorAdmin(url, 'state')) as { requests: number }).requests;

describe('customer refresh', () => {
  let emulator: Emulator;
  let s: Services;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, customers: 2000 });
    s = await openServices({ dataDir: tempDir(), partnerCenterUrl: emulator.url });
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
    expect(done.find((p) => p.phase === 'customers')?.done).toBe(600);
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
});
