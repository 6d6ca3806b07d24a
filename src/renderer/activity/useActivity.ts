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

/**
 * The activity log's hash chain, checked when the view opens and again when the log has grown
 * (`newestSeq`): the check reads every entry, so not on every sync event.
 */
export function useActivityChain(newestSeq: number | null) {
  const api = useApi();
  // newestSeq is not used inside: a new newest entry is the reason to check again.
  const call = useCallback(() => api.verifyActivity({}), [api, newestSeq]);
  const { value, error } = useLiveCall(call, { onEvents: false });
  return { chain: value, error };
}
