import { afterEach, describe, expect, it, vi } from 'vitest';
import { WELL_KNOWN } from '../../../src/emulator/index';
import { startAppCore } from '../../../src/main/core/app-core';
import { partnerCenterFor } from '../../../src/shells/partner-center';
import type { Profile, Session } from '../../../src/shared/domain';
import type { Result } from '../../../src/shared/result';
import { value, type Core } from '../../helpers/core-call';
import { tempDir } from '../../helpers/temp-dir';

/*
 * Issue 14, item 7: calls and profile switches at the same time. Calls arriving during a switch
 * wait for the new profile, calls running when it starts finish on the old one, and two switches
 * run one after the other (each answering the profile it opened).
 */

const running: Core[] = [];
afterEach(async () => {
  for (const core of running.splice(0)) await core.close();
});

const [societe] = WELL_KNOWN;
const sandboxProfile = (name: string) => ({ name, cloud: 'public', environment: 'built-in-sandbox', sandboxRole: 'AdminAgent' });

/**
 * A core on the built-in emulators (one per profile, started as the shells do). `opening` is told
 * each time a profile opens, before its Partner Center is there: the moment inside a switch when
 * the old profile is closed and the new one not open yet.
 */
async function start(opening: (profile: Profile) => void = () => undefined): Promise<Core> {
  const emulators = partnerCenterFor({ emulatorCustomers: 30 });
  const core = await startAppCore({
    dataDir: tempDir(),
    partnerCenter: async (profile) => {
      opening(profile);
      return emulators(profile);
    },
    probeIntervalMs: 100,
  });
  running.push(core);
  await cached(core);
  return core;
}

/** The open profile has read its customers (its first refresh is done). */
const cached = (core: Core) => vi.waitFor(async () => expect((await value<Session>(core, 'getSession')).cachedCustomers).toBe(30), { timeout: 10_000 });

const failures = (results: Result<unknown>[]) => results.flatMap((r) => (r.ok ? [] : [`${r.error.code}: ${r.error.message}`]));

describe('profile switches and calls at the same time', () => {
  it('answers every call made during a switch: running ones on the old profile, new ones on the new', async () => {
    let whileSwitching: (() => void) | null = null;
    const core = await start(() => whileSwitching?.());
    const other = await value<Profile>(core, 'createProfile', sandboxProfile('Training sandbox'));
    // The other profile has its customers too, so reading one there is a fair call.
    await value(core, 'switchProfile', { profileId: other.id });
    await cached(core);
    await value(core, 'switchProfile', { profileId: 'sandbox' });
    await cached(core);

    const mixed = [
      () => core.dispatch('searchCustomers', { query: 'soc' }),
      () => core.dispatch('getSession', {}),
      () => core.dispatch('listQueue', {}),
      () => core.dispatch('getCustomer', { customerId: societe!.id }),
      () => core.dispatch('getSyncStatus', {}),
      () => core.dispatch('listActivity', {}),
      () => core.dispatch('getSettings', {}),
      () => core.dispatch('listProfiles', {}),
      () => core.dispatch('getConnectivity', {}),
    ];
    // Running when the switch starts: re-reads from Partner Center that write to the store after it.
    const before = [1, 2, 3, 4, 5].map(() => core.dispatch('verifyCustomer', { customerId: societe!.id }));
    const during: Promise<Result<unknown>>[] = [];
    whileSwitching = () => {
      whileSwitching = null;
      for (let i = 0; i < 30; i++) during.push(mixed[i % mixed.length]!());
    };
    const switched = await core.dispatch('switchProfile', { profileId: other.id });
    expect(switched).toMatchObject({ ok: true, value: { profile: { id: other.id } } });

    const answers = await Promise.all([...before, ...during]);
    expect(answers).toHaveLength(35);
    expect(failures(answers)).toEqual([]);
    // The calls made while the profile was closed ran on the new one.
    const sessions = answers.slice(before.length).filter((_, i) => i % mixed.length === 1) as { ok: true; value: Session }[];
    expect(sessions.map((s) => s.value.profile.id)).toEqual(sessions.map(() => other.id));
    expect((await value<Session>(core, 'getSession')).profile.id).toBe(other.id);
  });

  it('runs two switches asked at once one after the other: the last asked is open, each answer names what it opened', async () => {
    const core = await start();
    const first = await value<Profile>(core, 'createProfile', sandboxProfile('First sandbox'));
    const second = await value<Profile>(core, 'createProfile', sandboxProfile('Second sandbox'));

    const [toFirst, toSecond] = await Promise.all([core.dispatch('switchProfile', { profileId: first.id }), core.dispatch('switchProfile', { profileId: second.id })]);
    expect(toFirst).toMatchObject({ ok: true, value: { profile: { id: first.id } } });
    expect(toSecond).toMatchObject({ ok: true, value: { profile: { id: second.id } } });
    expect((await value<Session>(core, 'getSession')).profile.id).toBe(second.id);
    expect((await value<{ activeId: string }>(core, 'listProfiles')).activeId).toBe(second.id);
  });

  it('opens the previous profile again when the other one cannot open, and keeps answering', async () => {
    let refuse: string | null = null;
    const core = await start((profile) => {
      if (profile.id === refuse) throw new Error('Partner Center did not start');
    });
    const broken = await value<Profile>(core, 'createProfile', sandboxProfile('Broken sandbox'));
    refuse = broken.id;

    expect(await core.dispatch('switchProfile', { profileId: broken.id })).toMatchObject({ ok: false });
    expect((await value<Session>(core, 'getSession')).profile.id).toBe('sandbox');
    expect((await value<{ activeId: string }>(core, 'listProfiles')).activeId).toBe('sandbox');
    expect(await core.dispatch('searchCustomers', { query: 'soc' })).toMatchObject({ ok: true });
  });
});
