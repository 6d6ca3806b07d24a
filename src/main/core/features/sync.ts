import { AppFailure } from '../app-failure';
import type { ProfileParts } from '../compose';
import { sleep } from '../../../shared/sleep';
import { auditOperator } from './session';

/** The queue's sending: its status, "Sync now", connectivity and "Work offline". */
export function createSyncFeature(p: Pick<ProfileParts, 'engine' | 'connectivity' | 'audit' | 'clock' | 'signIn'>) {
  return {
    getSyncStatus: () => p.engine.status(),
    syncNow: async () => {
      auditOperator(p, 'operator.sync-now');
      if (!p.connectivity.online) await p.connectivity.check();
      p.engine.kick();
      return p.engine.status();
    },
    getConnectivity: () => p.connectivity.state(),
    setWorkOffline: ({ on }: { on: boolean }) => {
      if (p.connectivity.state().workOffline !== on) auditOperator(p, on ? 'operator.work-offline' : 'operator.work-online');
      return p.connectivity.setWorkOffline(on);
    },
  };
}

/**
 * The CLI's "sync": drains the queue in the foreground. `once`: a single pass over what is due
 * now. Otherwise it keeps going (waiting out backoff and throttling) until nothing is left to
 * send but requests waiting for customers, or the connection is lost.
 */
export async function drainUntilDone(p: Pick<ProfileParts, 'engine' | 'outbox' | 'connectivity' | 'partnerCenterUrl'>, once: boolean): Promise<void> {
  await p.connectivity.check();
  if (!p.connectivity.online) throw new AppFailure('offline', 'error.unreachable', undefined, { message: p.partnerCenterUrl });
  p.engine.release();
  p.engine.kick();
  await p.engine.idle();
  if (once) return;
  for (;;) {
    const counts = p.outbox.counts();
    if (counts.queued + counts.sending === 0) return;
    const status = p.engine.status();
    if (status.waiting?.reason === 'offline') throw new AppFailure('offline', 'error.sync.unreachableMidway');
    if (status.waiting?.reason === 'sign-in-needed') throw new AppFailure('forbidden', 'error.auth.needed');
    const nextDue = p.outbox.nextDueAt();
    const until = status.waiting?.reason === 'throttled' ? Date.parse(status.waiting.until) : nextDue ? Date.parse(nextDue) : Date.now();
    await sleep(Math.max(20, Math.min(until - Date.now(), 5_000)));
    p.engine.kick();
    await p.engine.idle();
  }
}
