import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';
import { calls, callNames, events, type CallName, type EventName, type EventPayload } from '../shared/contract';
import type { AppCore } from '../main/core/app-core-types';

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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const byChannel = new Map<string, CallName>(callNames.map((name) => [calls[name].channel, name]));
/** Bytes of one call's JSON: a bulk import sends a file's text (5 M characters, up to 3 bytes each) or its rows. */
const MAX_BODY = 16_000_000;

/**
 * Serves the built renderer and the app's contract to a browser on 127.0.0.1: calls as
 * POST /api/call/<channel> with the per-run secret as a bearer token, events as Server-Sent
 * Events. Same core and same handlers as the Electron shell; nothing else is reachable.
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

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    // Refuse other host names (DNS rebinding): only our loopback address and port.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(421, 'Misdirected request');
    const url = new URL(req.url ?? '/', `http://${host}`);

    if (url.pathname === '/api/events') {
      if (!authorised(url.searchParams.get('secret'))) return send(401, 'Unauthorized');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      for (const frame of latest.values()) res.write(frame);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return send(405, 'Method not allowed');
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!authorised(bearer)) return send(401, 'Unauthorized');
      const name = byChannel.get(decodeURIComponent(url.pathname.slice('/api/call/'.length)));
      if (!name) return send(404, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'Unknown channel.' } }), 'application/json');
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) req.destroy();
        else chunks.push(chunk);
      });
      req.on('end', () => {
        let input: unknown;
        try {
          input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return send(400, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'The request body is not JSON.' } }), 'application/json');
        }
        void options.core.dispatch(name, input).then((result) => send(200, JSON.stringify(result), 'application/json'));
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed');
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep)) return send(403, 'Forbidden');
    fs.readFile(file, (error, data) => {
      if (error) return send(404, 'Not found');
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    });
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
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
