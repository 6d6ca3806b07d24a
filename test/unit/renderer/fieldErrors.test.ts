import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DOMAIN_TAKEN_CODE,
  PHONE_NUMBER_MISSING_CODE,
  REGISTRATION_NUMBER_INVALID_CODE,
  REGISTRATION_NUMBER_MISSING_CODE,
  refusedFields,
} from '../../../src/shared/partner-center-codes';
import type { AppError } from '../../../src/shared/result';
import { translate } from '../../../src/shared/i18n';
import { fieldErrorsOf, fieldOf, issueMessages, refusedFieldsOf } from '../../../src/renderer/forms/fieldErrors';
import { zodResolver } from '../../../src/renderer/confirm/zodResolver';

const tr = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
const invalid = (issues: Array<{ path: Array<string | number>; message: string; params?: Record<string, string | number> }>): AppError => ({ code: 'invalid-input', message: 'error.invalidInput', details: { issues } });

describe('fieldErrorsOf: a refused call onto its form', () => {
  it('puts each issue at its field, translated, the first of each field winning', () => {
    const error = invalid([
      { path: ['contact', 'email'], message: 'validation.email.invalid' },
      { path: ['contact', 'email'], message: 'validation.email.tooLong' },
      { path: ['company', 'name'], message: 'validation.companyName.required' },
    ]);
    expect(fieldErrorsOf(error, tr)).toEqual({
      'contact.email': tr('validation.email.invalid'),
      'company.name': tr('validation.companyName.required'),
    });
    expect(tr('validation.email.invalid')).not.toBe('validation.email.invalid');
  });

  it('fills a message with the parameters the core sent with it', () => {
    const error = invalid([{ path: ['name'], message: 'error.profile.nameTaken', params: { name: 'Contoso' } }]);
    expect(fieldErrorsOf(error, tr)).toEqual({ name: 'There is already a profile named Contoso.' });
    expect(issueMessages(error, tr)).toEqual(['There is already a profile named Contoso.']);
  });

  it("strips the call's wrapping key, only at the start of a path", () => {
    const error = invalid([
      { path: ['acceptance', 'firstName'], message: 'validation.firstName.required' },
      { path: ['itemId'], message: 'validation.itemId' },
      { path: ['lines', 0, 'acceptance'], message: 'validation.nested' },
    ]);
    expect(fieldErrorsOf(error, tr, { prefix: 'acceptance' })).toEqual({
      firstName: tr('validation.firstName.required'),
      itemId: 'validation.itemId',
      'lines.0.acceptance': 'validation.nested',
    });
    expect(fieldOf(['customer', 'company', 'domainPrefix'], 'customer')).toBe('company.domainPrefix');
    expect(fieldOf(['company', 'customer'], 'customer')).toBe('company.customer');
  });

  it("keeps to the form's own fields when told which they are", () => {
    const error = invalid([
      { path: ['customerId'], message: 'validation.customerId' },
      { path: ['quantity'], message: 'validation.quantity.range' },
    ]);
    expect(fieldErrorsOf(error, tr, { only: ['quantity'] })).toEqual({ quantity: tr('validation.quantity.range') });
    expect(fieldErrorsOf(invalid([{ path: ['customerId'], message: 'x' }]), tr, { only: ['quantity'] })).toEqual({});
  });

  it("puts the fields Partner Center refused at those fields: the domain in its own words, others with Partner Center's message", () => {
    const refused: AppError = {
      code: 'partner-center',
      message: 'Customer phone number is missing.',
      details: { httpStatus: 400, partnerCenterCode: PHONE_NUMBER_MISSING_CODE, fields: ['company.phone', 'company.domainPrefix'] },
    };
    expect(fieldErrorsOf(refused, tr)).toEqual({ 'company.phone': 'Customer phone number is missing.', 'company.domainPrefix': tr('validation.domain.taken') });
    const both: AppError = { ...refused, details: { ...refused.details, issues: [{ path: ['customer', 'company', 'phone'], message: 'validation.companyPhone.required' }] } };
    expect(fieldErrorsOf(both, tr, { prefix: 'customer', only: ['company.phone'] })).toEqual({ 'company.phone': tr('validation.companyPhone.required') });
  });

  it('is empty for an error about no field, so the caller shows it whole', () => {
    expect(fieldErrorsOf({ code: 'offline', message: 'error.offline' }, tr)).toEqual({});
    expect(fieldErrorsOf({ code: 'partner-center', message: 'Boom', details: { httpStatus: 409, partnerCenterCode: DOMAIN_TAKEN_CODE } }, tr)).toEqual({});
  });

  it('words every issue in order for an error shown as one sentence', () => {
    const error = invalid([
      { path: ['a'], message: 'validation.email.invalid' },
      { path: ['a'], message: 'Plain words from the core' },
    ]);
    expect(issueMessages(error, tr)).toEqual([tr('validation.email.invalid'), 'Plain words from the core']);
    expect(issueMessages({ code: 'internal', message: 'x' }, tr)).toEqual([]);
  });
});

describe("zodResolver: the form's own checks, mapped the same way", () => {
  it('puts the first problem of each field at its path, translated', () => {
    const schema = z.object({
      contact: z.object({ email: z.string().min(1, 'validation.email.required').email('validation.email.invalid') }),
      name: z.string().min(1, 'validation.companyName.required'),
    });
    expect(zodResolver(schema, tr)({ contact: { email: '' }, name: '' })).toEqual({
      'contact.email': tr('validation.email.required'),
      name: tr('validation.companyName.required'),
    });
    expect(zodResolver(schema, tr)({ contact: { email: 'a@example.com' }, name: 'Contoso' })).toEqual({});
  });
});

describe('which new-customer fields a refusal is about', () => {
  it('refusedFields: 409 is the domain, 600049 and 600050 the registration number, 600051 the phone', () => {
    expect(refusedFields(409, DOMAIN_TAKEN_CODE)).toEqual(['company.domainPrefix']);
    expect(refusedFields(409, undefined)).toEqual(['company.domainPrefix']);
    expect(refusedFields(400, REGISTRATION_NUMBER_MISSING_CODE)).toEqual(['company.registrationNumber']);
    expect(refusedFields(400, REGISTRATION_NUMBER_INVALID_CODE)).toEqual(['company.registrationNumber']);
    expect(refusedFields(400, PHONE_NUMBER_MISSING_CODE)).toEqual(['company.phone']);
    expect(refusedFields(400, '600002')).toBeNull();
    expect(refusedFields(undefined, undefined)).toBeNull();
    expect([REGISTRATION_NUMBER_MISSING_CODE, REGISTRATION_NUMBER_INVALID_CODE, PHONE_NUMBER_MISSING_CODE]).toEqual(['600049', '600050', '600051']);
  });

  it('refusedFieldsOf: the fields the core named, else those of the codes an older item carries', () => {
    expect(refusedFieldsOf(null)).toEqual([]);
    expect(refusedFieldsOf({ fields: ['company.phone'], httpStatus: 409 })).toEqual(['company.phone']);
    expect(refusedFieldsOf({ fields: [], partnerCenterCode: '600050', httpStatus: 400 })).toEqual(['company.registrationNumber']);
    expect(refusedFieldsOf({ partnerCenterCode: '409', httpStatus: 409 })).toEqual(['company.domainPrefix']);
    expect(refusedFieldsOf({ partnerCenterCode: '500', httpStatus: 500 })).toEqual([]);
  });
});
