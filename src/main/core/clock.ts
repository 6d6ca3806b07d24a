import { randomUUID } from 'node:crypto';

/** Time and ids come in through this, so tests can move the clock and reproduce ids. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export const newId = (): string => randomUUID();
export const iso = (date: Date): string => date.toISOString();
