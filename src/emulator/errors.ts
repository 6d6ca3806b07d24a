/** Partner Center error bodies (partner-center-api.md §1.5). */

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Partner Center error code carried in the body, for the writes log. */
  errorCode?: string | number;
}

/** Generic error envelope: `code` is a string. */
export function genericError(status: number, code: string, description: string): Reply {
  return { status, errorCode: code, body: { code, description, data: [], source: 'PartnerCenter' } };
}

/** Agreement endpoints' richer error shape: `code` is a number. */
export function agreementError(status: number, code: number, errorName: string, message: string): Reply {
  return {
    status,
    errorCode: code,
    body: {
      code,
      message,
      description: message,
      errorName,
      isRetryable: false,
      parameters: {},
      errorMessageExtended: `InternalErrorCode=${code}`,
    },
  };
}

/**
 * 403 for a token of the wrong kind: an app-only token on an App+User-only endpoint, or an
 * App+User token where only app-only is supported. UNVERIFIED: Partner Center's code and text are
 * not documented; the generic 900150 "Forbidden" in the agreement shape is the emulator's choice.
 */
export function wrongTokenKind(required: 'user' | 'app'): Reply {
  return agreementError(403, 900150, 'Forbidden', required === 'user'
    ? 'This operation requires App+User authentication; app-only tokens are not allowed.'
    : 'This operation supports AppOnly authentication only; App+User tokens are not allowed.');
}
