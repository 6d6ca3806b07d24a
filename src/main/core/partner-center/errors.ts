import { MCA_REQUIRED_CODE, STALE_ETAG_CODE } from '../../../shared/partner-center-codes';
import { parseErrorBody } from './schemas';

/**
 * What went wrong, in the terms the sync engine decides on:
 * - `network`: no HTTP answer (refused, reset, DNS, connection dropped mid-body).
 * - `timeout`: our own deadline passed (or the server answered 408); retry with the SAME
 *   `MS-RequestId` (it is on the error) so Partner Center can de-duplicate (§1.2).
 * - `throttled`: 429; wait until `retryAt`.
 * - `unauthorized`: 401 (or no token could be had); the user must sign in again.
 * - `forbidden` (403), `not-found` (404), `rejected` (any other 4xx): Partner Center said no.
 * - `server`: 5xx.
 * - `bad-response`: a 2xx whose body is not the documented shape (or not JSON at all).
 */
export type PartnerCenterErrorKind =
  | 'network'
  | 'timeout'
  | 'throttled'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rejected'
  | 'server'
  | 'bad-response';

export interface PartnerCenterErrorInit {
  kind: PartnerCenterErrorKind;
  message: string;
  httpStatus?: number;
  code?: string;
  errorName?: string;
  correlationId?: string;
  requestId?: string;
  retryAt?: Date;
  cause?: unknown;
}

const RETRYABLE_KINDS: ReadonlySet<PartnerCenterErrorKind> = new Set([
  'network',
  'timeout',
  'server',
  'bad-response',
  'throttled',
]);

/** The one error type every client call rejects with (except a caller's own abort). */
export class PartnerCenterError extends Error {
  override readonly name = 'PartnerCenterError';
  readonly kind: PartnerCenterErrorKind;
  readonly httpStatus?: number;
  /** Partner Center's error code as a string (`"600061"`), when the body carried one. */
  readonly code?: string;
  readonly errorName?: string;
  readonly correlationId?: string;
  /** The `MS-RequestId` of the failed call (echoed by the server, else the one we sent). */
  readonly requestId?: string;
  /** Earliest time to try again (from `Retry-After`), for `throttled`. */
  readonly retryAt?: Date;
  /** Whether the same call may succeed later without the user changing anything. */
  readonly retryable: boolean;
  /** True for 401: park the queue until the user signs in; do not burn attempts. */
  readonly signInNeeded: boolean;

  constructor(init: PartnerCenterErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.errorName = init.errorName;
    this.correlationId = init.correlationId;
    this.requestId = init.requestId;
    this.retryAt = init.retryAt;
    this.retryable = RETRYABLE_KINDS.has(init.kind);
    this.signInNeeded = init.kind === 'unauthorized';
  }
}

export function isPartnerCenterError(value: unknown): value is PartnerCenterError {
  return value instanceof PartnerCenterError;
}

/**
 * Whether a write that failed this way is retried with the same MS-RequestId (§1.2): when no
 * usable answer came — a timeout, a dropped connection, a 5xx, a 2xx whose body could not be
 * read. The write may have been done: the same id lets Partner Center answer it again rather
 * than do it twice (and the caller reads before writing again). A business answer (4xx), a 429
 * (refused before any work: the call is simply made again later) and a failure before sending
 * spend the id.
 */
export function keepsRequestId(error: unknown): boolean {
  return isPartnerCenterError(error) && error.retryable && error.kind !== 'throttled';
}

// ---------------------------------------------------------------------------------------------
// Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date in any of its three forms.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const IMF_RE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
// obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
const RFC850_RE = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
// obsolete asctime: Sun Nov  6 08:49:37 1994
const ASCTIME_RE = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

function utc(year: number, mon: string, day: number, h: number, m: number, s: number): Date | undefined {
  const month = MONTHS.indexOf(mon.toLowerCase());
  if (month < 0 || day < 1 || day > 31 || h > 23 || m > 59 || s > 60) return undefined;
  const date = new Date(Date.UTC(year, month, day, h, m, Math.min(s, 59)));
  // Reject dates that rolled over (e.g. 31 Feb).
  return date.getUTCDate() === day ? date : undefined;
}

function parseHttpDate(value: string, now: Date): Date | undefined {
  let m = IMF_RE.exec(value);
  if (m) return utc(+m[3]!, m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  m = RFC850_RE.exec(value);
  if (m) {
    // RFC 9110: a two-digit year more than 50 years in the future means the previous century.
    let year = 2000 + +m[3]!;
    if (year > now.getUTCFullYear() + 50) year -= 100;
    return utc(year, m[2]!, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  }
  m = ASCTIME_RE.exec(value);
  if (m) return utc(+m[6]!, m[1]!, +m[2]!.trim(), +m[3]!, +m[4]!, +m[5]!);
  return undefined;
}

/**
 * When may we try again? `undefined` for a missing or unparseable header (the caller then uses
 * its own backoff). Past dates and negative seconds mean "now": never a time before `now`.
 */
export function parseRetryAfter(value: string | null, now: Date): Date | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^-?\d+$/.test(v)) {
    const seconds = Number(v);
    const at = new Date(now.getTime() + Math.max(0, seconds) * 1000);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  const date = parseHttpDate(v, now);
  if (!date) return undefined;
  return date.getTime() < now.getTime() ? new Date(now.getTime()) : date;
}

/** The 429 body says "Try again in 57 seconds." — a fallback when the header is missing. */
function retryAtFromMessage(message: string | undefined, now: Date): Date | undefined {
  const m = message ? /try again in (\d+) seconds?/i.exec(message) : null;
  return m ? new Date(now.getTime() + Number(m[1]) * 1000) : undefined;
}

// ---------------------------------------------------------------------------------------------
// HTTP answer → error

export function kindForStatus(status: number): PartnerCenterErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  // 408 is the server timing out on us: same meaning (and same MS-RequestId rule) as our timeout.
  if (status === 408) return 'timeout';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  if (status >= 400) return 'rejected';
  // A non-error status reaching here (1xx/3xx we did not follow) is not something we can use.
  return 'bad-response';
}

export interface HttpFailure {
  status: number;
  statusText?: string;
  /** Raw body text; may be empty, HTML, or JSON in any of the documented error shapes. */
  bodyText: string;
  retryAfter?: string | null;
  correlationId?: string;
  requestId?: string;
  now?: Date;
}

/** Map a non-2xx answer to a `PartnerCenterError`, reading the Partner Center error body if any. */
export function errorFromHttpFailure(f: HttpFailure): PartnerCenterError {
  const now = f.now ?? new Date();
  let json: unknown;
  try {
    json = f.bodyText.trim() === '' ? undefined : JSON.parse(f.bodyText);
  } catch {
    json = undefined;
  }
  const body = json === undefined ? undefined : parseErrorBody(json);
  const kind = kindForStatus(f.status);
  const statusLine = `HTTP ${f.status}${f.statusText ? ` ${f.statusText}` : ''}`;
  // Retry-After may also come with 503 (RFC 9110); the 429 body's text is only a fallback.
  const retryAt =
    parseRetryAfter(f.retryAfter ?? null, now) ??
    (kind === 'throttled' ? retryAtFromMessage(body?.description, now) : undefined);
  return new PartnerCenterError({
    kind,
    message: body?.description ? body.description : statusLine,
    httpStatus: f.status,
    code: body?.code,
    errorName: body?.errorName,
    correlationId: f.correlationId,
    requestId: f.requestId,
    retryAt,
  });
}

// ---------------------------------------------------------------------------------------------
// What the commerce calls branch on (the codes' one home: src/shared/partner-center-codes.ts)

/**
 * Was a purchase or seat change refused because the customer's MCA acceptance is missing?
 * That is the one error this app exists to fix: confirm the acceptance, then try again.
 */
export function isMcaRequiredError(value: unknown): value is PartnerCenterError {
  return value instanceof PartnerCenterError && value.kind === 'forbidden' && value.code === MCA_REQUIRED_CODE;
}

/** Was a subscription PATCH refused because its etag is stale (someone changed it meanwhile)? */
export function isStaleEtagError(value: unknown): value is PartnerCenterError {
  return value instanceof PartnerCenterError && value.kind === 'rejected' && value.code === STALE_ETAG_CODE;
}
