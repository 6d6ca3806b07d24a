import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActivityEntry } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';

/** The newest `limit` lines of the activity log, reloaded (coalesced) whenever the queue or a customer changes. */
export function useActivity(limit: number) {
  const api = useApi();
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
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
      const result = await api.listActivity({ limit });
      if (result.ok) {
        // Newest first, whatever order the core answers in.
        setEntries([...result.value.entries].sort((a, b) => b.seq - a.seq));
        setError(null);
      } else setError(result.error);
    } while (again.current);
    inFlight.current = false;
  }, [api, limit]);

  useEffect(() => {
    void load();
  }, [load]);
  useApiEvent('sync', () => void load());
  useApiEvent('customersChanged', () => void load());

  return { entries, error, reload: load };
}
