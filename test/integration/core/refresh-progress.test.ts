import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { startAppCore } from '../../../src/main/core/app-core';
import { partnerCenterAt } from '../../../src/shells/partner-center';
import type { RefreshProgress } from '../../../src/shared/domain';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';
import { value, type Core } from '../../helpers/core-call';

let emulator: Emulator | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  await emulator?.close();
  core = emulator = undefined;
});

describe('the running refresh, asked for', () => {
  it('a window opened midway gets the progress the events already told; none once it is over', async () => {
    // Two pages served, the third held: the first start's own refresh waits at a known point.
    emulator = await startEmulator({ port: 0, customers: 1500, holdCustomerPages: 2 });
    core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterAt(emulator.url), probeIntervalMs: 100 });
    const events: RefreshProgress[] = [];
    core.subscribe((name, payload) => { if (name === 'refresh') events.push(payload as RefreshProgress); });
    await vi.waitFor(() => expect(core!.internals.customers.count()).toBe(1000), { timeout: 15_000 });
    const midway = await value<RefreshProgress | null>(core, 'getRefreshProgress');
    expect(midway).toMatchObject({ phase: 'customers', done: 1000 });

    // Once over (here: stopped), there is nothing to show.
    await value(core, 'cancelRefresh');
    await emulatorAdmin(emulator.url, 'hold', { customerPages: null });
    await vi.waitFor(() => expect(events.at(-1)?.phase).toBe('cancelled'), { timeout: 15_000 });
    expect(await value(core, 'getRefreshProgress')).toBeNull();
  });

  it('is null when no refresh runs', async () => {
    emulator = await startEmulator({ port: 0, customers: 10 });
    core = await startAppCore({ dataDir: tempDir(), partnerCenter: partnerCenterAt(emulator.url), probeIntervalMs: 100, background: false });
    expect(await value(core, 'getRefreshProgress')).toBeNull();
  });
});
