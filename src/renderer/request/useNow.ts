import { useEffect, useState } from 'react';

/** The current time, moving every `intervalMs` while the component is shown ("waiting for 3 days" stays true). */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
