import { isMessageKey, translate, type Params } from '../../shared/i18n';
import type { AppError, ErrorCode } from '../../shared/result';
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

/** Validation issues (messages are translation keys) as one typed failure, paths prefixed. */
export function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string[] = []): AppFailure {
  const mapped = issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: i.message }));
  return new AppFailure('invalid-input', 'error.invalid-input', { issues: mapped });
}

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
      ? new AppFailure('not-found', 'error.queue.not-found', undefined, { id })
      : new AppFailure('conflict', `error.queue.wrong-state.${action ?? 'retry'}`, undefined, { id, state: state ?? '' });
  }
  if (error instanceof ProfileError) {
    return error.field ? invalidInput([{ path: [error.field], message: error.key }]) : new AppFailure('not-found', error.key, undefined, error.params);
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
  if (issues) params['issues'] = issues.map((i) => `${i.path.join('.')}: ${translate(locale, i.message)}`).join('; ');
  return { code: failure.code, message: translate(locale, failure.message, params), ...(failure.details ? { details: failure.details } : {}) };
}
