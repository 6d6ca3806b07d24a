import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/main/core/partner-center/index';

const now = new Date('2026-03-10T12:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds as an offset from now', () => {
    expect(parseRetryAfter('57', now)?.toISOString()).toBe('2026-03-10T12:00:57.000Z');
    expect(parseRetryAfter(' 0 ', now)?.toISOString()).toBe(now.toISOString());
  });

  it('reads an IMF-fixdate HTTP date', () => {
    expect(parseRetryAfter('Tue, 10 Mar 2026 12:05:00 GMT', now)?.toISOString()).toBe('2026-03-10T12:05:00.000Z');
  });

  it('reads the obsolete RFC 850 and asctime forms as UTC', () => {
    expect(parseRetryAfter('Tuesday, 10-Mar-26 12:01:00 GMT', now)?.toISOString()).toBe('2026-03-10T12:01:00.000Z');
    expect(parseRetryAfter('Tue Mar 10 12:02:00 2026', now)?.toISOString()).toBe('2026-03-10T12:02:00.000Z');
    expect(parseRetryAfter('Sun Nov  6 08:49:37 2044', now)?.toISOString()).toBe('2044-11-06T08:49:37.000Z');
  });

  it('clamps a date in the past, and negative seconds, to now', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)?.toISOString()).toBe(now.toISOString());
    expect(parseRetryAfter('-30', now)?.toISOString()).toBe(now.toISOString());
  });

  it('rejects garbage', () => {
    for (const v of ['soon', '1.5', '12s', '2026-03-10T12:05:00Z', 'Tue, 31 Feb 2026 12:05:00 GMT', 'Tue, 10 Mar 2026 12:05:00 CET']) {
      expect(parseRetryAfter(v, now), v).toBeUndefined();
    }
  });

  it('treats a missing or empty header as unknown', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('   ', now)).toBeUndefined();
  });
});
