import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { socketCall, socketHello, SOCKET_MALFORMED, SOCKET_UNAUTHORISED } from '../shared/call-socket';
import type { CallName } from '../shared/contract';
import type { Result } from '../shared/result';

export interface CallSocketOptions {
  /** The per-run secret checked in constant time. */
  authorised: (secret: string) => boolean;
  /** The contract's call named by a channel, if any. */
  callOf: (channel: string) => CallName | undefined;
  /** The one dispatch path of the HTTP calls: validates the input and the answer with the contract. */
  dispatch: (name: CallName, input: unknown) => Promise<Result<unknown>>;
  /** Bytes of one message, as for one HTTP call's body. */
  maxMessage: number;
  /** A bug in dispatch: logged; the socket closes (1011) and the page goes on over HTTP. */
  onBug: (error: unknown) => void;
}

/** How long a socket may stay open without having sent the secret. */
const HELLO_TIMEOUT_MS = 5000;

/**
 * The browser host's calls over one WebSocket per page (src/shared/call-socket.ts). The upgrade
 * request has passed the host's Host, Origin and Sec-Fetch-Site checks; the socket is refused
 * (closed with SOCKET_UNAUTHORISED) unless its first message carries the secret, and closed with
 * SOCKET_MALFORMED on a message that is not a call. A message over `maxMessage` bytes closes it
 * (1009) before it is parsed.
 */
export function callSocketServer(options: CallSocketOptions) {
  const server = new WebSocketServer({ noServer: true, maxPayload: options.maxMessage, perMessageDeflate: false, clientTracking: true });

  const serve = (socket: WebSocket) => {
    let authorised = false;
    const hello = setTimeout(() => socket.close(SOCKET_UNAUTHORISED, 'Unauthorized'), HELLO_TIMEOUT_MS);
    socket.on('close', () => clearTimeout(hello));
    // A socket error (a frame ws refuses: too large, not masked, bad UTF-8) closes it; nothing to add.
    socket.on('error', () => undefined);
    const answer = (id: number, result: Result<unknown>) => {
      // The page reads the id from the start of the text (the bench does too): keep it first.
      if (socket.readyState === socket.OPEN) socket.send(`{"id":${id},"result":${JSON.stringify(result)}}`);
    };
    socket.on('message', (data: RawData, isBinary: boolean) => {
      let message: unknown;
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(data.toString());
      } catch {
        return socket.close(SOCKET_MALFORMED, 'Not JSON text.');
      }
      if (!authorised) {
        clearTimeout(hello);
        const given = socketHello.safeParse(message);
        if (!given.success || !options.authorised(given.data.secret)) return socket.close(SOCKET_UNAUTHORISED, 'Unauthorized');
        authorised = true;
        return socket.send('{"ready":true}');
      }
      const call = socketCall.safeParse(message);
      if (!call.success) return socket.close(SOCKET_MALFORMED, 'Not a call.');
      const { id, channel, input } = call.data;
      const name = options.callOf(channel);
      if (!name) return answer(id, { ok: false, error: { code: 'invalid-input', message: 'Unknown channel.' } });
      let answered: Promise<Result<unknown>>;
      try {
        answered = options.dispatch(name, input);
      } catch (error) {
        answered = Promise.reject(error);
      }
      answered
        .then((result) => answer(id, result))
        .catch((error: unknown) => {
          options.onBug(error);
          socket.close(1011, 'Internal error');
        });
    });
  };

  return {
    /** Takes over an upgrade request that passed the host's checks. */
    upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
      server.handleUpgrade(req, socket, head, serve);
    },
    close(): void {
      for (const socket of server.clients) socket.terminate();
      server.close();
    },
  };
}
