/**
 * Retry timing for the sync engine: capped exponential backoff with full jitter (a random delay
 * between 0 and the cap for this attempt), so many desktops coming back online at once do not
 * hit Partner Center in step.
 */
export interface BackoffSettings {
  baseMs: number;
  capMs: number;
}

export function backoffDelayMs(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt, 30));
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before trying again: the jittered backoff, but never sooner than the server's
 * own Retry-After (429, 503). The one rule for the sync engine and the refresh alike.
 */
export function retryDelayMs(attempt: number, settings: BackoffSettings, retryAt: Date | undefined, now: Date, random: () => number = Math.random): number {
  return Math.max(backoffDelayMs(attempt, settings, random), retryAt ? retryAt.getTime() - now.getTime() : 0);
}

/**
 * When to check again whether the customer accepted: about a minute after the request, then
 * longer each time (×1.6), capped (about 15 minutes), each ±20 % so many requests do not poll
 * in step. `checks`: how many checks were made already.
 */
export function pollDelayMs(checks: number, settings: { firstMs: number; capMs: number }, random: () => number = Math.random): number {
  const base = Math.min(settings.capMs, settings.firstMs * 1.6 ** Math.max(0, Math.min(checks, 30)));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface GiveUpSettings {
  /** Stop retrying an item once it has failed for this long… */
  maxElapsedMs: number;
  /** …and at least this many times (a long offline spell alone never exhausts an item). */
  minAttempts: number;
}

export function shouldGiveUp(attempts: number, firstAttemptAt: Date, now: Date, settings: GiveUpSettings): boolean {
  return attempts >= settings.minAttempts && now.getTime() - firstAttemptAt.getTime() >= settings.maxElapsedMs;
}

/**
 * Partner Center compares dateAgreed with its current UTC time. A calendar date is sent as its
 * UTC midnight, so an operator east of UTC who picks "today" must wait until that midnight has
 * passed in UTC; this returns the moment the date becomes sendable.
 */
export function sendableFrom(dateAgreed: string): Date {
  return new Date(`${dateAgreed}T00:00:00.000Z`);
}
