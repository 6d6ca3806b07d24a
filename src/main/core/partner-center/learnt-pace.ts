import type { Meta } from '../store/meta';
import { learntPaceSchema, Pacer, type PacerDeps } from './pacer';

/** Where a profile keeps what its pacer learnt of its Partner Center account's limit. */
export const LEARNT_PACE_KEY = 'partnerCenter.learntPace';

/**
 * The profile's pacer, started from the pace an earlier run learnt (a stored value that does not
 * parse is ignored: the pacer starts blind), and keeping what it learns as it changes — a 429, a
 * step of the pace: a few writes a drain, never one per request.
 */
export function pacerOfProfile(meta: Meta, deps: Omit<PacerDeps, 'learnt' | 'onLearnt'> = {}): Pacer {
  return new Pacer({
    ...deps,
    learnt: meta.get(LEARNT_PACE_KEY, learntPaceSchema),
    onLearnt: (learnt) => {
      try {
        meta.set(LEARNT_PACE_KEY, learnt);
      } catch {
        // The profile is closing (its database too) while a last answer comes in: the pace is a
        // hint for the next run, never a reason to fail a request.
      }
    },
  });
}
