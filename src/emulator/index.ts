/**
 * Partner Center emulator: plain Node (`node:http`), no Electron. See README.md in this folder.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sleep } from '../shared/sleep';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAdmin } from './admin';
import {
  getAgreementMetadata, getCustomer, getCustomerAgreements, getDirectSigned, listCustomers, postAgreement,
  type Handler, type RequestContext,
} from './api';
import { agreementCreation, attestationRoutes, customerPage, isCustomerPage } from './attestations';
import { commerceRoutes, createCustomer } from './commerce';
import { genericError, wrongTokenKind, type Reply } from './errors';
import { startIdentityProvider, type IdentityProvider } from './oidc/server';
import { mulberry32 } from './prng';
import { EmulatorState, type EmulatorOptions, type EmulatorRole, type FaultKind } from './state';

export type { EmulatorCloud, EmulatorOptions, EmulatorRole } from './state';
export { EmulatorState } from './state';
export { WELL_KNOWN, MCA_TEMPLATE_ID, MCA_EARLIER_TEMPLATE_ID, MCLOUDA_TEMPLATE_ID } from './seed';
export { DEFAULT_WEB_APP_ID } from './oidc/web-apps';

export interface Emulator {
  url: string;
  port: number;
  /** An App+User bearer token (opaque). */
  issueToken(role?: EmulatorRole): string;
  /** An app-only bearer token (opaque) of the default web app. */
  issueAppOnlyToken(): string;
  /** The OIDC identity provider (HTTPS, self-signed): authority = `url` + `/{tenant}`. */
  oidc: { url: string; ca: string; tenantId: string } | null;
  close(): Promise<void>;
}

export interface Route {
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
  /** Agreement endpoints: public cloud only. */
  agreement?: boolean;
  /** Methods that accept one kind of token only (403 for the other); absent: both kinds. */
  tokens?: Partial<Record<string, 'user' | 'app'>>;
}

const ROUTES: Route[] = [
  { pattern: /^\/v1\/customers$/i, methods: { GET: listCustomers, POST: createCustomer } },
  { pattern: /^\/v1\/customers\/([^/]+)$/i, methods: { GET: getCustomer } },
  // App+User only (partner-center-api.md §2.1-§2.3, §6). POST decides by its body (attestations.ts).
  { pattern: /^\/v1\/customers\/([^/]+)\/agreements$/i, methods: { GET: getCustomerAgreements, POST: agreementCreation(postAgreement) }, agreement: true, tokens: { GET: 'user' } },
  { pattern: /^\/v1\/customers\/([^/]+)\/directSignedMicrosoftCustomerAgreementStatus$/i, methods: { GET: getDirectSigned }, agreement: true, tokens: { GET: 'user' } },
  { pattern: /^\/v1\/agreements$/i, methods: { GET: getAgreementMetadata }, agreement: true, tokens: { GET: 'user' } },
  ...attestationRoutes,
  ...commerceRoutes,
];

const MAX_BODY = 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(options);
  const idp: IdentityProvider | null = options.oidc === false ? null : await startIdentityProvider(state);
  const sockets = new Set<Socket>();
  const faultRng = mulberry32((state.seed ^ 0x0fa17) >>> 0);
  const windows = new Map<string, { window: number; count: number }>();

  /** Fixed one-second windows. Returns seconds to wait when over the limit. */
  function throttled(key: string, limit: number): number | null {
    if (limit <= 0) return null;
    const now = Date.now();
    const win = Math.floor(now / 1000);
    const w = windows.get(key);
    if (!w || w.window !== win) {
      windows.set(key, { window: win, count: 1 });
      return null;
    }
    if (w.count >= limit) return Math.max(1, Math.ceil(((win + 1) * 1000 - now) / 1000));
    w.count++;
    return null;
  }

  /**
   * Answers `reply`; with `answerAt` (a read under a set latency), not before that time: the
   * answer is made ready meanwhile, as a server's own work is part of the time it takes to
   * answer, not added to it. A read still unanswered when the emulator goes offline is cut.
   */
  function send(res: ServerResponse, method: string, reply: Reply, answerAt = 0): void {
    const payload = reply.body === undefined ? undefined : Buffer.from(JSON.stringify(reply.body));
    const headers: Record<string, string | number> = { ...reply.headers };
    if (payload) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    headers['Content-Length'] = payload?.length ?? 0;
    const answer = () => {
      if (answerAt > 0 && state.controls.offline) return void res.socket?.destroy();
      res.writeHead(reply.status, headers);
      res.end(method === 'HEAD' ? undefined : payload);
    };
    const wait = answerAt - performance.now();
    if (wait > 0) setTimeout(answer, wait);
    else answer();
  }

  /** The customer's acceptance page: another service, so no MS-* headers, faults, latency, throttling or offline. */
  async function page(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: URLSearchParams): Promise<void> {
    const raw = await readBody(req);
    const p = isLoopback(req.socket.remoteAddress)
      ? customerPage(state, method, path, query, raw ?? '')
      : { status: 403, html: 'The emulator answers loopback clients only.', allow: undefined };
    res.writeHead(p.status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(p.html),
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...(p.allow ? { Allow: p.allow } : {}),
    });
    res.end(method === 'HEAD' ? undefined : p.html);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const parsedUrl = new URL(url, 'http://127.0.0.1');
    const path = parsedUrl.pathname;
    if (isCustomerPage(path)) return page(req, res, method, path, parsedUrl.searchParams);
    const requestId = (req.headers['ms-requestid'] as string | undefined) ?? randomUUID();
    const correlationId = (req.headers['ms-correlationid'] as string | undefined) ?? randomUUID();
    res.setHeader('MS-RequestId', requestId);
    res.setHeader('MS-CorrelationId', correlationId);
    res.setHeader('MS-CV', `emu.${requestId.slice(0, 8)}.0`);

    if (path.startsWith('/_emulator/')) {
      if (!isLoopback(req.socket.remoteAddress)) return send(res, method, { status: 403, body: { error: 'The admin API answers loopback clients only.' } });
      const raw = await readBody(req);
      return send(res, method, handleAdmin(state, method, path, parsedUrl.searchParams, raw ?? ''));
    }

    state.requests += 1;
    const isWrite = WRITE_METHODS.has(method);
    const logWrite = (body: unknown, status: number | null, errorCode: string | number | null, fault?: string) => {
      if (!isWrite) return;
      state.writes.push({ time: new Date(state.now()).toISOString(), method, path: url, requestId, correlationId, body, status, errorCode, ...(fault ? { fault } : {}) });
    };

    if (state.controls.offline) {
      logWrite(null, null, null, 'offline');
      req.socket.destroy();
      return;
    }

    const raw = await readBody(req);
    let loggedBody: unknown = raw;
    if (raw) {
      try {
        loggedBody = JSON.parse(raw);
      } catch {
        loggedBody = raw;
      }
    } else loggedBody = null;

    // The latency is the time to answer. A read is answered at its end, made ready meanwhile
    // (send); a write waits it out first, so what it changes happens only if it was not cut.
    const latencyMs = state.controls.latencyMs;
    const answerAt = latencyMs > 0 && method === 'GET' ? arrivedAt + latencyMs : 0;
    if (latencyMs > 0 && method !== 'GET') await sleep(latencyMs);
    if (method === 'GET' && path === '/v1/customers') await state.customerPageTurn();
    if (state.controls.offline) {
      logWrite(loggedBody, null, null, 'offline');
      req.socket.destroy();
      return;
    }

    const finish = (reply: Reply, fault?: string) => {
      logWrite(loggedBody, reply.status, reply.errorCode ?? null, fault);
      send(res, method, reply, answerAt);
    };

    if (raw === null) return finish(genericError(413, '413', 'The request body is too large.'));
    if (!path.startsWith('/v1/')) return finish(genericError(404, '404', `No resource at ${path}.`));

    // Authentication.
    const auth = req.headers['authorization'];
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
    let tokenInfo = m?.[1] ? state.tokens.get(m[1]) : undefined;
    let refusal = 'Authentication failed: a valid bearer token is required.';
    // JWTs of the identity provider (signature, issuer, audience, expiry, MFA checked).
    const verified = !tokenInfo && m?.[1] && idp ? idp.verifyAccessToken(m[1]) : null;
    if (verified && 'info' in verified) tokenInfo = verified.info;
    else if (verified) refusal = `Authentication failed: ${verified.refused}`;
    if (!tokenInfo) {
      return finish({ ...genericError(401, '401', refusal), headers: { 'WWW-Authenticate': 'Bearer' } });
    }

    // Routing.
    let route: Route | undefined;
    let params: string[] = [];
    for (const r of ROUTES) {
      const match = r.pattern.exec(path);
      if (match) {
        route = r;
        params = match.slice(1).map((p) => decodeURIComponent(p));
        break;
      }
    }
    if (!route) return finish(genericError(404, '404', `No resource at ${path}.`));
    const handler = route.methods[method];
    if (!handler) {
      return finish({ ...genericError(405, '405', `The method ${method} is not allowed on ${path}.`), headers: { Allow: Object.keys(route.methods).join(', ') } });
    }
    if (route.agreement && state.controls.cloud !== 'public') {
      return finish(genericError(404, '404', `Agreement APIs are not available in the ${state.controls.cloud} cloud.`));
    }

    // Throttling: per partner (every /v1 call), and per customer (calls under /v1/customers/{id}).
    const t = state.controls.throttle;
    const customerKey = /^\/v1\/customers\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
    const wait = throttled('partner', t.perPartner) ?? (customerKey ? throttled(`customer:${customerKey}`, t.perCustomer) : null);
    if (wait !== null) {
      state.throttled += 1;
      const retryAfter = t.retryAfterFormat === 'http-date' ? new Date((Math.floor(Date.now() / 1000) + wait) * 1000).toUTCString() : String(wait);
      return finish({ status: 429, headers: { 'Retry-After': retryAfter }, body: { statusCode: 429, message: `Rate limit is exceeded. Try again in ${wait} seconds.` }, errorCode: 429 });
    }

    // Faults (before processing: 500, 503; after processing: timeout, reset, truncated, bad-json).
    let fault: FaultKind | undefined;
    const f = state.controls.faults;
    if (f.rate > 0 && f.kinds.length > 0 && faultRng() < f.rate) fault = f.kinds[Math.floor(faultRng() * f.kinds.length)];
    if (fault === '500') return finish(genericError(500, '500', 'The service has encountered an unknown error.'), fault);
    if (fault === '503') return finish({ ...genericError(503, '503', 'The service is temporarily unavailable.'), headers: { 'Retry-After': '1' } }, fault);

    const caller = state.callerFor(tokenInfo);
    const ctx: RequestContext = { state, method, url, path, query: parsedUrl.searchParams, headers: req.headers, rawBody: raw, requestId, caller };
    const onlyFor = route.tokens?.[method];
    if (onlyFor && onlyFor !== caller.kind) return finish(wrongTokenKind(onlyFor));

    // Idempotency: a write retried with the same MS-RequestId gets the first answer again.
    const replayKey = `${method} ${path.toLowerCase()} ${requestId}`;
    let reply: Reply;
    const previous = isWrite ? state.replays.get(replayKey) : undefined;
    if (previous) {
      reply = { status: previous.status, body: previous.body, headers: { ...previous.headers, 'MS-Emulator-Replayed': 'true' } };
    } else {
      reply = handler(ctx, params);
      if (isWrite && reply.status < 300) state.replays.set(replayKey, { method, path, status: reply.status, body: reply.body, ...(reply.headers ? { headers: reply.headers } : {}) });
    }

    if (fault === 'timeout') {
      logWrite(loggedBody, null, null, fault);
      return; // never answers; the socket is destroyed when the client gives up or on close()
    }
    if (fault === 'reset') {
      logWrite(loggedBody, null, null, fault);
      req.socket.destroy();
      return;
    }
    if (fault === 'truncated') {
      logWrite(loggedBody, reply.status, reply.errorCode ?? null, fault);
      const payload = Buffer.from(JSON.stringify(reply.body ?? {}));
      res.writeHead(reply.status, { ...reply.headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': payload.length });
      res.write(payload.subarray(0, Math.max(1, Math.floor(payload.length / 2))), () => req.socket.destroy());
      return;
    }
    if (fault === 'bad-json') {
      logWrite(loggedBody, 200, null, fault);
      const payload = '{"totalCount": 1, "items": [{"id": "';
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
      res.end(payload);
      return;
    }
    finish(reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, req.method ?? 'GET', genericError(500, '500', `Emulator error: ${String(err)}`));
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Longer than clients keep idle sockets (undici: 4 s), so a client never reuses a socket the
  // server is closing at that moment ("other side closed" on a POST that cannot be retried).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return new Promise((resolve, reject) => {
    const failed = (error: Error) => {
      void idp?.close();
      reject(error);
    };
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        issueToken: (role?: EmulatorRole) => state.issueToken(role),
        issueAppOnlyToken: () => state.issueAppOnlyToken(),
        oidc: idp ? { url: idp.url, ca: idp.ca, tenantId: idp.tenantId } : null,
        close: async () => {
          await Promise.all([
            new Promise<void>((done) => {
              for (const s of sockets) s.destroy();
              server.close(() => done());
              server.closeAllConnections();
            }),
            idp?.close(),
          ]);
        },
      });
    });
  });
}
