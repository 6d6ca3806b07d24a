import { describe, expect, it } from 'vitest';
import {
  errorFromHttpFailure,
  PartnerCenterError,
  type PartnerCenterErrorKind,
} from '../../../src/main/core/partner-center/index';

const now = new Date('2026-03-10T12:00:00.000Z');

function fail(status: number, body: unknown, extra: { retryAfter?: string } = {}): PartnerCenterError {
  return errorFromHttpFailure({
    status,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    retryAfter: extra.retryAfter ?? null,
    correlationId: 'corr-1',
    requestId: 'req-1',
    now,
  });
}

describe('errorFromHttpFailure', () => {
  const cases: Array<[number, PartnerCenterErrorKind, boolean]> = [
    [400, 'rejected', false],
    [401, 'unauthorized', false],
    [403, 'forbidden', false],
    [404, 'not-found', false],
    [408, 'timeout', true],
    [409, 'rejected', false],
    [412, 'rejected', false],
    [429, 'throttled', true],
    [500, 'server', true],
    [503, 'server', true],
    [504, 'server', true],
  ];
  it.each(cases)('maps HTTP %i to %s (retryable %s)', (status, kind, retryable) => {
    const err = fail(status, '');
    expect(err).toBeInstanceOf(PartnerCenterError);
    expect(err.kind).toBe(kind);
    expect(err.retryable).toBe(retryable);
    expect(err.httpStatus).toBe(status);
    expect(err.correlationId).toBe('corr-1');
    expect(err.requestId).toBe('req-1');
  });

  it('marks only 401 as needing sign-in', () => {
    expect(fail(401, '').signInNeeded).toBe(true);
    expect(fail(403, '').signInNeeded).toBe(false);
    expect(fail(500, '').signInNeeded).toBe(false);
  });

  it('reads the agreement error body with a numeric code (600061)', () => {
    const err = fail(400, {
      code: 600061,
      message: 'A partner confirmed agreement already exists for the customer.',
      description: 'A partner confirmed agreement already exists for the customer.',
      errorName: 'PartnerConfirmedAgreementAlreadyExists',
      isRetryable: false,
      parameters: {},
      errorMessageExtended: 'InternalErrorCode=600061',
    });
    expect(err.kind).toBe('rejected');
    expect(err.code).toBe('600061');
    expect(err.errorName).toBe('PartnerConfirmedAgreementAlreadyExists');
    expect(err.message).toBe('A partner confirmed agreement already exists for the customer.');
  });

  it('reads the generic error body with a string code (900150)', () => {
    const err = fail(403, {
      code: '900150',
      description: 'The supplied role does not have the rights to perform the requested operation',
      data: [],
      source: 'PartnerFD',
    });
    expect(err.kind).toBe('forbidden');
    expect(err.code).toBe('900150');
    expect(err.message).toMatch(/supplied role/);
  });

  it('takes retryAt from Retry-After on 429 (seconds and HTTP date)', () => {
    const secs = fail(429, { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' }, { retryAfter: '5' });
    expect(secs.kind).toBe('throttled');
    expect(secs.retryAt?.toISOString()).toBe('2026-03-10T12:00:05.000Z');
    const date = fail(429, '', { retryAfter: 'Tue, 10 Mar 2026 12:01:00 GMT' });
    expect(date.retryAt?.toISOString()).toBe('2026-03-10T12:01:00.000Z');
  });

  it('falls back to the 429 body text when Retry-After is missing', () => {
    const err = fail(429, { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' });
    expect(err.retryAt?.toISOString()).toBe('2026-03-10T12:00:57.000Z');
    expect(err.message).toMatch(/Rate limit/);
  });

  it('keeps the status as the message when the body is not a Partner Center error', () => {
    const err = fail(502, '<html>Bad gateway</html>');
    expect(err.kind).toBe('server');
    expect(err.code).toBeUndefined();
    expect(err.message).toBe('HTTP 502');
  });

  it('gives bad-response, network and timeout errors the documented flags', () => {
    for (const kind of ['bad-response', 'network', 'timeout'] as const) {
      const err = new PartnerCenterError({ kind, message: kind });
      expect(err.retryable).toBe(true);
      expect(err.signInNeeded).toBe(false);
    }
  });
});
