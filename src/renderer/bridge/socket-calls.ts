import { socketAnswer, SOCKET_MALFORMED, SOCKET_UNAUTHORISED } from '../../shared/call-socket';

/** What the socket needs of the page: injected so it is tested without a browser. */
export interface SocketCallsDeps {
  /** Opens the WebSocket (ws://<the page's host>/api/socket). */
  open: () => WebSocket;
  /** Resolves when a dropped socket may connect again. */
  reconnectDelay: () => Promise<void>;
}

export interface SocketCalls {
  /** Sends the call over the socket and resolves with its answer; null when the socket is not ready (send it over HTTP). */
  invoke(channel: string, input: unknown): Promise<unknown> | null;
}

/**
 * The browser host's calls over one WebSocket (src/shared/call-socket.ts): no request, headers and
 * answer to set up for each call. Until the host has accepted the secret, and whenever the socket is
 * down, `invoke` answers null and the call goes over HTTP. A call in flight when the socket drops
 * fails as an HTTP call whose connection drops does (it is not sent again: it may have been
 * answered). A dropped socket connects again after `reconnectDelay`; one that never opened, or that
 * the host refused, is given up for good.
 */
export function socketCalls(secret: string, deps: SocketCallsDeps): SocketCalls {
  let ready: WebSocket | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  const connect = () => {
    let socket: WebSocket;
    try {
      socket = deps.open();
    } catch {
      return;
    }
    let wasReady = false;
    socket.onopen = () => socket.send(JSON.stringify({ secret }));
    socket.onmessage = (event: MessageEvent) => {
      let answer;
      try {
        answer = socketAnswer.parse(JSON.parse(String(event.data)));
      } catch (error) {
        console.error('MCA Desk: the call socket sent what is not an answer', error);
        return socket.close();
      }
      if ('ready' in answer) {
        wasReady = true;
        ready = socket;
        return;
      }
      const call = pending.get(answer.id);
      pending.delete(answer.id);
      call?.resolve(answer.result);
    };
    socket.onclose = (event: CloseEvent) => {
      if (ready === socket) ready = null;
      for (const [id, call] of pending) {
        pending.delete(id);
        call.reject(new Error(`the call socket closed (${event.code})`));
      }
      if (!wasReady || event.code === SOCKET_UNAUTHORISED || event.code === SOCKET_MALFORMED) return;
      void deps.reconnectDelay().then(connect);
    };
  };
  connect();

  return {
    invoke(channel, input) {
      const socket = ready;
      if (!socket) return null;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
  };
}
