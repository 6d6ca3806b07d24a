import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/ApiContext';

type Subscriptions = CallOutput<'listSubscriptions'>;
type State = { forId: string | null; value: Subscriptions | null; error: AppError | null; loading: boolean };

/** The customer's subscriptions, read again when the connection comes back; answers for another customer are dropped. */
export function useSubscriptions(customerId: string, online: boolean | null) {
  const api = useApi();
  const [state, setState] = useState<State>({ forId: null, value: null, error: null, loading: true });
  const current = useRef(customerId);
  current.current = customerId;

  const load = useCallback(async () => {
    const id = current.current;
    setState((s) => ({ ...s, loading: true }));
    const result = await api.listSubscriptions({ customerId: id });
    if (current.current !== id) return;
    setState(result.ok ? { forId: id, value: result.value, error: null, loading: false } : { forId: id, value: null, error: result.error, loading: false });
  }, [api]);

  useEffect(() => {
    void load();
  }, [customerId, online, load]);

  const mine = state.forId === customerId;
  return { subscriptions: mine ? state.value : null, error: mine ? state.error : null, loading: !mine || state.loading, reload: load };
}
