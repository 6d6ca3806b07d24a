import { calls, events, type McaDeskApi } from '../../shared/contract';
import { buildMcaDeskApi, channelsOf, type ApiTransport } from '../../shared/mca-desk-api';
import { sleep } from '../../shared/sleep';
import { CALL_SOCKET_PATH } from '../../shared/call-socket';
import { readEventStream, type ServerSentEvent } from './event-stream';
import { socketCalls, type SocketCallsDeps } from './socket-calls';

/** What the HTTP transport needs of the page: injected so it is tested without a browser. */
export interface HttpTransportDeps {
  /** Calls, and the event stream (read as it arrives, only once something listens). */
  fetch: typeof fetch;
  /** Resolves when a dropped event stream (or call socket) may connect again. */
  reconnectDelay: () => Promise<void>;
  /** Opens the calls' WebSocket; without it every call goes over HTTP. */
  openSocket?: SocketCallsDeps['open'];
}

/** How long the page waits before it reconnects a dropped event stream: EventSource's wait in Chromium. */
export const RECONNECT_DELAY_MS = 3000;

/**
 * The contract over the browser host: calls over one WebSocket once the host has accepted it
 * (socket-calls.ts), else as POST /api/call/<channel>; events from one Server-Sent Events stream
 * (GET /api/events), each parsed once for all its listeners. The per-run secret is a bearer token
 * (on the socket: its first message), never part of a URL.
 */
export function httpTransport(secret: string, deps: HttpTransportDeps): ApiTransport {
  const authorization = `Bearer ${secret}`;
  const socket = deps.openSocket ? socketCalls(secret, { open: deps.openSocket, reconnectDelay: deps.reconnectDelay }) : null;
  let streaming = false;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const deliver = ({ event, data }: ServerSentEvent) => {
    const forChannel = listeners.get(event);
    if (!forChannel?.size) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch (error) {
      return console.error(`MCA Desk: the event ${event} is not JSON`, error);
    }
    // One failing listener neither silences the others nor drops the stream.
    for (const each of [...forChannel]) {
      try {
        each(payload);
      } catch (error) {
        console.error(`MCA Desk: a listener of ${event} failed`, error);
      }
    }
  };
  return {
    peer: 'The browser host',
    invoke: async (channel, input) => {
      const overSocket = socket?.invoke(channel, input);
      if (overSocket) return overSocket;
      const response = await deps.fetch(`/api/call/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(input),
      });
      return response.json();
    },
    listen: (channel, listener) => {
      if (!streaming) {
        streaming = true;
        readEventStream({ url: '/api/events', headers: { authorization }, fetch: deps.fetch, onEvent: deliver, reconnectDelay: deps.reconnectDelay });
      }
      const forChannel = listeners.get(channel) ?? new Set<(payload: unknown) => void>();
      listeners.set(channel, forChannel);
      const mine = (payload: unknown) => listener(payload);
      forChannel.add(mine);
      return () => {
        forChannel.delete(mine);
      };
    },
  };
}

/**
 * `window.mcaDesk` for the browser host: the same contract over a loopback WebSocket or HTTP
 * (calls) and Server-Sent Events (events). The per-run secret arrives in the URL fragment once, is kept in
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
    httpTransport(secret, {
      fetch: (...args) => fetch(...args),
      reconnectDelay: () => sleep(RECONNECT_DELAY_MS),
      openSocket: () => new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${CALL_SOCKET_PATH}`),
    }),
    channelsOf(calls, events),
  );
  // The page is the browser host's "system browser": sign-in pages open in a new tab.
  api.on('openInBrowser', ({ url }) => {
    window.open(url, '_blank', 'noopener');
  });
  return api;
}
