import { useCallback } from 'react';
import { useApi } from '../api/ApiContext';
import { useLiveCall } from '../api/useLiveCall';

/** The newest `limit` lines of the activity log, newest first, kept fresh. */
export function useActivity(limit: number) {
  const api = useApi();
  const call = useCallback(async () => {
    const result = await api.listActivity({ limit });
    // Newest first, whatever order the core answers in.
    return result.ok ? { ...result, value: [...result.value.entries].sort((a, b) => b.seq - a.seq) } : result;
  }, [api, limit]);
  const { value, error, reload } = useLiveCall(call);
  return { entries: value, error, reload };
}

/** The activity log's hash chain, checked again whenever the log may have grown. */
export function useActivityChain() {
  const api = useApi();
  const call = useCallback(() => api.verifyActivity({}), [api]);
  const { value, error, reload } = useLiveCall(call);
  return { chain: value, error, reload };
}
