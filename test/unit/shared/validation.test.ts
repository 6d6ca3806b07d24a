import { describe, expect, it } from 'vitest';
import { acceptanceSchema, customerIdSchema, isRealDate, localToday } from '../../../src/shared/validation';
import { translate, isMessageKey } from '../../../src/shared/i18n';

const schema = acceptanceSchema(() => '2026-11-26');
const valid = { firstName: 'Tania', lastName: 'Carr', email: 'tania@contoso.com', phone: '', dateAgreed: '2026-11-26' };
const errorsOf = (input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) return {};
  // The first message per field is the one the form shows.
  const first: Record<string, string> = {};
  for (const issue of result.error.issues) first[issue.path.join('.')] ??= issue.message;
  return first;
};

describe('acceptance validation', () => {
  it('accepts a complete entry, trims it and drops an empty phone', () => {
    const result = schema.parse({ ...valid, firstName: '  Tania ' });
    expect(result).toEqual({ firstName: 'Tania', lastName: 'Carr', email: 'tania@contoso.com', dateAgreed: '2026-11-26' });
  });

  it('accepts names with accents and in non-Latin scripts', () => {
    for (const [firstName, lastName] of [['Zoë', 'Łukasiewicz-Brontë'], ['太郎', '山田'], ['Дмитрий', 'Иванов'], ['محمد', 'العلي'], ["D'Arcy", 'O’Neil']]) {
      expect(errorsOf({ ...valid, firstName, lastName })).toEqual({});
    }
  });

  it('explains each missing or bad field with its own message key', () => {
    expect(errorsOf({ ...valid, firstName: ' ', lastName: '', email: '' })).toEqual({
      firstName: 'validation.firstName.required',
      lastName: 'validation.lastName.required',
      email: 'validation.email.required',
    });
    expect(errorsOf({ ...valid, firstName: 'x'.repeat(51) })).toEqual({ firstName: 'validation.firstName.tooLong' });
    expect(errorsOf({ ...valid, lastName: '<script>' })).toEqual({ lastName: 'validation.lastName.invalid' });
  });

  it('rejects malformed email addresses and accepts real ones', () => {
    for (const email of ['tania', 'tania@', '@contoso.com', 'tania@contoso', 'ta nia@contoso.com', 'tania@contoso..com', 'tania@-contoso.com']) {
      expect(errorsOf({ ...valid, email }), email).toEqual({ email: 'validation.email.invalid' });
    }
    for (const email of ['tania.carr+mca@contoso.co.uk', 'zoë@société.fr', 'a_b@sub.domain-x.io']) {
      expect(errorsOf({ ...valid, email }), email).toEqual({});
    }
  });

  it('accepts common phone formats and rejects letters', () => {
    for (const phone of ['1234567890', '+33 1 23 45 67 89', '(425) 555-0100']) expect(errorsOf({ ...valid, phone })).toEqual({});
    expect(errorsOf({ ...valid, phone: 'call me' })).toEqual({ phone: 'validation.phone.invalid' });
  });

  it('rejects future, impossible, malformed and very old dates', () => {
    expect(errorsOf({ ...valid, dateAgreed: '2026-11-27' })).toEqual({ dateAgreed: 'validation.date.future' });
    expect(errorsOf({ ...valid, dateAgreed: '2026-02-30' })).toEqual({ dateAgreed: 'validation.date.invalid' });
    expect(errorsOf({ ...valid, dateAgreed: '26/11/2026' })).toEqual({ dateAgreed: 'validation.date.invalid' });
    expect(errorsOf({ ...valid, dateAgreed: '' })).toEqual({ dateAgreed: 'validation.date.required' });
    expect(errorsOf({ ...valid, dateAgreed: '2016-12-31' })).toEqual({ dateAgreed: 'validation.date.tooOld' });
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
  });

  it('takes today from the local calendar', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it('normalises customer ids and rejects non-GUIDs', () => {
    expect(customerIdSchema.parse('{0C8E2F2A-1111-4A4A-9B9B-000000000003}')).toBe('0c8e2f2a-1111-4a4a-9b9b-000000000003');
    expect(customerIdSchema.safeParse('contoso').success).toBe(false);
  });

  it('has an English message for every key the schema uses', () => {
    const result = schema.safeParse({ firstName: '', lastName: 'x'.repeat(60), email: 'x', phone: 'x', dateAgreed: 'x' });
    expect(result.success).toBe(false);
    for (const issue of result.success ? [] : result.error.issues) {
      expect(isMessageKey(issue.message), issue.message).toBe(true);
      expect(translate('en-US', issue.message)).not.toBe(issue.message);
    }
  });
});
