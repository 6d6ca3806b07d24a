import { AppFailure, describeFailure } from '../app-failure';
import type { ProfileParts } from '../compose';
import { refreshCustomers } from '../customers/refresh';
import { isPartnerCenterError } from '../partner-center';
import type { RefreshProgress } from '../../../shared/domain';
import { auditOperator } from './session';

/** "Refresh": one refresh at a time, with progress events and Cancel; what was written stays. */
export function createRefreshFeature(p: Pick<ProfileParts, 'client' | 'meta' | 'agreements' | 'customers' | 'statuses' | 'clock' | 'connectivity' | 'profile' | 'emit' | 'audit' | 'signIn' | 'locale'>) {
  let running: Promise<{ customers: number; statuses: number }> | null = null;
  let abort: AbortController | null = null;
  let last: RefreshProgress | null = null;

  const refresh = () => {
    if (!p.connectivity.online) throw new AppFailure('offline', 'error.offline');
    if (running) return running;
    const controller = (abort = new AbortController());
    last = { phase: 'customers', done: 0, total: null };
    const onProgress = (progress: RefreshProgress) => {
      last = progress;
      p.emit('refresh', progress);
    };
    running = refreshCustomers({ ...p, readStatuses: p.profile.cloud === 'public', signal: controller.signal, onProgress })
      .catch((error: unknown) => {
        // Worded like any failure ("Partner Center could not be reached: UND_ERR_SOCKET"), not the bare cause.
        p.emit('refresh', { phase: 'failed', done: 0, total: null, message: describeFailure(error, p.locale).message });
        if (isPartnerCenterError(error) && error.kind === 'network') p.connectivity.reportNetworkFailure();
        throw error;
      })
      .finally(() => {
        running = null;
        last = null;
        p.emit('customersChanged', { customerIds: null });
      });
    return running;
  };

  return {
    refreshCustomers: () => {
      auditOperator(p, 'operator.refresh');
      return refresh();
    },
    progress: () => (running && (last?.phase === 'customers' || last?.phase === 'indexing' || last?.phase === 'statuses') ? last : null),
    cancelRefresh: () => {
      const cancelled = running !== null && abort !== null && !abort.signal.aborted;
      abort?.abort();
      return { cancelled };
    },
    /** A profile with nothing cached yet loads its customers by itself (first start, first sign-in). */
    loadIfEmpty: () => {
      if (p.customers.count() === 0 && p.connectivity.online) void Promise.resolve().then(refresh).catch(() => undefined);
    },
    close: async () => {
      abort?.abort();
      await running?.catch(() => undefined);
    },
  };
}
