import { describe, expect, it } from 'vitest';
import { acceptanceSchema, customerIdSchema, isRealDate, isWellFormedText, localToday, queueItemIdSchema } from '../../../src/shared/validation';
import { acceptanceRequestInputSchema } from '../../../src/shared/acceptance-request';
import { calls } from '../../../src/shared/contract';
import { newCompanySchema, newCustomerSchema } from '../../../src/shared/new-customer';
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
    for (const email of ['tania.carr+mca@contoso.co.uk', 'a_b@sub.domain-x.io', 'TANIA@CONTOSO.COM']) {
      expect(errorsOf({ ...valid, email }), email).toEqual({});
    }
  });

  it('refuses internationalised and mixed-script addresses with their own message (Partner Center takes ASCII only)', () => {
    // Accented, Cyrillic, a Cyrillic "а" inside a Latin word, a fullwidth "＠", an invisible character.
    for (const email of ['zoë@société.fr', 'дмитрий@пример.рф', 'p\u0430ypal@contoso.com', 'tania＠contoso.com', 'ta\u200Bnia@contoso.com']) {
      expect(errorsOf({ ...valid, email }), email).toEqual({ email: 'validation.email.notAscii' });
    }
  });

  it('accepts common phone formats, refuses letters, and wants at least 4 digits', () => {
    for (const phone of ['1234567890', '+33 1 23 45 67 89', '(425) 555-0100', '1234']) expect(errorsOf({ ...valid, phone }), phone).toEqual({});
    expect(errorsOf({ ...valid, phone: 'call me' })).toEqual({ phone: 'validation.phone.invalid' });
    for (const phone of ['////', '( ) - .', '+1 (2) 3', '----------']) {
      expect(errorsOf({ ...valid, phone }), phone).toEqual({ phone: 'validation.phone.tooFewDigits' });
    }
  });

  it('refuses invisible characters, broken text and names without a letter, each with its own message', () => {
    expect(errorsOf({ ...valid, firstName: '\u200B\u200C\u200D' })).toEqual({ firstName: 'validation.firstName.invisible' });
    expect(errorsOf({ ...valid, firstName: 'Ana\u202Egpj.exe' })).toEqual({ firstName: 'validation.firstName.invisible' });
    expect(errorsOf({ ...valid, lastName: 'Carr\u2066' })).toEqual({ lastName: 'validation.lastName.invisible' });
    expect(errorsOf({ ...valid, lastName: 'Ca\u00ADrr' })).toEqual({ lastName: 'validation.lastName.invisible' });
    expect(errorsOf({ ...valid, firstName: 'An\uD800a' })).toEqual({ firstName: 'validation.text.malformed' });
    expect(errorsOf({ ...valid, lastName: '\uDC00' })).toEqual({ lastName: 'validation.text.malformed' });
    expect(errorsOf({ ...valid, firstName: '1234' })).toEqual({ firstName: 'validation.firstName.noLetter' });
    expect(errorsOf({ ...valid, lastName: "- . '" })).toEqual({ lastName: 'validation.lastName.noLetter' });
    // A joiner between two letters is spelling (Persian); alone, or at an edge, it is not.
    expect(errorsOf({ ...valid, firstName: 'محمد\u200Cرضا', lastName: 'क्\u200Dष' })).toEqual({});
    expect(errorsOf({ ...valid, firstName: 'Ana\u200C' })).toEqual({ firstName: 'validation.firstName.invisible' });
    expect(errorsOf({ ...valid, firstName: 'A\u200C\u200Db' })).toEqual({ firstName: 'validation.firstName.invisible' });
    // A pair that is whole (an emoji outside the BMP) is well-formed text.
    expect(isWellFormedText('Ana 😀')).toBe(true);
    expect(isWellFormedText('An\uD800a')).toBe(false);
  });

  it('applies the same text rules to the acceptance request and the new customer', () => {
    const request = { firstName: 'Tania', lastName: 'Carr', email: 'tania@contoso.com', phone: '', companyName: 'Contoso', country: 'FR', language: 'fr' };
    const requestErrors = (over: Record<string, string>) => {
      const r = acceptanceRequestInputSchema.safeParse({ ...request, ...over });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(requestErrors({})).toEqual([]);
    expect(requestErrors({ companyName: 'Contoso\u202E' })).toEqual(['companyName: validation.companyName.invisible']);
    expect(requestErrors({ companyName: '---' })).toEqual(['companyName: validation.companyName.noLetter']);
    expect(requestErrors({ companyName: '1&1' })).toEqual([]);
    expect(requestErrors({ firstName: '\u200B', lastName: '42' })).toEqual(['firstName: validation.firstName.invisible', 'lastName: validation.lastName.noLetter']);

    const company = { name: 'Contoso', domainPrefix: 'contoso', addressLine1: '1 Main St', city: 'Paris', country: 'FR', culture: 'fr-FR', language: 'fr' };
    const companyErrors = (over: Record<string, string>) => {
      const r = newCompanySchema.safeParse({ ...company, ...over });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(companyErrors({ addressLine2: '', state: '', postalCode: '' })).toEqual([]);
    expect(companyErrors({ name: '\u200B\u200B' })).toEqual(['name: validation.companyName.invisible']);
    expect(companyErrors({ addressLine1: '1 Main\u202E St' })).toEqual(['addressLine1: validation.addressLine1.invisible']);
    expect(companyErrors({ addressLine2: '\uFEFFB\u200B' })).toEqual(['addressLine2: validation.addressLine2.invisible']);
    expect(companyErrors({ city: '75001' })).toEqual(['city: validation.city.noLetter']);
    expect(companyErrors({ city: 'Pa\uD800ris' })).toEqual(['city: validation.text.malformed']);
    expect(companyErrors({ postalCode: '7500\u200B1', registrationNumber: '12\u2067' })).toEqual([
      'postalCode: validation.postalCode.invisible',
      'registrationNumber: validation.registrationNumber.invisible',
    ]);
    expect(companyErrors({ phone: '////' })).toEqual(['phone: validation.phone.tooFewDigits']);

    const customer = newCustomerSchema(() => '2026-11-26').safeParse({
      company,
      contact: { firstName: '1234', lastName: 'Carr', email: 'zoë@contoso.com' },
      mca: { accepted: false },
    });
    expect(customer.success ? [] : customer.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'contact.firstName: validation.firstName.noLetter',
      'contact.email: validation.email.notAscii',
    ]);
  });

  it('applies them to the discard reason and the profile name too', () => {
    const discard = calls.discardItem.input.safeParse({ itemId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff', reason: 'dup\u202Elicate' });
    expect(discard.success ? [] : discard.error.issues.map((i) => i.message)).toEqual(['validation.discardReason.invisible']);
    const profile = calls.createProfile.input.safeParse({ name: 'Prod\u200B', cloud: 'public', environment: 'built-in-sandbox' });
    expect(profile.success ? [] : profile.error.issues.map((i) => i.message)).toEqual(['validation.profileName.invisible']);
  });

  it('refuses a key the form does not have, also inside a nested object (acceptance.role)', () => {
    const result = schema.safeParse({ ...valid, role: 'GlobalAdmin' });
    expect(result.success ? [] : result.error.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([{ code: 'unrecognized_keys', path: [] }]);
    const call = calls.confirmAcceptance.input.safeParse({ customerId: '0c8e2f2a-1111-4a4a-9b9b-000000000003', acceptance: { ...valid, dateAgreed: localToday(), role: 'GlobalAdmin' } });
    expect(call.success ? [] : call.error.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([{ code: 'unrecognized_keys', path: ['acceptance'] }]);
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

  it('normalises queue item ids to the lower case the core gives them', () => {
    expect(queueItemIdSchema.parse('6F9619FF-8B86-4D11-B42D-00C04FC964FF')).toBe('6f9619ff-8b86-4d11-b42d-00c04fc964ff');
    expect(queueItemIdSchema.safeParse('item-1').success).toBe(false);
  });

  it('has an English and a French message for every key the schemas use', () => {
    const bad = [
      schema.safeParse({ firstName: '', lastName: 'x'.repeat(60), email: 'x', phone: 'x', dateAgreed: 'x' }),
      schema.safeParse({ firstName: '\u200B', lastName: '1', email: 'é@x.fr', phone: '////', dateAgreed: '2999-01-01' }),
      schema.safeParse({ firstName: 'A\uD800', lastName: 'a<', email: '', dateAgreed: '2000-01-01' }),
      newCompanySchema.safeParse({ name: '-', domainPrefix: '', addressLine1: '\u200B', addressLine2: '\u200B', city: '1', state: '\u200B', postalCode: '\u200B', registrationNumber: '\u200B', country: 'x', culture: 'x', language: 'x' }),
      newCompanySchema.safeParse({ name: '\u200B', domainPrefix: '-', addressLine1: '', city: '\u200B', country: 'FR', culture: 'fr-FR', language: 'fr', phone: 'x' }),
      calls.discardItem.input.safeParse({ itemId: '6f9619ff-8b86-4d11-b42d-00c04fc964ff', reason: '\u200Babc' }),
      calls.createProfile.input.safeParse({ name: '\u200B', cloud: 'public', environment: 'built-in-sandbox' }),
    ];
    const messages = new Set(bad.flatMap((r) => (r.success ? [] : r.error.issues.map((i) => i.message))));
    expect(messages.size).toBeGreaterThan(20);
    for (const message of messages) {
      expect(isMessageKey(message), message).toBe(true);
      expect(translate('en-US', message), message).not.toBe(message);
      expect(translate('fr-FR', message), message).not.toBe(translate('en-US', message));
    }
  });
});
