import { describe, expect, it } from 'vitest';
import { backoffDelayMs, sendableFrom, shouldGiveUp } from '../../../src/main/core/sync/retry-policy';

const settings = { baseMs: 1000, capMs: 60_000 };

describe('retry policy', () => {
  it('doubles the ceiling per attempt up to the cap, with full jitter below it', () => {
    expect(backoffDelayMs(0, settings, () => 0.999)).toBe(999);
    expect(backoffDelayMs(3, settings, () => 0.5)).toBe(4000);
    expect(backoffDelayMs(10, settings, () => 0.999)).toBe(59_940);
    expect(backoffDelayMs(500, settings, () => 0.5)).toBe(30_000);
    expect(backoffDelayMs(3, settings, () => 0)).toBe(0);
  });

  it('gives up only after both the elapsed time and the minimum attempts are reached', () => {
    const first = new Date('2026-11-20T00:00:00Z');
    const rules = { maxElapsedMs: 3_600_000, minAttempts: 5 };
    expect(shouldGiveUp(10, first, new Date('2026-11-20T00:30:00Z'), rules)).toBe(false);
    expect(shouldGiveUp(4, first, new Date('2026-11-21T00:00:00Z'), rules)).toBe(false);
    expect(shouldGiveUp(5, first, new Date('2026-11-20T01:00:00Z'), rules)).toBe(true);
  });

  it('makes a calendar date sendable from its UTC midnight', () => {
    expect(sendableFrom('2026-11-26').toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });
});
