import { translate } from '../../shared/i18n';
import type { AppError, ErrorCode } from '../../shared/result';
import { QueueActionError } from './confirmations/outbox';
import { isPartnerCenterError } from './partner-center';

/** Thrown by handlers for an expected refusal; dispatch turns it into `{ ok: false, error }`. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: AppError['details'],
  ) {
    super(message);
    this.name = 'AppFailure';
  }

  toError(): AppError {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Validation issues (messages are translation keys) as one typed failure, paths prefixed. */
export function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string[], locale: string): AppFailure {
  const mapped = issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: i.message }));
  const text = mapped.map((i) => `${i.path.join('.')}: ${translate(locale, i.message)}`).join('; ');
  return new AppFailure('invalid-input', translate(locale, 'error.invalid-input', { issues: text }), { issues: mapped });
}

/** Any error as the typed failure the UI and the CLI show. */
export function toFailure(error: unknown, locale: string): AppFailure {
  // Messages may be translation keys (sign-in, auth); unknown text passes through unchanged.
  if (error instanceof AppFailure) {
    const params = 'params' in error && typeof error.params === 'object' && error.params ? (error.params as Record<string, string>) : {};
    return new AppFailure(error.code, translate(locale, error.message, params), error.details);
  }
  if (error instanceof QueueActionError) {
    const { id, state, action } = error.params;
    return error.kind === 'not-found'
      ? new AppFailure('not-found', translate(locale, 'error.queue.not-found', { id }))
      : new AppFailure('conflict', translate(locale, `error.queue.wrong-state.${action ?? 'retry'}`, { id, state: state ?? '' }));
  }
  if (isPartnerCenterError(error)) {
    if (error.kind === 'network' || error.kind === 'timeout') return new AppFailure('offline', translate(locale, 'error.unreachable', { message: error.message }));
    return new AppFailure('partner-center', translate(locale, 'error.partner-center', { message: error.message }), {
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      ...(error.code !== undefined ? { partnerCenterCode: error.code } : {}),
      ...(error.correlationId !== undefined ? { correlationId: error.correlationId } : {}),
      ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    });
  }
  return new AppFailure('internal', translate(locale, 'error.internal', { message: error instanceof Error ? translate(locale, error.message) : String(error) }));
}
