import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerSummary } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';

/** The contract's maximum; the list is windowed, so showing 500 costs what 20 do. */
export const SEARCH_LIMIT = 500;

export type SearchState = {
  /** The query these results answer. */
  query: string;
  items: CustomerSummary[];
  /** Matches, counted up to 1,000 (every cached customer for an empty query). */
  total: number;
  /** More than 1,000 matches. */
  more: boolean;
  loaded: boolean;
  error: AppError | null;
};

/**
 * Results as the operator types: one call per keystroke (the core answers in milliseconds), and an
 * answer is applied only if no newer request has been answered already, so a slow stale answer
 * never overwrites a fresh one. Re-runs when customers change.
 */
export function useCustomerSearch(query: string, reloadToken: unknown): SearchState & { rerun: () => void } {
  const api = useApi();
  const [state, setState] = useState<SearchState>({ query: '', items: [], total: 0, more: false, loaded: false, error: null });
  const issued = useRef(0);
  const applied = useRef(0);
  const latestQuery = useRef(query);
  latestQuery.current = query;

  const run = useCallback(
    async (q: string) => {
      const mine = ++issued.current;
      const result = await api.searchCustomers({ query: q.trim(), limit: SEARCH_LIMIT });
      if (mine < applied.current) return;
      applied.current = mine;
      if (result.ok) setState({ query: q, items: result.value.items, total: result.value.total, more: result.value.more, loaded: true, error: null });
      else setState((s) => ({ ...s, query: q, loaded: true, error: result.error }));
    },
    [api],
  );

  useEffect(() => {
    void run(query);
  }, [run, query, reloadToken]);

  useApiEvent('customersChanged', () => void run(latestQuery.current));

  const rerun = useCallback(() => void run(latestQuery.current), [run]);
  return { ...state, rerun };
}
