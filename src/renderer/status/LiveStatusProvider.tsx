import { notifications } from '@mantine/notifications';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Connectivity, RefreshProgress, SyncStatus } from '../../shared/domain';
import { useApi, useApiEvent } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

type LiveStatus = {
  connectivity: Connectivity | null;
  sync: SyncStatus | null;
  /** Progress of a customer refresh while one runs, else null. */
  refresh: RefreshProgress | null;
  /**
   * Changes when the customer cache changed enough to look again: every few seconds while a
   * refresh writes (a 100,000-customer refresh takes minutes), and when it ends.
   */
  cacheVersion: number;
  /** While the queue drains: how many of the items pending since the drain began have left it. */
  drain: Drain | null;
  setWorkOffline: (on: boolean) => Promise<void>;
  syncNow: () => Promise<void>;
  startRefresh: () => Promise<void>;
  cancelRefresh: () => Promise<void>;
};

/** Progress of a drain: `total` grows when items join while it runs; sent = total - pending. */
export type Drain = { total: number; sent: number };

/**
 * Follows the pending count across sync events: a drain starts when something is pending and
 * ends when nothing is; items added meanwhile raise the total.
 */
export function nextDrain(previous: { total: number; pending: number } | null, pending: number): { total: number; pending: number } | null {
  if (pending <= 0) return null;
  if (!previous) return { total: pending, pending };
  const total = pending > previous.pending ? previous.total + (pending - previous.pending) : previous.total;
  return { total, pending };
}

/** While a refresh runs, search and the cached count are brought up to date at most this often. */
const CACHE_BUMP_MS = 2_000;

const LiveStatusContext = createContext<LiveStatus | null>(null);

/** Connectivity, sync status and refresh progress, shared by the header and the views, kept live by core events. */
export function LiveStatusProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const t = useT();
  const notifyError = useNotifyError();
  const { reload: reloadSession } = useSession();
  const [connectivity, setConnectivity] = useState<Connectivity | null>(null);
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [refresh, setRefresh] = useState<RefreshProgress | null>(null);
  const [drainState, setDrainState] = useState<{ total: number; pending: number } | null>(null);
  /** A refresh the operator asked for is running: its call, not its events, reports a failure. */
  const operatorRefresh = useRef(false);
  const [cacheVersion, setCacheVersion] = useState(0);
  const lastCacheBump = useRef(0);
  const bumpCache = useCallback(
    (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastCacheBump.current < CACHE_BUMP_MS) return;
      lastCacheBump.current = now;
      setCacheVersion((n) => n + 1);
      void reloadSession();
    },
    [reloadSession],
  );

  // Every sync status moves the drain along; a status arriving from any source counts.
  const acceptSync = useCallback((status: SyncStatus) => {
    setSync(status);
    setDrainState((previous) => nextDrain(previous, pendingCount(status)));
  }, []);

  // The first state is asked for once; an event that arrives before the answer is newer, and wins.
  const heard = useRef({ connectivity: false, sync: false, refresh: false });
  useEffect(() => {
    let live = true;
    void api.getConnectivity({}).then((r) => {
      if (!live || heard.current.connectivity) return;
      if (r.ok) setConnectivity(r.value);
      else notifyError('ui.error.connectivityLoad', r.error);
    });
    void api.getSyncStatus({}).then((r) => {
      if (!live || heard.current.sync) return;
      if (r.ok) acceptSync(r.value);
      else notifyError('ui.error.syncLoad', r.error);
    });
    // A refresh already running (the core's first load, another window's) shows at once.
    void api.getRefreshProgress({}).then((r) => {
      if (!live || heard.current.refresh) return;
      if (r.ok) setRefresh(r.value);
      else notifyError('ui.error.refreshLoad', r.error);
    });
    return () => {
      live = false;
    };
  }, [api, notifyError, acceptSync]);

  useApiEvent('connectivity', (state) => {
    heard.current.connectivity = true;
    setConnectivity(state);
  });
  useApiEvent('sync', (status) => {
    heard.current.sync = true;
    acceptSync(status);
  });
  // How a refresh ended is told here, from its events, whoever started it: the operator, or the
  // core on a profile's first start (that one has no call waiting for its answer).
  useApiEvent('refresh', (progress) => {
    heard.current.refresh = true;
    if (progress.phase !== 'done' && progress.phase !== 'failed' && progress.phase !== 'cancelled') {
      setRefresh(progress);
      bumpCache(false);
      return;
    }
    setRefresh(null);
    bumpCache(true);
    if (progress.phase === 'cancelled') notifications.show({ color: 'gray', message: t('ui.refresh.cancelled') });
    else if (progress.phase === 'done') notifications.show({ color: 'teal', message: t('ui.refresh.done', { customers: progress.done, statuses: progress.statuses ?? 0 }) });
    // An operator's refresh reports its failure with the call's full error (below).
    else if (!operatorRefresh.current) notifyError('ui.refresh.failed', { code: 'internal', message: progress.message ?? '' });
  });

  const setWorkOffline = useCallback(
    async (on: boolean) => {
      // Show the choice at once; the core's answer (or the event) settles it.
      setConnectivity((c) => (c ? { ...c, workOffline: on, online: !on && c.reachable } : c));
      const result = await api.setWorkOffline({ on });
      if (result.ok) setConnectivity(result.value);
      else {
        notifyError('ui.error.workOffline', result.error);
        const back = await api.getConnectivity({});
        if (back.ok) setConnectivity(back.value);
      }
    },
    [api, notifyError],
  );

  const syncNow = useCallback(async () => {
    const result = await api.syncNow({});
    if (result.ok) acceptSync(result.value);
    else notifyError('ui.error.syncNow', result.error);
  }, [api, notifyError, acceptSync]);

  const startRefresh = useCallback(async () => {
    operatorRefresh.current = true;
    setRefresh({ phase: 'customers', done: 0, total: null });
    const result = await api.refreshCustomers({});
    operatorRefresh.current = false;
    setRefresh(null);
    bumpCache(true);
    if (!result.ok) notifyError('ui.refresh.failed', result.error);
  }, [api, notifyError, bumpCache]);

  const cancelRefresh = useCallback(async () => {
    const result = await api.cancelRefresh({});
    if (!result.ok) notifyError('ui.refresh.cancelFailed', result.error);
  }, [api, notifyError]);

  const drain: Drain | null = drainState ? { total: drainState.total, sent: drainState.total - drainState.pending } : null;

  return (
    <LiveStatusContext.Provider value={{ connectivity, sync, refresh, cacheVersion, drain, setWorkOffline, syncNow, startRefresh, cancelRefresh }}>
      {children}
    </LiveStatusContext.Provider>
  );
}

export function useLiveStatus(): LiveStatus {
  const status = useContext(LiveStatusContext);
  if (!status) throw new Error('useLiveStatus() outside <LiveStatusProvider>');
  return status;
}

/** Pending = still to be sent (queued or sending). */
export function pendingCount(sync: SyncStatus | null): number {
  return sync ? sync.counts.queued + sync.counts.sending : 0;
}
