import { isMessageKey, translate, type Params } from '../../shared/i18n';
import { firstFew, quoteInput } from '../../shared/quote-input';
import type { AppError, ErrorCode, Issue } from '../../shared/result';
import { QueueActionError } from './confirmations/outbox';
import { isPartnerCenterError } from './partner-center';
import { ProfileError } from './profiles';
import { StoreError } from './store/database';

/**
 * The one convention for failures the operator reads: the core throws (or meets) errors whose
 * message is a translation key with its parameters; `describeFailure` is the one function that
 * turns any error into the `{ code, message, details }` the UI and the CLI show, in the operator's
 * language. Nothing inside the core translates.
 */

/** Thrown by features for an expected refusal; `message` is a translation key, `params` fill it. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: AppError['details'],
    readonly params: Params = {},
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

/** A validation issue as zod (or a feature) reports it: a translation key, maybe with what fills it. */
type IssueLike = { path: readonly PropertyKey[]; message: string; params?: Params | undefined; code?: string; keys?: readonly string[] };

/** Keys a strict schema does not know: a few of them quoted, the rest counted (there may be thousands). */
function unknownKeys(keys: readonly string[]): Pick<Issue, 'message' | 'params'> {
  const { shown, more } = firstFew(keys);
  const list = shown.map((k) => `"${quoteInput(k)}"`).join(', ');
  return more > 0 ? { message: 'validation.unknownKeys.more', params: { keys: list, more } } : { message: 'validation.unknownKeys', params: { keys: list } };
}

/** Validation issues (messages are translation keys) as one typed failure, paths prefixed. */
export function invalidInput(issues: readonly IssueLike[], prefix: string[] = []): AppFailure {
  const mapped = issues.map((i): Issue => {
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (i.code === 'unrecognized_keys' && i.keys) return { path, ...unknownKeys(i.keys) };
    return i.params ? { path, message: i.message, params: i.params } : { path, message: i.message };
  });
  return new AppFailure('invalid-input', 'error.invalid-input', { issues: mapped });
}

/** What a refusal quotes of the caller's input: each value bounded (quoteInput). */
const quoted = (params: Record<string, string>): Params => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, quoteInput(v)]));

const STORE_MESSAGES: Record<StoreError['kind'], string> = {
  'newer-schema': 'error.store.newer',
  'migration-failed': 'error.store.migrationFailed',
  locked: 'error.store.locked',
};

/** What kind of failure an error is, in the core's terms (no language yet). */
export function asFailure(error: unknown): AppFailure {
  if (error instanceof AppFailure) return error;
  if (error instanceof QueueActionError) {
    const { id, state, action } = error.params;
    return error.kind === 'not-found'
      ? new AppFailure('not-found', 'error.queue.not-found', undefined, { id: quoteInput(id) })
      : new AppFailure('conflict', `error.queue.wrong-state.${action ?? 'retry'}`, undefined, { id: quoteInput(id), state: state ?? '' });
  }
  if (error instanceof ProfileError) {
    // The field's message keeps its parameters ("There is already a profile named {name}.").
    return error.field
      ? invalidInput([{ path: [error.field], message: error.key, params: quoted(error.params) }])
      : new AppFailure('not-found', error.key, undefined, quoted(error.params));
  }
  if (error instanceof StoreError) return new AppFailure('conflict', STORE_MESSAGES[error.kind], undefined, error.details);
  if (isPartnerCenterError(error)) {
    // No token: what the sign-in (or the app credential) said, in its own words.
    if (error.kind === 'unauthorized' && error.cause instanceof AppFailure) return error.cause;
    if (error.kind === 'network' || error.kind === 'timeout') {
      // The transport's message is the cause alone (UND_ERR_SOCKET); the sentence is built here, once.
      // A message of our own from deeper down (the sign-in service's) is a sentence already.
      return isMessageKey(error.message) ? new AppFailure('offline', error.message) : new AppFailure('offline', 'error.unreachable', undefined, { message: error.message });
    }
    return new AppFailure(
      'partner-center',
      'error.partner-center',
      {
        ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
        ...(error.code !== undefined ? { partnerCenterCode: error.code } : {}),
        ...(error.correlationId !== undefined ? { correlationId: error.correlationId } : {}),
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
      },
      { message: error.message },
    );
  }
  return new AppFailure('internal', 'error.internal', undefined, { message: error instanceof Error ? error.message : String(error) });
}

/** Any error as the operator reads it: the one place failures are put into words. */
export function describeFailure(error: unknown, locale: string): AppError {
  const failure = asFailure(error);
  // A parameter may itself be a key (a message from deeper down): word it too.
  const params: Params = Object.fromEntries(Object.entries(failure.params).map(([k, v]) => [k, typeof v === 'string' && isMessageKey(v) ? translate(locale, v) : v]));
  const issues = failure.details?.issues;
  if (issues) {
    // The sentence names a few problems; `details.issues` keeps them all, for the form's fields.
    const { shown, more } = firstFew(issues);
    const listed = shown.map((i) => `${quoteInput(i.path.join('.'))}: ${translate(locale, i.message, i.params)}`).join('; ');
    params['issues'] = more > 0 ? translate(locale, 'error.issues.more', { issues: listed, more }) : listed;
  }
  return { code: failure.code, message: translate(locale, failure.message, params), ...(failure.details ? { details: failure.details } : {}) };
}
