import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { CustomerSummary } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';

/** The contract's maximum; the list is windowed, so showing 500 costs what 20 do. */
export const SEARCH_LIMIT = 500;
/**
 * What a keystroke asks for first: a screenful and its overscan. Parsing and handing over 500
 * results took a third of the keystroke-to-screen time (npm run bench, search.ui); the rest
 * follows once typing pauses.
 */
export const FIRST_PAGE = 40;
const REST_AFTER_MS = 150;

export type SearchState = {
  /** The query these results answer. */
  query: string;
  items: CustomerSummary[];
  /** Matches, counted up to 1,000 (every cached customer for an empty query). */
  total: number;
  /** More than 1,000 matches. */
  more: boolean;
  loaded: boolean;
  /** Every result up to SEARCH_LIMIT is in `items` (false while only the first page is). */
  complete: boolean;
  error: AppError | null;
};

export type CustomerSearch = SearchState & {
  /** Starts the search for a new query at once, from the input's event: nothing renders until it is answered. */
  request: (query: string) => void;
  rerun: () => void;
};

/**
 * Results as the operator types: one call per keystroke (the core answers in milliseconds), and an
 * answer is applied only if no newer request has been answered already, so a slow stale answer
 * never overwrites a fresh one. A new query asks for the first page, then for the rest when the
 * operator stops typing; a re-run of the same query (customers changed) asks for everything at
 * once, so the list never shrinks under the operator.
 *
 * The query lives in the search box (uncontrolled) and here, not in React state: a keystroke
 * renders nothing, and its answer renders once, with the query it answers (`state.query`).
 */
export function useCustomerSearch(initialQuery: string, reloadToken: unknown): CustomerSearch {
  const api = useApi();
  const [state, setState] = useState<SearchState>({ query: '', items: [], total: 0, more: false, loaded: false, complete: false, error: null });
  const issued = useRef(0);
  const applied = useRef(0);
  const restTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The query last asked for. */
  const latestQuery = useRef(initialQuery);
  /** The reload token of the last search started, so the effect does not search twice. */
  const searchedFor = useRef<{ token: unknown } | null>(null);

  const run = useCallback(
    async (q: string, limit: number) => {
      const mine = ++issued.current;
      if (restTimer.current) clearTimeout(restTimer.current);
      restTimer.current = null;
      const result = await api.searchCustomers({ query: q.trim(), limit });
      if (mine < applied.current) return;
      applied.current = mine;
      if (!result.ok) {
        setState((s) => ({ ...s, query: q, loaded: true, error: result.error }));
        return;
      }
      const complete = limit >= SEARCH_LIMIT || result.value.items.length < limit;
      // Rendered now, not in a task of React's scheduler: a frame that starts in between would
      // paint without the results, and they would wait for the next one.
      flushSync(() => setState({ query: q, items: result.value.items, total: result.value.total, more: result.value.more, loaded: true, complete, error: null }));
      if (!complete && mine === issued.current) {
        restTimer.current = setTimeout(() => {
          if (mine === issued.current) void run(q, SEARCH_LIMIT);
        }, REST_AFTER_MS);
      }
    },
    [api],
  );

  const request = useCallback(
    (q: string) => {
      if (q === latestQuery.current) return;
      latestQuery.current = q;
      void run(q, FIRST_PAGE);
    },
    [run],
  );

  // On mount the first page of the query the box starts with; when the cache changes, everything.
  useEffect(() => {
    const first = searchedFor.current === null;
    if (!first && searchedFor.current?.token === reloadToken) return;
    searchedFor.current = { token: reloadToken };
    void run(latestQuery.current, first ? FIRST_PAGE : SEARCH_LIMIT);
  }, [run, reloadToken]);

  useEffect(
    () => () => {
      if (restTimer.current) clearTimeout(restTimer.current);
    },
    [],
  );

  useApiEvent('customersChanged', () => void run(latestQuery.current, SEARCH_LIMIT));

  const rerun = useCallback(() => void run(latestQuery.current, SEARCH_LIMIT), [run]);
  return { ...state, request, rerun };
}
