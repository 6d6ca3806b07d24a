import type { AppError, ErrorCode } from '../../shared/result';

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
