import { callNames, calls, eventNames, events, type McaDeskApi } from '../../shared/contract';
import type { Result } from '../../shared/result';

/**
 * `window.mcaDesk` for the browser host: the same contract over loopback HTTP (calls) and
 * Server-Sent Events (events). The per-run secret arrives in the URL fragment once, is kept in
 * sessionStorage and removed from the address bar so it does not end up in history or screenshots.
 */
export function createHttpBridge(location: Location, storage: Storage): McaDeskApi {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('secret');
  if (fromHash) {
    storage.setItem('mca-desk-secret', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const secret = storage.getItem('mca-desk-secret') ?? '';

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const source = new EventSource(`/api/events?secret=${encodeURIComponent(secret)}`);
  for (const name of eventNames) {
    source.addEventListener(events[name].channel, (message) => {
      const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
      for (const listener of listeners.get(name) ?? []) listener(payload);
    });
  }

  const api: Record<string, unknown> = {
    on(event: string, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
  for (const name of callNames) {
    api[name] = async (input: unknown): Promise<Result<unknown>> => {
      try {
        const response = await fetch(`/api/call/${calls[name].channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Result<unknown>;
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: `The browser host did not answer: ${String(error)}` } };
      }
    };
  }
  // The page is the browser host's "system browser": sign-in pages open in a new tab.
  const typed = api as McaDeskApi;
  typed.on('openInBrowser', ({ url }) => {
    window.open(url, '_blank', 'noopener');
  });
  return typed;
}
