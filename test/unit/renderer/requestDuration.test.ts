import { describe, expect, it } from 'vitest';
import { elapsed, formatRelative, formatWaited } from '../../../src/renderer/request/duration';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('elapsed: the largest whole unit that fits', () => {
  it('counts minutes under an hour, at least one', () => {
    expect(elapsed(NOW, NOW)).toEqual({ value: 1, unit: 'minute' });
    expect(elapsed(NOW - 30_000, NOW)).toEqual({ value: 1, unit: 'minute' });
    expect(elapsed(NOW - 59 * MIN, NOW)).toEqual({ value: 59, unit: 'minute' });
  });

  it('counts hours under a day, days beyond, rounding down', () => {
    expect(elapsed(NOW - HOUR, NOW)).toEqual({ value: 1, unit: 'hour' });
    expect(elapsed(NOW - (23 * HOUR + 59 * MIN), NOW)).toEqual({ value: 23, unit: 'hour' });
    expect(elapsed(NOW - DAY, NOW)).toEqual({ value: 1, unit: 'day' });
    expect(elapsed(NOW - (3 * DAY + 23 * HOUR), NOW)).toEqual({ value: 3, unit: 'day' });
  });

  it('treats a start in the future (a clock a little ahead) as just now', () => {
    expect(elapsed(NOW + 5 * MIN, NOW)).toEqual({ value: 1, unit: 'minute' });
  });
});

describe('formatWaited: how long a request has waited', () => {
  // ICU keeps the number and its unit together with a no-break space in French.
  it('reads "3 days" in English and "3 jours" in French', () => {
    expect(formatWaited('en-US', ago(3 * DAY + 2 * HOUR), NOW)).toBe('3 days');
    expect(formatWaited('fr-FR', ago(3 * DAY + 2 * HOUR), NOW)).toBe('3\u00A0jours');
  });

  it('uses the singular and smaller units', () => {
    expect(formatWaited('en-US', ago(DAY), NOW)).toBe('1 day');
    expect(formatWaited('en-US', ago(5 * HOUR), NOW)).toBe('5 hours');
    expect(formatWaited('en-US', ago(MIN), NOW)).toBe('1 minute');
    expect(formatWaited('fr-FR', ago(5 * HOUR), NOW)).toBe('5\u00A0heures');
    expect(formatWaited('fr-FR', ago(1 * HOUR), NOW)).toBe('1\u00A0heure');
  });

  it('formats big numbers the locale’s way', () => {
    expect(formatWaited('en-US', ago(1234 * DAY), NOW)).toBe('1,234 days');
    expect(formatWaited('fr-FR', ago(1234 * DAY), NOW)).toBe('1\u202F234\u00A0jours');
  });
});

describe('formatRelative: when a request expires', () => {
  it('says how far ahead, in words', () => {
    expect(formatRelative('en-US', new Date(NOW + 27 * DAY + HOUR).toISOString(), NOW)).toBe('in 27 days');
    expect(formatRelative('fr-FR', new Date(NOW + 27 * DAY + HOUR).toISOString(), NOW)).toBe('dans 27 jours');
    expect(formatRelative('en-US', new Date(NOW + DAY + HOUR).toISOString(), NOW)).toBe('tomorrow');
    expect(formatRelative('fr-FR', new Date(NOW + DAY + HOUR).toISOString(), NOW)).toBe('demain');
    expect(formatRelative('en-US', new Date(NOW + 3 * HOUR).toISOString(), NOW)).toBe('in 3 hours');
  });

  it('says how long ago for a past instant', () => {
    expect(formatRelative('en-US', ago(2 * DAY), NOW)).toBe('2 days ago');
    expect(formatRelative('fr-FR', ago(2 * DAY), NOW)).toBe('avant-hier');
    expect(formatRelative('fr-FR', ago(3 * DAY), NOW)).toBe('il y a 3 jours');
  });
});
