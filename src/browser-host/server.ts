import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import { calls, callNames, events, type CallName, type EventName, type EventPayload } from '../shared/contract';
import type { AppCore } from '../main/core/app-core-types';
import { CALL_SOCKET_PATH } from '../shared/call-socket';
import { callSocketServer } from './call-socket';
import { contentTypeOf, rendererFileFor } from '../shells/renderer-files';

export interface BrowserHostOptions {
  core: AppCore;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Per-run secret; generated when absent. */
  secret?: string;
}

export interface BrowserHost {
  url: string;
  /** The URL to open: carries the secret in the fragment (never sent over the wire by the browser). */
  openUrl: string;
  port: number;
  /** Sends an event of the host's own (not the core's) to every open page. */
  broadcast<K extends EventName>(name: K, payload: EventPayload<K>): void;
  close(): Promise<void>;
}

const STATUS_TEXT = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found' } as const;
const REFUSAL_TEXT = { 400: 'Bad request', 403: 'Forbidden', 421: 'Misdirected request' } as const;

const byChannel = new Map<string, CallName>(callNames.map((name) => [calls[name].channel, name]));
/** Bytes of one call's JSON: a bulk import sends a file's text (5 M characters, up to 3 bytes each) or its rows. */
const MAX_BODY = 16_000_000;

/**
 * A percent-encoded path (or part of one) decoded, or null when it is not valid UTF-8
 * percent-encoding or decodes to a control character (a NUL would reach the file system).
 */
function decodePath(encoded: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return /[\u0000-\u001f\u007f]/.test(decoded) ? null : decoded;
}

/** What the handler of one request answers with. */
interface Answering {
  /** The request target as sent, and its path (still percent-encoded). */
  target: string;
  rawPath: string;
  send: (status: number, body: string, type?: string) => void;
  /** Answers 500 (or cuts the answer short) and logs the error. */
  fail: (error: unknown) => void;
  /** `handler`, its throws turned into `fail`: for each callback of the request. */
  guarded: <A extends unknown[]>(handler: (...args: A) => void) => (...args: A) => void;
}

/**
 * Serves the built renderer and the app's contract to a browser on 127.0.0.1: calls as
 * POST /api/call/<channel> or over one WebSocket (GET /api/socket, src/shared/call-socket.ts),
 * events as Server-Sent Events from GET /api/events, with the per-run secret as a bearer token
 * (on the socket: its first message). Same core and same handlers as the Electron shell; nothing
 * else is reachable.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const secretBytes = Buffer.from(secret);
  const rendererDir = path.resolve(options.rendererDir);
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const authorised = (token: string | null | undefined) => {
    if (!token) return false;
    const given = Buffer.from(token);
    return given.length === secretBytes.length && timingSafeEqual(given, secretBytes);
  };

  /** The latest frame of each snapshot event, for streams that connect after it was sent. */
  const latest = new Map<EventName, string>();
  const broadcast = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    const frame = `event: ${events[name].channel}\ndata: ${JSON.stringify(payload)}\n\n`;
    if ('snapshot' in events[name]) latest.set(name, frame);
    for (const stream of streams) stream.write(frame);
  };
  const unsubscribe = options.core.subscribe(broadcast);

  const callSocket = callSocketServer({
    authorised,
    callOf: (channel) => byChannel.get(channel),
    dispatch: (name, input) => options.core.dispatch(name, input),
    maxMessage: MAX_BODY,
    onBug: (error) => console.error(`browser host: a call over the socket failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });

  const server = http.createServer((req, res) => {
    // The path only: never the query, so nothing a client put in a URL reaches the log.
    const target = req.url ?? '/';
    const rawPath = target.split('?', 1)[0] ?? '/';
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    /** A bug in a handler answers 500 and is logged; it never ends the process. */
    const fail = (error: unknown) => {
      console.error(`browser host: ${req.method ?? '?'} ${JSON.stringify(rawPath)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(500, 'Internal server error');
      else res.destroy();
    };
    const guarded =
      <A extends unknown[]>(handler: (...args: A) => void) =>
      (...args: A) => {
        try {
          handler(...args);
        } catch (error) {
          fail(error);
        }
      };
    guarded(() => handle(req, res, { target, rawPath, send, fail, guarded }))();
  });

  /**
   * Why a request (or a WebSocket upgrade) is refused before anything else is looked at, if it is:
   * the checks every request passes.
   */
  function refusal(req: http.IncomingMessage, target: string): keyof typeof REFUSAL_TEXT | null {
    // Refuse other host names (DNS rebinding): only our loopback address and port.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 421;
    // Refuse what another page asks for (a form, a fetch, an <img>, a WebSocket): the Origin a
    // browser sends, when it sends one, must be ours; and what it marks as from another site
    // (another port of localhost is the same site) is refused too, for the requests that carry no Origin.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return 403;
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return 403;
    // Only origin-form targets ("/path?query"): a proxy's absolute form or "*" has no business here.
    if (!target.startsWith('/')) return 400;
    return null;
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse, { target, rawPath, send, fail, guarded }: Answering): void {
    const refuse = (status: number, message: string) => send(status, JSON.stringify({ ok: false, error: { code: 'invalid-input', message } }), 'application/json');
    const refused = refusal(req, target);
    if (refused) return send(refused, REFUSAL_TEXT[refused]);

    // The secret is a bearer token, never a query parameter: URLs end up in logs and history.
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

    if (rawPath === '/api/events') {
      if (req.method !== 'GET') return send(405, 'Method not allowed');
      if (!authorised(bearer)) return send(401, 'Unauthorized');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      for (const frame of latest.values()) res.write(frame);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (rawPath.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(405, 'Method not allowed');
      if (!authorised(bearer)) return send(401, 'Unauthorized');
      const channel = decodePath(rawPath.slice('/api/call/'.length));
      if (channel === null) return refuse(400, 'The channel is not a valid path.');
      const name = byChannel.get(channel);
      if (!name) return refuse(404, 'Unknown channel.');
      /** 413 at once; the rest of the body is not read, and the connection closes once the answer is out. */
      const tooLarge = () => {
        req.pause();
        res.setHeader('connection', 'close');
        refuse(413, `The request body is larger than ${MAX_BODY / 1_000_000} MB.`);
      };
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return tooLarge();
      const chunks: Buffer[] = [];
      let size = 0;
      req.on(
        'data',
        guarded((chunk: Buffer) => {
          if (size > MAX_BODY) return;
          size += chunk.length;
          if (size > MAX_BODY) tooLarge();
          else chunks.push(chunk);
        }),
      );
      req.on(
        'end',
        guarded(() => {
          if (size > MAX_BODY) return;
          let input: unknown;
          try {
            input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
          } catch {
            return refuse(400, 'The request body is not JSON.');
          }
          options.core
            .dispatch(name, input)
            .then((result) => send(200, JSON.stringify(result), 'application/json'))
            .catch(fail);
        }),
      );
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    // The one rule for which file a path names, shared with the Electron shell's app:// protocol.
    const wanted = rendererFileFor(rawPath, rendererDir);
    if (!wanted.ok) return send(wanted.status, STATUS_TEXT[wanted.status]);
    const file = wanted.path;
    fs.readFile(
      file,
      guarded((error: NodeJS.ErrnoException | null, data: Buffer) => {
        if (error) return send(404, 'Not found');
        res.writeHead(200, {
          'content-type': contentTypeOf(file),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : data);
      }),
    );
  }

  // The calls' WebSocket: the same checks as every request, then the secret as its first message.
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = req.url ?? '/';
    const refused = refusal(req, target) ?? (target.split('?', 1)[0] === CALL_SOCKET_PATH && req.method === 'GET' ? null : 404);
    if (refused === null) return callSocket.upgrade(req, socket, head);
    socket.on('error', () => undefined);
    socket.end(`HTTP/1.1 ${refused} ${refused === 404 ? 'Not Found' : REFUSAL_TEXT[refused]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    openUrl: `${url}#secret=${secret}`,
    port,
    broadcast,
    async close() {
      unsubscribe();
      callSocket.close();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
