import { useCallback } from 'react';
import { useApi } from '../api/ApiContext';
import { useLiveCall } from '../api/useLiveCall';

/** Every queue item, kept fresh. */
export function useQueue() {
  const api = useApi();
  const call = useCallback(async () => {
    const result = await api.listQueue({});
    return result.ok ? { ...result, value: result.value.items } : result;
  }, [api]);
  const { value, error, reload } = useLiveCall(call);
  return { items: value, error, reload };
}
