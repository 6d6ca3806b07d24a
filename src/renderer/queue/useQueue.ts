import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueItem } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';

/** Every queue item, reloaded on each sync event (coalesced: at most one call in flight). */
export function useQueue() {
  const api = useApi();
  const [items, setItems] = useState<QueueItem[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  const load = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    do {
      again.current = false;
      const result = await api.listQueue({});
      if (result.ok) {
        setItems(result.value.items);
        setError(null);
      } else setError(result.error);
    } while (again.current);
    inFlight.current = false;
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);
  useApiEvent('sync', () => void load());
  useApiEvent('customersChanged', () => void load());

  return { items, error, reload: load };
}
