import { describe, expect, it } from 'vitest';
import { defaultPacerSettings, learntPaceSchema, Pacer, type LearntPace, type PacerSettings, type PacerTicket } from '../../../src/main/core/partner-center/pacer';

/** The pace after a 429 that followed `n` answers in a window of `windowMs`: just under them. */
const paceAfter = (n: number, windowMs = 1000) => ((n - defaultPacerSettings.headroom) * defaultPacerSettings.margin * 1000) / windowMs;

/**
 * A clock that moves only when told, and sleeps that end when it reaches them — or at `fireAt`
 * of that time: a busy event loop's timers fire late.
 */
function manualClock(fireAt: (due: number) => number = (due) => due) {
  let time = 0;
  let sleeps: { until: number; resolve: () => void }[] = [];
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await Promise.resolve();
  };
  return {
    now: () => time,
    sleeps: () => sleeps.length,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const entry = { until: fireAt(time + ms), resolve };
        sleeps.push(entry);
        signal?.addEventListener('abort', () => {
          sleeps = sleeps.filter((s) => s !== entry);
          resolve();
        });
      }),
    settle,
    /** Runs everything due up to `until`, one wake-up at a time, in time order. */
    async runUntil(until: number) {
      await settle();
      for (;;) {
        const next = sleeps.reduce<{ until: number; resolve: () => void } | null>((a, s) => (a === null || s.until < a.until ? s : a), null);
        if (!next || next.until > until) break;
        time = Math.max(time, next.until);
        sleeps = sleeps.filter((s) => s !== next);
        next.resolve();
        await settle();
      }
      time = Math.max(time, until);
    },
  };
}

/** Deterministic numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pacerOn(clock: ReturnType<typeof manualClock>, settings: Partial<PacerSettings> = {}, learnt: LearntPace | null = null) {
  return new Pacer({ now: clock.now, sleep: clock.sleep, settings, learnt, wallNow: () => WALL + clock.now() });
}

/** The wall clock of the simulated runs (ms since the epoch) when their monotonic clock is 0. */
const WALL = Date.parse('2026-03-02T09:00:00Z');
const DAY = 24 * 3_600_000;

/** `workers` callers sending as fast as the pacer lets them (answers instant) for `ms`; the last ticket. */
async function busyFor(clock: ReturnType<typeof manualClock>, pacer: Pacer, ms: number, workers = 1): Promise<PacerTicket> {
  const stop = new AbortController();
  let last: PacerTicket | null = null;
  const run = async () => {
    for (;;) {
      const ticket = await pacer.acquire(stop.signal).catch(() => null);
      if (!ticket) return;
      pacer.answered(ticket);
      last = ticket;
    }
  };
  const running = Promise.all(Array.from({ length: workers }, run));
  await clock.runUntil(clock.now() + ms);
  stop.abort();
  await running;
  return last!;
}

/**
 * A server like the emulator's limiter: `limit` requests per fixed one-second window, then 429
 * with Retry-After in whole seconds. Workers send as fast as the pacer lets them, each request
 * taking `latencyMs`, until `endMs`.
 */
async function simulateDrain(opts: {
  limit: number;
  workers: number;
  latencyMs: number;
  endMs: number;
  startMs?: number;
  fireAt?: (due: number) => number;
  /** What an earlier run learnt (its last `onLearnt`), and how long ago (ms of wall clock). */
  learnt?: { pace: LearntPace; agoMs: number };
  settings?: Partial<PacerSettings>;
}) {
  const clock = manualClock(opts.fireAt);
  // Learnt `agoMs` before this run starts (its own clock started at the same wall time).
  const learnt = opts.learnt ? { ...opts.learnt.pace, learntAt: WALL - opts.learnt.agoMs } : null;
  const kept: LearntPace[] = [];
  const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, settings: opts.settings ?? {}, learnt, wallNow: () => WALL + clock.now(), onLearnt: (l) => kept.push(l) });
  const windows = new Map<number, number>();
  const log: { at: number; status: 200 | 429 }[] = [];
  const server = (at: number): { status: 200 | 429; retryAfterMs?: number } => {
    const win = Math.floor(at / 1000);
    const count = windows.get(win) ?? 0;
    if (count >= opts.limit) return { status: 429, retryAfterMs: Math.max(1, Math.ceil(((win + 1) * 1000 - at) / 1000)) * 1000 };
    windows.set(win, count + 1);
    return { status: 200 };
  };
  const worker = async () => {
    await clock.sleep(opts.startMs ?? 0);
    while (clock.now() < opts.endMs) {
      const ticket = await pacer.acquire();
      if (clock.now() >= opts.endMs) return;
      const answer = server(clock.now());
      log.push({ at: clock.now(), status: answer.status });
      await clock.sleep(opts.latencyMs);
      if (answer.status === 429) {
        pacer.throttled(ticket, answer.retryAfterMs);
        // The sync engine's pause on a 429: this worker waits for the Retry-After too.
        await clock.sleep(answer.retryAfterMs ?? 0);
      } else pacer.answered(ticket);
    }
  };
  const running = Promise.all(Array.from({ length: opts.workers }, worker));
  await clock.runUntil(opts.endMs + 10_000);
  await running;
  return { pacer, log, kept };
}

describe('pacer', () => {
  it('paces nothing while no 429 was seen: every request goes at once', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    for (let i = 0; i < 1000; i += 1) {
      pacer.answered(await pacer.acquire());
    }
    expect(clock.sleeps()).toBe(0);
    expect(pacer.perSecond).toBeNull();
  });

  it('after a 429, holds every request until its Retry-After, then spaces them just under the rate the server let through', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    // 40 answers within the last second, then a 429 saying "in 1 second".
    for (let i = 0; i < 40; i += 1) {
      pacer.answered(await pacer.acquire());
      await clock.runUntil(clock.now() + 10);
    }
    pacer.throttled(await pacer.acquire(), 1000);
    expect(pacer.perSecond).toBeCloseTo(paceAfter(40));
    const throttledAt = clock.now();
    const sent: number[] = [];
    const requests = Array.from({ length: 5 }, async () => {
      await pacer.acquire();
      sent.push(clock.now());
    });
    await clock.runUntil(throttledAt + 5000);
    await Promise.all(requests);
    expect(sent[0]).toBe(throttledAt + 1000);
    const gaps = sent.slice(1).map((t, i) => t - sent[i]!);
    for (const gap of gaps) expect(gap).toBeCloseTo(1000 / paceAfter(40));
  });

  it('a 429 with next to nothing answered before it holds requests until its Retry-After, and sets no pace', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    pacer.answered(await pacer.acquire());
    pacer.throttled(await pacer.acquire(), 3000);
    expect(pacer.perSecond).toBeNull();
    const start = clock.now();
    const sent: number[] = [];
    const requests = Array.from({ length: 20 }, async () => {
      await pacer.acquire();
      sent.push(clock.now());
    });
    await clock.runUntil(start + 3000);
    await Promise.all(requests);
    expect(sent).toEqual(sent.map(() => start + 3000));
  });

  it('lowers the pace once for the 429s of requests that were already in flight', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    const inFlight: PacerTicket[] = [];
    for (let i = 0; i < 58; i += 1) inFlight.push(await pacer.acquire());
    for (const ticket of inFlight.slice(0, 50)) pacer.answered(ticket);
    for (const ticket of inFlight.slice(50)) pacer.throttled(ticket, 1000);
    expect(pacer.perSecond).toBeCloseTo(paceAfter(50));
  });

  it('a later 429 cuts the pace by a share at least, never by more than half, nor under the minimum', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock, { minPerSecond: 2 });
    for (let i = 0; i < 20; i += 1) pacer.answered(await pacer.acquire());
    pacer.throttled(await pacer.acquire(), 0);
    expect(pacer.perSecond).toBeCloseTo(paceAfter(20));
    // At that pace for two seconds, all of it through, then a 429: what went through overstates
    // the limit (a fixed window let its full count through after the last one), so a cut.
    const last = await busyFor(clock, pacer, 2000);
    const before = pacer.perSecond!;
    pacer.throttled(last, 0);
    expect(pacer.perSecond).toBeCloseTo(before * defaultPacerSettings.decrease);
    // A 429 after a long silence measured nothing: halved, not cut to zero.
    await clock.runUntil(clock.now() + 60_000);
    const quiet = pacer.perSecond!;
    pacer.throttled(await pacer.acquire(), 0);
    expect(pacer.perSecond).toBeCloseTo(quiet / 2);
    for (let i = 0; i < 10; i += 1) {
      await clock.runUntil(clock.now() + 60_000);
      pacer.throttled(await pacer.acquire(), 0);
    }
    expect(pacer.perSecond).toBe(2);
  });

  it('after a cut, climbs back in halving steps to just under the fewest requests refused, then holds there', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    for (let i = 0; i < 50; i += 1) pacer.answered(await pacer.acquire());
    pacer.throttled(await pacer.acquire(), 0);
    const learnt = pacer.perSecond!;
    const last = await busyFor(clock, pacer, 2000, 3);
    pacer.throttled(last, 0);
    const cut = pacer.perSecond!;
    expect(cut).toBeCloseTo(learnt * defaultPacerSettings.decrease);
    // Refused at 48.95 a second (48 or 49 in the last second): back to just under that, a pace held for three windows at a time.
    await busyFor(clock, pacer, 20_000, 3);
    const recovered = pacer.perSecond!;
    expect(recovered).toBeGreaterThanOrEqual(paceAfter(48) * 0.99);
    expect(recovered).toBeLessThan(learnt);
    await busyFor(clock, pacer, 20_000, 3);
    expect(pacer.perSecond).toBe(recovered);
  });

  it('grows the pace slowly while it holds requests back without a 429, and not while idle', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock, { growAfterMs: 10_000, growth: 0.1 });
    for (let i = 0; i < 10; i += 1) pacer.answered(await pacer.acquire());
    pacer.throttled(await pacer.acquire(), 0);
    const learnt = pacer.perSecond!;
    // Idle for a long time: nothing was held back, so nothing says the limit is higher.
    await clock.runUntil(clock.now() + 60_000);
    pacer.answered(await pacer.acquire());
    expect(pacer.perSecond).toBe(learnt);
    // Busy at the pace for 10 s: one step up.
    await busyFor(clock, pacer, 10_500, 3);
    expect(pacer.perSecond).toBeCloseTo(learnt * 1.1);
    // Every further 10 s held back, one more.
    await busyFor(clock, pacer, 10_000, 3);
    expect(pacer.perSecond).toBeCloseTo(learnt * 1.1 * 1.1);
  });

  it('takes the window to be at least as long as the longest Retry-After', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    // 300 answers in 3 seconds, then "try again in 57 seconds": a limit per minute, not per second.
    for (let i = 0; i < 300; i += 1) {
      pacer.answered(await pacer.acquire());
      await clock.runUntil(clock.now() + 10);
    }
    pacer.throttled(await pacer.acquire(), 57_000);
    expect(pacer.perSecond).toBeCloseTo(paceAfter(300, 57_000));
  });

  it('a wait given up rejects with the caller’s reason', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock);
    pacer.throttled(await pacer.acquire(), 5000);
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    await clock.settle();
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });

  it('drains a fixed-window limit at ≥ 95 % of it, with 429s only for what was in flight when the limit was found', async () => {
    const { log } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 3, endMs: 20_000 });
    const answered = log.filter((r) => r.status === 200).length;
    const throttled = log.filter((r) => r.status === 429);
    expect(answered / 20 / 50).toBeGreaterThanOrEqual(0.95);
    expect(throttled.length).toBeLessThanOrEqual(8);
    expect(throttled.every((r) => r.at < 1000)).toBe(true);
  });

  it('comes down to the limit within a few seconds when the first estimate counted two windows', async () => {
    // The drain starts 10 ms before a window ends: 26 get through in it, 50 more in the next,
    // then the first 429 — 76 within its last second, half again the limit.
    const { log } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 3, endMs: 30_000, startMs: 990 });
    const throttled = log.filter((r) => r.status === 429);
    expect(throttled.every((r) => r.at < 5000)).toBe(true);
    expect(throttled.length).toBeLessThanOrEqual(8 + 3);
    expect(log.filter((r) => r.status === 200).length / 29.01 / 50).toBeGreaterThanOrEqual(0.95);
  });

  it('a 429 after growing past a pace that held goes back to that pace, not below; one at that pace cuts it', async () => {
    const clock = manualClock();
    const pacer = pacerOn(clock, { growAfterMs: 10_000, growth: 0.05 });
    for (let i = 0; i < 50; i += 1) pacer.answered(await pacer.acquire());
    pacer.throttled(await pacer.acquire(), 0);
    const learnt = pacer.perSecond!;
    await busyFor(clock, pacer, 10_500, 3);
    expect(pacer.perSecond).toBeCloseTo(learnt * 1.05);
    // The server still counts 50 a window: the probe is refused, the pace that held is kept.
    const probe = await busyFor(clock, pacer, 500, 3);
    pacer.throttled(probe, 0);
    expect(pacer.perSecond).toBe(learnt);
    // A 429 at the pace that held: the limit came down, so down it goes.
    const last = await busyFor(clock, pacer, 2000, 3);
    pacer.throttled(last, 0);
    expect(pacer.perSecond).toBeLessThan(learnt * 0.9);
  });

  it('comes down in a few steps from a first estimate far too high, when what went through says nothing', async () => {
    // A slow round trip (70 ms): 40 get through at the end of the first window, 50 in the next,
    // then the first 429: 85 within the last second. Retry-After is then always the rest of the
    // window, so a pace too fast locks in step with the server: each window after a gate starts
    // where the last one filled up and lets the pace itself through, whatever the limit.
    const { log } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 70, endMs: 40_000, startMs: 700 });
    const throttled = log.filter((r) => r.status === 429);
    expect(throttled.length).toBeLessThanOrEqual(40);
    expect(throttled.every((r) => r.at < 20_000)).toBe(true);
    const settled = log.filter((r) => r.at >= 20_000 && r.status === 200).length;
    expect(settled / 20 / 50).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps under the limit when the event loop stalls and late timers bunch the sends', async () => {
    // Stalls of 40–200 ms at random times, about three a second (fsyncs, garbage collection):
    // every timer due during one fires at its end, together.
    const random = seeded(7);
    const stalls: [number, number][] = [];
    for (let t = 0; t < 30_000; t += 100 + 500 * random()) stalls.push([t, t + 40 + 160 * random()]);
    const fireAt = (due: number) => stalls.find(([from, to]) => due >= from && due < to)?.[1] ?? due;
    const { log } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 3, endMs: 20_000, fireAt });
    const throttled = log.filter((r) => r.status === 429);
    expect(throttled.length).toBeLessThanOrEqual(8);
    expect(throttled.every((r) => r.at < 1000)).toBe(true);
    expect(log.filter((r) => r.status === 200).length / 20 / 50).toBeGreaterThanOrEqual(0.8);
  });

  describe('what it learnt, kept between runs', () => {
    const first = () => simulateDrain({ limit: 50, workers: 8, latencyMs: 3, endMs: 20_000 });

    it('tells what it learnt a few times a drain, not at every request, and the last of it is where it ended', async () => {
      const { log, kept, pacer } = await first();
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThanOrEqual(log.length / 50);
      expect(kept.at(-1)).toEqual({ ...pacer.learnt, learntAt: kept.at(-1)!.learntAt });
      expect(kept.every((l) => learntPaceSchema.safeParse(JSON.parse(JSON.stringify(l))).success)).toBe(true);
      // It held just under the limit: the pace it starts from next time.
      expect(kept.at(-1)!.held).toBeCloseTo(paceAfter(50));
    });

    it('started from what a run learnt a day before, a drain meets no 429 and keeps ≥ 95 % of the limit', async () => {
      const { kept } = await first();
      const { log, pacer } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 3, endMs: 20_000, learnt: { pace: kept.at(-1)!, agoMs: DAY } });
      expect(log.filter((r) => r.status === 429)).toEqual([]);
      expect(log.filter((r) => r.status === 200).length / 20 / 50).toBeGreaterThanOrEqual(0.95);
      expect(pacer.perSecond).toBeCloseTo(paceAfter(50));
    });

    it('started from a run whose first estimate was far too high, still meets no 429 once that run settled', async () => {
      const { kept } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 70, endMs: 40_000, startMs: 700 });
      const { log } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 70, endMs: 20_000, startMs: 700, learnt: { pace: kept.at(-1)!, agoMs: DAY } });
      expect(log.filter((r) => r.status === 429)).toEqual([]);
    });

    it('a limit lowered since is found by its 429s, as one learnt in the run', async () => {
      const { kept } = await first();
      const { log } = await simulateDrain({ limit: 30, workers: 8, latencyMs: 3, endMs: 30_000, learnt: { pace: kept.at(-1)!, agoMs: DAY } });
      const throttled = log.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled.every((r) => r.at < 10_000)).toBe(true);
      expect(log.filter((r) => r.at >= 10_000 && r.status === 200).length / 20 / 30).toBeGreaterThanOrEqual(0.95);
    });

    it('a limit raised since is found by the slow growth', async () => {
      const settings = { growAfterMs: 10_000, growth: 0.1 };
      const { kept } = await simulateDrain({ limit: 50, workers: 8, latencyMs: 3, endMs: 20_000, settings });
      const { pacer, log } = await simulateDrain({ limit: 100, workers: 8, latencyMs: 3, endMs: 150_000, settings, learnt: { pace: kept.at(-1)!, agoMs: DAY } });
      expect(pacer.perSecond).toBeGreaterThan(90);
      // Far above the old limit (it still probes higher every 10 s here, a 429 and a gate each time).
      expect(log.filter((r) => r.at >= 130_000 && r.status === 200).length / 20 / 100).toBeGreaterThanOrEqual(0.8);
    });

    it('a kept pace that holds again in a later run is dated anew, once, so it stays trusted while it is met', async () => {
      const { kept } = await first();
      const agoMs = defaultPacerSettings.trustLearntMs - DAY;
      const again = await simulateDrain({ limit: 50, workers: 8, latencyMs: 3, endMs: 20_000, learnt: { pace: kept.at(-1)!, agoMs } });
      expect(again.kept).toEqual([{ ...kept.at(-1)!, learntAt: again.kept[0]!.learntAt }]);
      expect(again.kept[0]!.learntAt).toBeGreaterThan(WALL);
    });

    it('what was learnt longer ago than it is trusted, or dated in the future, is measured again: no pace at first', async () => {
      const { kept } = await first();
      const pace = kept.at(-1)!;
      const clock = manualClock();
      const at = (agoMs: number) => pacerOn(clock, {}, { ...pace, learntAt: WALL - agoMs }).perSecond;
      expect(at(defaultPacerSettings.trustLearntMs - 1)).toBeCloseTo(pace.held);
      expect(at(defaultPacerSettings.trustLearntMs + 1)).toBeNull();
      expect(at(-DAY)).toBeNull();
    });

    it('starts from the fastest pace that held, not from a faster one not yet proven', () => {
      const clock = manualClock();
      const pacer = pacerOn(clock, {}, { perSecond: 45, refused: 50, held: 40, windowMs: 1000, learntAt: WALL });
      expect(pacer.perSecond).toBe(40);
      expect(pacerOn(clock, {}, { perSecond: 45, refused: 50, held: 0, windowMs: 1000, learntAt: WALL }).perSecond).toBe(45);
      // The window learnt from a long Retry-After comes back too (within the bounds of the settings).
      expect(pacerOn(clock, {}, { perSecond: 4, refused: 300, held: 0, windowMs: 57_000, learntAt: WALL }).learnt).toMatchObject({ windowMs: 57_000, refused: 300 });
      expect(pacerOn(clock, {}, { perSecond: 4, refused: null, held: 0, windowMs: 10, learntAt: WALL }).learnt).toMatchObject({ windowMs: 1000, refused: null });
    });
  });
});
