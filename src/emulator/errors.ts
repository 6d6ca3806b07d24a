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
