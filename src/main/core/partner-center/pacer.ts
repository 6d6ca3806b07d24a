import { z } from 'zod';
import { sleep } from '../../../shared/sleep';

/**
 * How fast requests go to one Partner Center account, learnt from its 429s (AIMD):
 * - until a 429 is seen nothing is paced: no limit known, no slowdown;
 * - a 429 closes the gate to every request until its Retry-After, and sets the pace just under
 *   what the server let through over the last window (the limit it just showed us);
 * - a later 429 lowers the pace again, once per episode (the requests already in flight when the
 *   first 429 came back are the same excess, not news): just under what went through, and by at
 *   least a set share, but not below a pace that held. What went through in the window can
 *   overstate the limit — a server that counts in fixed windows lets a full window through after
 *   the end of the last one — so the pace may come down in steps;
 * - between the fastest pace that held (a few windows holding requests back without a 429) and
 *   the fewest requests per window that met a 429, the pace halves the gap after each pace that
 *   held; at just under the latter it grows slowly, to find a limit that was raised.
 * Requests are spaced evenly (no bursts), and never more than the pace allows in any window of
 * actual sends, so a late wake-up that bunches a few of them cannot exceed the server's count.
 *
 * What was learnt outlives the pacer (the profile keeps it, learnt-pace.ts): a pacer started from
 * it paces from the first request, at the fastest pace that held (else the pace it had), so a
 * later drain does not meet the limit with every request in flight at once. It comes back only
 * while it is trusted (a pace that holds in a run dates it anew); older, the pacer starts blind
 * and measures the limit afresh (one window's excess of 429s), so a limit raised since is found
 * at once. Within that time a raised limit is found by the slow growth, a lowered one by its
 * 429s, as for a pace learnt in this run.
 *
 * UNVERIFIED: Partner Center publishes no numeric limits (partner-center-api.md §7: keyed per
 * partner, or per partner + customer, depending on the API; 429 with Retry-After in seconds, the
 * documented example "Try again in 57 seconds"). How long its window is, is unknown: it is taken
 * as at least the longest Retry-After seen (a server never asks to wait longer than its window),
 * and at least one second (the emulator counts per partner in fixed one-second windows). The
 * margin, headroom and growth below are our guesses, kept here only, and so is how long a learnt
 * pace is trusted (a week: whether and how often Microsoft changes a partner's limit is not
 * published, nor whether it is one limit per partner account whoever calls). A per-customer 429
 * is taken as the partner's (every request is held back), as the sync engine pauses its whole
 * queue on any 429 already.
 */
export interface PacerSettings {
  /** The shortest window over which the server's rate is measured (ms); a longer Retry-After widens it. */
  windowMs: number;
  /** The longest window believed (ms): answers are remembered this long. */
  maxWindowMs: number;
  /**
   * The pace after a 429: what went through in the window, less this many requests (one that the
   * network delays into the next window must not be the one too many)…
   */
  headroom: number;
  /** …times this, a hair under, so that evenly spaced requests never make one more per window. */
  margin: number;
  /**
   * A later 429 cuts the pace to just under what went through in the window, and to this share of
   * the pace at most (when all that the pace sent went through, that says nothing of the limit)…
   */
  decrease: number;
  /** …but never to less than this share (a 429 after a long silence measures nothing). */
  floorShare: number;
  /** Never slower than this, requests per second. */
  minPerSecond: number;
  /**
   * A pace has held once it held requests back for this many windows without a 429 (more than
   * the two that a pace locked in step with the server takes to meet one); then it halves the gap
   * to just under the fewest requests per window refused.
   */
  heldAfterWindows: number;
  /** Just under those, the pace grows by this share… */
  growth: number;
  /** …each time it has held requests back this long without a 429 (ms). */
  growAfterMs: number;
  /** A learnt pace is started from for this long after it was last learnt (ms); older, it is measured again. */
  trustLearntMs: number;
}

export const defaultPacerSettings: PacerSettings = {
  windowMs: 1_000,
  maxWindowMs: 60_000,
  headroom: 1,
  margin: 0.999,
  decrease: 0.85,
  floorShare: 0.5,
  minPerSecond: 0.5,
  heldAfterWindows: 3,
  growth: 0.03,
  growAfterMs: 60_000,
  trustLearntMs: 7 * 24 * 3_600_000,
};

/**
 * What a pacer learnt, kept between runs. Read back from storage, so checked: a value out of these
 * bounds is treated as absent (the pacer starts blind, as on first contact).
 */
export const learntPaceSchema = z
  .object({
    /** The pace (requests per second). */
    perSecond: z.number().finite().positive().max(100_000),
    /** The fewest requests per window that met a 429; null: none stands (it grew past it). */
    refused: z.number().int().positive().max(100_000_000).nullable(),
    /** The fastest pace that held (requests per second); 0: none since the last 429 at it. */
    held: z.number().finite().nonnegative().max(100_000),
    /** The window the server counts in (ms). */
    windowMs: z.number().finite().positive().max(86_400_000),
    /** When it was last learnt: wall clock, ms since the epoch. */
    learntAt: z.number().int().nonnegative(),
  })
  .strict();
export type LearntPace = z.infer<typeof learntPaceSchema>;

export interface PacerDeps {
  /** Milliseconds, monotonic (default `performance.now`). */
  now?: () => number;
  /** Waits `ms`, resolving early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  settings?: Partial<PacerSettings>;
  /** What an earlier pacer of the same account learnt (null: nothing, or nothing valid). */
  learnt?: LearntPace | null;
  /**
   * Called when what it learnt changes (a 429, a step of the pace, a pace that held), and when a
   * pace first holds in this run (dating it anew): rarely, at most once per window.
   */
  onLearnt?: (learnt: LearntPace) => void;
  /** Wall clock, ms since the epoch (default `Date.now`): dates what was learnt. */
  wallNow?: () => number;
}

/** A granted request: which episode of 429s it was sent in. */
export interface PacerTicket {
  readonly episode: number;
}

/** Times (ms, non-decreasing) within a trailing window. */
class Times {
  private list: number[] = [];
  private head = 0;

  add(time: number): void {
    this.list.push(time);
  }

  /** Forgets the times at or before `time`. */
  forget(time: number): void {
    while (this.head < this.list.length && this.list[this.head]! <= time) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.list.length) {
      this.list = this.list.slice(this.head);
      this.head = 0;
    }
  }

  /** How many are after `time`. */
  countAfter(time: number): number {
    this.forget(time);
    return this.list.length - this.head;
  }

  /** The `n`-th newest (1 = the newest), if there are that many. */
  newest(n: number): number | undefined {
    const i = this.list.length - n;
    return i >= this.head ? this.list[i] : undefined;
  }
}

export class Pacer {
  private readonly settings: PacerSettings;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Requests per second; null until a 429 was seen. */
  private rate: number | null = null;
  /** The fewest requests per window a 429 answered: the limit is at most that many; the pace stays just under. */
  private refused = Infinity;
  /** The fastest pace that held (requests per second), since the last 429 at or under it. */
  private held = 0;
  /** The window the server is believed to count in (ms). */
  private windowMs: number;
  /** Earliest time of the next request at the current pace. */
  private nextSlot = 0;
  /** No request before this (the last Retry-After). */
  private gateUntil = 0;
  /** Bumped at every decrease: a 429 of a request sent in an earlier episode changes no pace. */
  private episode = 0;
  /** Since when the pace has been holding requests back (since its last change); null: not yet. */
  private heldSince: number | null = null;
  /** When requests were let go, and when answers (not 429) came. */
  private readonly sent = new Times();
  private readonly answers = new Times();
  /** A pace has held since this pacer was made. */
  private heldThisRun = false;
  private readonly wallNow: () => number;
  private readonly onLearnt: ((learnt: LearntPace) => void) | undefined;

  constructor(deps: PacerDeps = {}) {
    this.settings = { ...defaultPacerSettings, ...deps.settings };
    this.now = deps.now ?? (() => performance.now());
    this.sleep = deps.sleep ?? sleep;
    this.wallNow = deps.wallNow ?? Date.now;
    this.onLearnt = deps.onLearnt;
    this.windowMs = this.settings.windowMs;
    if (deps.learnt) this.resume(deps.learnt);
  }

  /** What this pacer knows, to keep; null while it knows nothing. */
  get learnt(): LearntPace | null {
    if (this.rate === null) return null;
    return {
      perSecond: this.rate,
      refused: Number.isFinite(this.refused) ? this.refused : null,
      held: this.held,
      windowMs: this.windowMs,
      learntAt: Math.round(this.wallNow()),
    };
  }

  /** Starts from what an earlier pacer learnt, if it is still trusted. */
  private resume(learnt: LearntPace): void {
    const age = this.wallNow() - learnt.learntAt;
    // A date in the future says the clock moved (or the value is not ours): not trusted either.
    if (age < 0 || age > this.settings.trustLearntMs) return;
    const { windowMs, maxWindowMs, minPerSecond } = this.settings;
    this.windowMs = Math.min(maxWindowMs, Math.max(windowMs, learnt.windowMs));
    this.refused = learnt.refused ?? Infinity;
    this.held = Math.min(learnt.held, learnt.perSecond);
    // The fastest pace that held is the one known to be safe; from there the gap to just under
    // the fewest refused closes as in the run that learnt it.
    this.rate = Math.max(minPerSecond, this.held > 0 ? this.held : learnt.perSecond);
  }

  /** Tells `onLearnt` when the pace, the fewest refused, the pace that held or the window moved. */
  private changed(before: { rate: number | null; refused: number; held: number; windowMs: number }, confirmed = false): void {
    if (!this.onLearnt || this.rate === null) return;
    if (!confirmed && before.rate === this.rate && before.refused === this.refused && before.held === this.held && before.windowMs === this.windowMs) return;
    this.onLearnt(this.learnt!);
  }

  private snapshot() {
    return { rate: this.rate, refused: this.refused, held: this.held, windowMs: this.windowMs };
  }

  /** The current pace in requests per second; null while no limit is known. */
  get perSecond(): number | null {
    return this.rate;
  }

  /**
   * Resolves when a request may be sent. Rejects with the signal's reason when it aborts while
   * waiting (the caller's cancellation, as for the request itself).
   */
  async acquire(signal?: AbortSignal): Promise<PacerTicket> {
    for (;;) {
      signal?.throwIfAborted();
      const episode = this.episode;
      const slot = this.reserve(this.now());
      let now = this.now();
      for (let until = Math.max(slot, this.fullUntil(now)); until > now; until = Math.max(slot, this.fullUntil(now))) {
        await this.sleep(until - now, signal);
        signal?.throwIfAborted();
        now = this.now();
        if (episode !== this.episode) break;
      }
      // A 429 came while waiting: the slot was taken at the old pace, before the new gate.
      if (episode !== this.episode || now < this.gateUntil) continue;
      this.sent.add(now);
      this.sent.forget(now - this.settings.maxWindowMs);
      return { episode };
    }
  }

  /** The request got an answer that is not a 429. */
  answered(_ticket: PacerTicket): void {
    const now = this.now();
    this.answers.add(now);
    this.answers.forget(now - this.settings.maxWindowMs);
    if (this.rate === null || this.heldSince === null) return;
    const before = this.snapshot();
    const holding = now - this.heldSince;
    const ceiling = Number.isFinite(this.refused) ? this.justUnder(this.refused) : this.rate;
    const hasHeld = holding >= this.settings.heldAfterWindows * this.windowMs;
    if (hasHeld) this.held = Math.max(this.held, this.rate);
    // The first pace that holds in a run dates what is kept anew, changed or not: a limit still
    // met is trusted a while longer (once a run, not at every answer).
    const confirmed = hasHeld && !this.heldThisRun;
    if (hasHeld) this.heldThisRun = true;
    if (this.rate < ceiling && hasHeld) {
      const next = (this.rate + ceiling) / 2;
      // Close enough: no endless halving of a hair.
      this.rate = ceiling - next < 0.01 * ceiling ? ceiling : next;
      this.heldSince = null;
    } else if (this.rate >= ceiling && holding >= this.settings.growAfterMs) {
      this.rate *= 1 + this.settings.growth;
      // Held back a while at it without a 429: the count refused then is no longer the limit.
      this.refused = Infinity;
      this.heldSince = null;
    }
    this.changed(before, confirmed);
  }

  /** The request was answered 429; `retryAfterMs`: its Retry-After, if it had one. */
  throttled(ticket: PacerTicket, retryAfterMs: number | undefined): void {
    const now = this.now();
    const before = this.snapshot();
    if (retryAfterMs !== undefined) {
      this.gateUntil = Math.max(this.gateUntil, now + retryAfterMs);
      this.windowMs = Math.min(this.settings.maxWindowMs, Math.max(this.windowMs, retryAfterMs));
    }
    if (ticket.episode !== this.episode) return this.changed(before);
    const { decrease, floorShare, minPerSecond } = this.settings;
    const through = this.answers.countAfter(now - this.windowMs);
    // Less than that measures nothing: the limit was used up by others (another desktop, another
    // tool of the partner's), and the gate is all that is known.
    const measured = this.justUnder(through) > 0;
    if (this.rate === null) {
      if (!measured) return this.changed(before);
      this.refused = through;
      this.rate = Math.max(minPerSecond, this.justUnder(through));
    } else {
      // A server counting in fixed windows, whose Retry-After is the rest of its window, can lock a
      // pace that is too fast in step with it: sending resumes where the last window filled up,
      // the rest of that window goes through, then the next one fills at the same point — all
      // that the pace sent went through, whatever the limit. Only a cut helps then.
      // Evenly spaced at the pace, a window holds at most this many requests (and one more).
      const most = Math.floor((this.rate * this.windowMs) / 1000);
      this.refused = Math.min(this.refused, most, measured ? through : Infinity);
      // A 429 at a pace that held: the limit came down (others share it now), that pace no longer holds.
      if (this.rate <= this.held) this.held = 0;
      const cut = Math.min(this.justUnder(through), this.rate * decrease);
      this.rate = Math.max(minPerSecond, this.rate * floorShare, this.held, cut);
    }
    this.episode += 1;
    this.heldSince = null;
    // Slots taken at the old pace are void; the next one is after the gate.
    this.nextSlot = Math.max(now, this.gateUntil);
    this.changed(before);
  }

  /** The pace (requests per second) just under `count` requests per window. */
  private justUnder(count: number): number {
    return ((count - this.settings.headroom) * this.settings.margin * 1000) / this.windowMs;
  }

  /** The time this request may go at the pace, taking that slot. */
  private reserve(now: number): number {
    const start = Math.max(now, this.gateUntil);
    if (this.rate === null) return start;
    const at = Math.max(start, this.nextSlot);
    this.nextSlot = at + 1000 / this.rate;
    if (at > start) this.heldSince ??= now;
    return at;
  }

  /**
   * Until when the window of actual sends is full: never more in any window than evenly spaced
   * requests at the pace could be (late wake-ups would otherwise bunch them).
   */
  private fullUntil(now: number): number {
    if (this.rate === null) return now;
    const allowed = Math.floor((this.rate * this.windowMs) / 1000) + 1;
    const oldest = this.sent.newest(allowed);
    return oldest === undefined ? now : Math.max(now, oldest + this.windowMs);
  }
}
