import { notifications } from '@mantine/notifications';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
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
  setWorkOffline: (on: boolean) => Promise<void>;
  syncNow: () => Promise<void>;
  startRefresh: () => Promise<void>;
};

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

  useEffect(() => {
    let live = true;
    void api.getConnectivity({}).then((r) => {
      if (!live) return;
      if (r.ok) setConnectivity(r.value);
      else notifyError('ui.error.connectivityLoad', r.error);
    });
    void api.getSyncStatus({}).then((r) => {
      if (!live) return;
      if (r.ok) setSync(r.value);
      else notifyError('ui.error.syncLoad', r.error);
    });
    return () => {
      live = false;
    };
  }, [api, notifyError]);

  useApiEvent('connectivity', setConnectivity);
  useApiEvent('sync', setSync);
  useApiEvent('refresh', (progress) => {
    if (progress.phase === 'done' || progress.phase === 'failed') {
      setRefresh(null);
      void reloadSession();
    } else {
      setRefresh(progress);
    }
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
    if (result.ok) setSync(result.value);
    else notifyError('ui.error.syncNow', result.error);
  }, [api, notifyError]);

  const startRefresh = useCallback(async () => {
    setRefresh({ phase: 'customers', done: 0, total: null });
    const result = await api.refreshCustomers({});
    setRefresh(null);
    await reloadSession();
    if (result.ok) {
      notifications.show({
        color: 'teal',
        message: t('ui.refresh.done', { customers: result.value.customers, statuses: result.value.statuses }),
      });
    } else {
      notifyError('ui.refresh.failed', result.error);
    }
  }, [api, notifyError, reloadSession, t]);

  return (
    <LiveStatusContext.Provider value={{ connectivity, sync, refresh, setWorkOffline, syncNow, startRefresh }}>
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
