import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerDetail } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';

type State = { detail: CustomerDetail | null; error: AppError | null };

/** The open customer, reloaded whenever the core says it changed. Answers for another customer are dropped. */
export function useCustomerDetail(customerId: string | null) {
  const api = useApi();
  const [state, setState] = useState<State>({ detail: null, error: null });
  const current = useRef(customerId);
  current.current = customerId;

  const load = useCallback(
    async (id: string) => {
      const result = await api.getCustomer({ customerId: id });
      if (current.current !== id) return;
      setState(result.ok ? { detail: result.value, error: null } : { detail: null, error: result.error });
    },
    [api],
  );

  useEffect(() => {
    if (customerId) void load(customerId);
  }, [customerId, load]);

  useApiEvent('customersChanged', ({ customerIds }) => {
    const id = current.current;
    if (id && (customerIds === null || customerIds.includes(id))) void load(id);
  });

  const forThisCustomer = state.detail && state.detail.id === customerId ? state.detail : null;
  return {
    detail: forThisCustomer,
    error: customerId ? state.error : null,
    reload: () => {
      if (customerId) void load(customerId);
    },
    /** Shows a detail the core just answered with (e.g. after saving a confirmation). */
    replace: (detail: CustomerDetail) => setState({ detail, error: null }),
  };
}
