import { calls, events, type McaDeskApi } from '../../shared/contract';
import { buildMcaDeskApi, channelsOf, type ApiTransport } from '../../shared/mca-desk-api';

/** What the HTTP transport needs of the page: injected so it is tested without a browser. */
export interface HttpTransportDeps {
  fetch: typeof fetch;
  /** Opens the Server-Sent Events stream (only once something listens). */
  openEvents: (url: string) => Pick<EventSource, 'addEventListener'>;
}

/**
 * The contract over the browser host: calls as POST /api/call/<channel> with the per-run secret as a
 * bearer token, events from one Server-Sent Events stream, each parsed once for all its listeners.
 */
export function httpTransport(secret: string, deps: HttpTransportDeps): ApiTransport {
  let source: Pick<EventSource, 'addEventListener'> | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    peer: 'The browser host',
    invoke: async (channel, input) => {
      const response = await deps.fetch(`/api/call/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify(input),
      });
      return response.json();
    },
    listen: (channel, listener) => {
      let forChannel = listeners.get(channel);
      if (!forChannel) {
        const created = new Set<(payload: unknown) => void>();
        listeners.set(channel, created);
        source ??= deps.openEvents(`/api/events?secret=${encodeURIComponent(secret)}`);
        source.addEventListener(channel, (message) => {
          const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
          for (const each of created) each(payload);
        });
        forChannel = created;
      }
      const mine = (payload: unknown) => listener(payload);
      forChannel.add(mine);
      return () => {
        forChannel.delete(mine);
      };
    },
  };
}

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
  const api = buildMcaDeskApi(
    httpTransport(secret, { fetch: (...args) => fetch(...args), openEvents: (url) => new EventSource(url) }),
    channelsOf(calls, events),
  );
  // The page is the browser host's "system browser": sign-in pages open in a new tab.
  api.on('openInBrowser', ({ url }) => {
    window.open(url, '_blank', 'noopener');
  });
  return api;
}
