import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { errorFromHttpFailure, parseRetryAfter, PartnerCenterError } from './errors';
import type { Pacer, PacerTicket } from './pacer';

/**
 * Per-call context.
 * - `correlationId`: one per user operation (e.g. "sync this confirmation", "refresh customers");
 *   pass the same value to every call of that operation. Generated when absent.
 * - `requestId`: leave empty for a new call. Pass the `requestId` of a failed call ONLY when
 *   retrying it after a `timeout` (Partner Center's idempotency rule, §1.2).
 * - `signal`: the caller's cancellation. A cancelled call rejects with the signal's reason, not
 *   with a `PartnerCenterError`: cancelling is not a failure to report or retry.
 */
export interface RequestContext {
  correlationId?: string;
  requestId?: string;
  signal?: AbortSignal;
}

export interface TransportOptions {
  baseUrl: string;
  /** Called before every authenticated request. May throw a `PartnerCenterError` itself. */
  getAccessToken: () => Promise<string>;
  timeoutMs: number;
  locale: string;
  applicationName: string;
  fetch: typeof globalThis.fetch;
  now: () => Date;
  /** Paces every request to this Partner Center account; share one between its transports. */
  pacer: Pacer;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH';

export interface ExchangeArgs {
  method: HttpMethod;
  /** Path below the base URL (`/v1/...`) or a link URI from a previous response. */
  target: string;
  headers?: Record<string, string>;
  body?: unknown;
  ctx?: RequestContext;
}

export interface SendArgs<S extends z.ZodType> extends ExchangeArgs {
  schema: S;
}

/**
 * Any HTTP answer, before it is judged: for calls whose meaning lives in the status itself
 * (`HEAD /v1/domains`: 404 means free) or in headers (202 + `Location`).
 */
export interface RawAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  bodyText: string;
  /** The ids the server echoed, else the ones we sent. */
  correlationId: string;
  requestId: string;
}

const ABSOLUTE_URL_RE = /^[a-z][a-z\d+.-]*:/i;
const VERSIONED_PATH_RE = /^\/v\d+(?:[/?#]|$)/i;

/**
 * Resolve a path or a `links.*.uri` against the base URL.
 * Partner Center link URIs are relative to the versioned API root: the docs' own example is
 * `"/customers?size=40"`, which the .NET SDK requests as `/v1/customers?size=40`. So a URI that
 * already starts with `/v<n>` is taken verbatim below the base, and one that does not gets `/v1`.
 * Absolute URIs are followed only on the base URL's origin, so a bad link can never carry our
 * bearer token to another host.
 */
export function resolveUrl(baseUrl: string, target: string): URL | undefined {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (ABSOLUTE_URL_RE.test(target)) {
    const url = new URL(target);
    return url.origin === base.origin ? url : undefined;
  }
  const path = target.startsWith('/') ? target : `/${target}`;
  const versioned = VERSIONED_PATH_RE.test(path) ? path : `/v1${path}`;
  return new URL(`${base.origin}${basePath}${versioned}`);
}

/**
 * The cause of a failed connection (its code, UND_ERR_SOCKET, ECONNREFUSED…, else its message),
 * and only that: the sentence around it ("Partner Center could not be reached: …") is the
 * operator's language's, built once where failures are put into words (app-failure.ts).
 */
function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
      ? cause.code
      : undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  return code ?? message;
}

/** Like `response.headers.get` but never returns an empty string. */
function header(res: Response, name: string): string | undefined {
  const value = res.headers.get(name);
  return value === null || value === '' ? undefined : value;
}

interface Deadline {
  signal: AbortSignal;
  timedOut: () => boolean;
  clear: () => void;
}

/** Our own timeout, combined with the caller's signal so either one aborts the fetch. */
function deadline(timeoutMs: number, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
  return {
    signal,
    timedOut: () => controller.signal.aborted,
    clear: () => clearTimeout(timer),
  };
}

export interface Transport {
  /** One request; a non-2xx answer rejects with its `PartnerCenterError`, a 2xx is zod-parsed. */
  send<S extends z.ZodType>(args: SendArgs<S>): Promise<z.output<S>>;
  /**
   * One request, answer not judged: resolves for every HTTP status, rejects only for no answer
   * (network, timeout, token). Pair with `failure` and `parse`.
   */
  exchange(args: ExchangeArgs): Promise<RawAnswer>;
  /** The `PartnerCenterError` for an answer the caller does not accept. */
  failure(answer: RawAnswer): PartnerCenterError;
  /** Parse a 2xx answer's JSON body with `schema`; `bad-response` if it is not that shape. */
  parse<S extends z.ZodType>(answer: RawAnswer, schema: S): z.output<S>;
  probe(ctx?: RequestContext): Promise<boolean>;
}

export function createTransport(opts: TransportOptions): Transport {
  async function token(correlationId: string, requestId: string): Promise<string> {
    try {
      return await opts.getAccessToken();
    } catch (err) {
      if (err instanceof PartnerCenterError) throw err;
      // No token means nothing can be sent: the user has to sign in (again).
      throw new PartnerCenterError({
        kind: 'unauthorized',
        message: `No access token: ${err instanceof Error ? err.message : String(err)}`,
        correlationId,
        requestId,
        cause: err,
      });
    }
  }

  async function exchange(args: ExchangeArgs): Promise<RawAnswer> {
    const ctx = args.ctx ?? {};
    const correlationId = ctx.correlationId ?? randomUUID();
    const requestId = ctx.requestId ?? randomUUID();
    ctx.signal?.throwIfAborted();

    const url = resolveUrl(opts.baseUrl, args.target);
    if (!url) {
      throw new PartnerCenterError({
        kind: 'bad-response',
        message: `Refusing to follow a link to another host: ${args.target}`,
        correlationId,
        requestId,
      });
    }
    const accessToken = await token(correlationId, requestId);
    // Getting a token can take a while (refresh); the caller may have given up meanwhile.
    ctx.signal?.throwIfAborted();
    // Last before sending, so the spacing is the one the server sees; not under our deadline.
    const ticket = await opts.pacer.acquire(ctx.signal);
    const headers: Record<string, string> = {
      ...args.headers,
      Authorization: `Bearer ${accessToken}`,
      Accept: 'application/json',
      'MS-RequestId': requestId,
      'MS-CorrelationId': correlationId,
      'X-Locale': opts.locale,
      'MS-PartnerCenter-Application': opts.applicationName,
    };
    if (args.body !== undefined) headers['Content-Type'] = 'application/json';

    const limit = deadline(opts.timeoutMs, ctx.signal);
    let res: Response;
    let text: string;
    try {
      res = await opts.fetch(url, {
        method: args.method,
        headers,
        body: args.body === undefined ? undefined : JSON.stringify(args.body),
        signal: limit.signal,
      });
      settle(ticket, res);
      // The deadline covers the body too: a server that stalls mid-body is a timeout.
      text = await res.text();
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      const timedOut = limit.timedOut();
      throw new PartnerCenterError({
        kind: timedOut ? 'timeout' : 'network',
        message: timedOut
          ? `no answer within ${opts.timeoutMs} ms`
          : describeNetworkError(err),
        correlationId,
        requestId,
        cause: err,
      });
    } finally {
      limit.clear();
    }

    return {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      bodyText: text,
      // Prefer the ids the server echoed: they are what Microsoft support asks for.
      correlationId: header(res, 'ms-correlationid') ?? correlationId,
      requestId: header(res, 'ms-requestid') ?? requestId,
    };
  }

  /**
   * Tells the pacer how the server took a request, as soon as its status is known: every
   * request sent before a 429 is heard of goes over the limit too.
   */
  function settle(ticket: PacerTicket, res: Response): void {
    if (res.status !== 429) return opts.pacer.answered(ticket);
    const now = opts.now();
    const retryAt = parseRetryAfter(res.headers.get('retry-after'), now);
    opts.pacer.throttled(ticket, retryAt ? retryAt.getTime() - now.getTime() : undefined);
  }

  function failure(answer: RawAnswer): PartnerCenterError {
    return errorFromHttpFailure({
      status: answer.status,
      statusText: answer.statusText,
      bodyText: answer.bodyText,
      retryAfter: answer.headers.get('retry-after'),
      correlationId: answer.correlationId,
      requestId: answer.requestId,
      now: opts.now(),
    });
  }

  function parse<S extends z.ZodType>(answer: RawAnswer, schema: S): z.output<S> {
    const badResponse = (message: string, cause?: unknown) =>
      new PartnerCenterError({
        kind: 'bad-response',
        message,
        httpStatus: answer.status,
        correlationId: answer.correlationId,
        requestId: answer.requestId,
        cause,
      });
    let json: unknown;
    try {
      json = JSON.parse(answer.bodyText);
    } catch (err) {
      throw badResponse(`Partner Center answered ${answer.status} with a body that is not JSON`, err);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw badResponse(`Unexpected Partner Center response: ${issues}`, parsed.error);
    }
    return parsed.data;
  }

  async function send<S extends z.ZodType>(args: SendArgs<S>): Promise<z.output<S>> {
    const answer = await exchange(args);
    if (answer.status < 200 || answer.status > 299) throw failure(answer);
    return parse(answer, args.schema);
  }

  /**
   * Is Partner Center (or the emulator) reachable at all? Any HTTP answer counts, even 404 or
   * 401: the point is the network path, not the API. Sends no token, because getting a token may
   * itself need the network we are probing.
   * Not paced: it is no API call, and it must answer even while a Retry-After holds the API back.
   */
  async function probe(ctx: RequestContext = {}): Promise<boolean> {
    ctx.signal?.throwIfAborted();
    const limit = deadline(opts.timeoutMs, ctx.signal);
    try {
      const res = await opts.fetch(new URL(opts.baseUrl), {
        method: 'GET',
        headers: {
          Accept: 'application/json',
          'MS-RequestId': ctx.requestId ?? randomUUID(),
          'MS-CorrelationId': ctx.correlationId ?? randomUUID(),
          'MS-PartnerCenter-Application': opts.applicationName,
        },
        signal: limit.signal,
      });
      await res.body?.cancel().catch(() => undefined);
      return true;
    } catch {
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      return false;
    } finally {
      limit.clear();
    }
  }

  return { send, exchange, failure, parse, probe };
}
