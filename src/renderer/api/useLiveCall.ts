import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Result } from '../../shared/result';
import { useApiEvent } from './ApiContext';

/**
 * The answer of one call, reloaded whenever the queue or a customer changes (or, with
 * `onEvents: false`, only when `call` itself changes). Reloads coalesce: at most one call in
 * flight, and one more after it if anything changed meanwhile.
 */
export function useLiveCall<T>(call: () => Promise<Result<T>>, { onEvents = true }: { onEvents?: boolean } = {}) {
  const [value, setValue] = useState<T | null>(null);
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
      const result = await call();
      if (result.ok) {
        setValue(result.value);
        setError(null);
      } else setError(result.error);
    } while (again.current);
    inFlight.current = false;
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);
  useApiEvent('sync', () => {
    if (onEvents) void load();
  });
  useApiEvent('customersChanged', () => {
    if (onEvents) void load();
  });

  return { value, error, reload: load };
}
