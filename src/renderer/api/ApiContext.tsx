import { createContext, useContext, useEffect, type ReactNode } from 'react';
import type { EventName, EventPayload, McaDeskApi } from '../../shared/contract';
import { useStableHandler } from '../common/useStableHandler';

const ApiContext = createContext<McaDeskApi | null>(null);

export function ApiProvider({ api, children }: { api: McaDeskApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The contract's calls (window.mcaDesk or the HTTP bridge). */
export function useApi(): McaDeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiProvider>');
  return api;
}

/** Subscribes to a core event for the component's lifetime; the latest listener is always used. */
export function useApiEvent<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): void {
  const api = useApi();
  const handler = useStableHandler(listener);
  useEffect(() => {
    const off = api.on(event, handler);
    return () => {
      off();
    };
  }, [api, event, handler]);
}
