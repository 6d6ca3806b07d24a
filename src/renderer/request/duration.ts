/*
 * How long an acceptance request has waited, and how far off its expiry is, in the operator's
 * language. Pure (Intl only), so unit-tested in plain Node.
 */

export type DurationUnit = 'minute' | 'hour' | 'day';
export type Elapsed = { value: number; unit: DurationUnit };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The span between two instants in the largest whole unit that fits, rounded down: under an hour
 * in minutes (at least 1), under a day in hours, else in days. Negative spans count as zero.
 */
export function elapsed(fromMs: number, toMs: number): Elapsed {
  const span = Math.max(0, toMs - fromMs);
  if (span < HOUR) return { value: Math.max(1, Math.floor(span / MINUTE)), unit: 'minute' };
  if (span < DAY) return { value: Math.floor(span / HOUR), unit: 'hour' };
  return { value: Math.floor(span / DAY), unit: 'day' };
}

function unitFormat(locale: string, unit: DurationUnit): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' });
  } catch {
    return new Intl.NumberFormat('en', { style: 'unit', unit, unitDisplay: 'long' });
  }
}

/** "3 days", "5 hours", "1 minute" ("3 jours", "5 heures" in French): how long it has waited. */
export function formatWaited(locale: string, fromIso: string, nowMs: number): string {
  const { value, unit } = elapsed(Date.parse(fromIso), nowMs);
  return unitFormat(locale, unit).format(value);
}

/**
 * An instant relative to now: "in 27 days", "tomorrow", "3 hours ago" ("dans 27 jours", "demain",
 * "il y a 3 heures").
 */
export function formatRelative(locale: string, targetIso: string, nowMs: number): string {
  const target = Date.parse(targetIso);
  const { value, unit } = elapsed(Math.min(target, nowMs), Math.max(target, nowMs));
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  } catch {
    format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  }
  return format.format(target >= nowMs ? value : -value, unit);
}
