import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '../../../src/emulator/index';
import { openProfile, type ProfileParts } from '../../../src/main/core/compose';
import { saveConfirmation } from '../../../src/main/core/features/confirmations';
import { LEARNT_PACE_KEY, pacerOfProfile } from '../../../src/main/core/partner-center/learnt-pace';
import { learntPaceSchema } from '../../../src/main/core/partner-center/pacer';
import { builtInSandbox, profileDatabasePath } from '../../../src/main/core/profiles';
import { openDatabase } from '../../../src/main/core/store/database';
import { Meta } from '../../../src/main/core/store/meta';
import { endpointAt } from '../../../src/shells/partner-center';
import { emulatorAdmin } from '../../helpers/emulator-admin';
import { tempDir } from '../../helpers/temp-dir';

const LIMIT = 6;
const ITEMS = 12;

let emulator: Emulator | null = null;
let p: ProfileParts | null = null;
afterEach(async () => {
  await p?.close();
  await emulator?.close();
  p = emulator = null;
});

/**
 * One run of the app: a fresh emulator (limit `LIMIT` a second per partner, its windows fresh),
 * the profile in `dataDir` opened on it, the `slice`-th dozen customers confirmed and drained by
 * eight workers; what the emulator counted (requests, 429s) during the drain; the profile closed.
 */
async function drain(dataDir: string, slice: number): Promise<{ requests: number; throttled: number }> {
  emulator = await startEmulator({ port: 0, customers: 40, rateLimit: LIMIT });
  p = await openProfile({ dataDir, partnerCenter: endpointAt(emulator.url), sync: { parallelism: 8 } });
  const ids: string[] = [];
  for await (const page of p.client.listCustomers({ pageSize: 100 })) {
    p.customers.upsertMany(page.items.map((c) => ({ id: c.id, companyName: c.companyProfile.companyName, domain: c.companyProfile.domain, relationship: 'reseller' })), 'run', new Date().toISOString());
    ids.push(...page.items.map((c) => c.id.toLowerCase()));
  }
  const parts = p;
  for (const [i, id] of ids.slice(10 + slice * ITEMS, 10 + (slice + 1) * ITEMS).entries()) {
    saveConfirmation(parts, id, { firstName: 'Paced', lastName: `Item${slice}-${i}`, email: `paced${slice}-${i}@example.com`, dateAgreed: '2026-01-15' });
  }
  const state = async () => (await emulatorAdmin(emulator!.url, 'state')) as { requests: number; throttled: number };
  const before = await state();
  parts.engine.kick();
  await vi.waitFor(
    () => {
      const c = parts.outbox.counts();
      expect(c.queued + c.sending).toBe(0);
    },
    { timeout: 40_000, interval: 100 },
  );
  const after = await state();
  await parts.close();
  await emulator.close();
  p = emulator = null;
  return { requests: after.requests - before.requests, throttled: after.throttled - before.throttled };
}

describe('the pace a profile learnt of its Partner Center account', () => {
  it('a profile that drained once under a rate limit, closed and reopened, drains again without meeting it', async () => {
    const dataDir = tempDir();
    // First contact: nothing known, eight requests at a time find the limit (and pay for it in 429s).
    const cold = await drain(dataDir, 0);
    expect(cold.throttled).toBeGreaterThan(0);
    // What was learnt is in the profile's database, in its checked shape.
    const db = openDatabase(profileDatabasePath(dataDir, builtInSandbox));
    const kept = new Meta(db).get(LEARNT_PACE_KEY, learntPaceSchema);
    db.close();
    expect(kept).not.toBeNull();
    // Reopened (a new run, a new emulator with fresh windows): paced from the first request.
    const warm = await drain(dataDir, 1);
    expect(warm.requests).toBeGreaterThan(2 * LIMIT);
    // Before (the reopened pacer knew nothing): 8 — every request in flight when it met the limit.
    // Now 0 in most runs. At most 1: the first drain's first 429 may have counted one answer of
    // the window before (fewest refused = limit + 1, a pace of exactly the limit a window, seen
    // to hold), and one 429 then leaves a request of slack a window — a second would need the
    // process to hold a sent request back for a whole pacing interval (200 ms) at a window's end.
    expect(warm.throttled).toBeLessThanOrEqual(1);
  }, 90_000);

  it('a stored pace that is garbage is ignored: the pacer starts blind, and what it learns replaces it', () => {
    const db = openDatabase(path.join(tempDir(), 'profile.db'));
    try {
      const meta = new Meta(db);
      const valid = { perSecond: 5, refused: 6, held: 4.5, windowMs: 1000, learntAt: Date.now() };
      const garbage: unknown[] = [
        'fast',
        null,
        [],
        { ...valid, perSecond: -5 },
        { ...valid, perSecond: 1e300 },
        { ...valid, perSecond: '5' },
        { ...valid, refused: 2.5 },
        { ...valid, windowMs: 0 },
        { ...valid, windowMs: 1e12 },
        { ...valid, held: -1 },
        { ...valid, learntAt: 'yesterday' },
        { ...valid, extra: true },
        { perSecond: 5 },
      ];
      for (const value of garbage) {
        meta.set(LEARNT_PACE_KEY, value);
        expect(pacerOfProfile(meta).perSecond, JSON.stringify(value)).toBeNull();
      }
      db.prepare('UPDATE meta SET value = ? WHERE key = ?').run('{"perSecond": 5, ', LEARNT_PACE_KEY);
      const pacer = pacerOfProfile(meta);
      expect(pacer.perSecond).toBeNull();
      // Learning something writes a valid value over the garbage.
      for (let i = 0; i < 10; i += 1) pacer.answered({ episode: 0 });
      pacer.throttled({ episode: 0 }, 1000);
      expect(meta.get(LEARNT_PACE_KEY, learntPaceSchema)).toMatchObject({ refused: 10, held: 0, windowMs: 1000 });
      // And the valid shape is taken.
      meta.set(LEARNT_PACE_KEY, valid);
      expect(pacerOfProfile(meta).perSecond).toBe(4.5);
    } finally {
      db.close();
    }
  });
});
