import { describe, expect, it } from 'vitest';
import {
  agreementErrorBodySchema,
  agreementListSchema,
  agreementMetadataListSchema,
  agreementSchema,
  customerListSchema,
  customerSchema,
  directSignedStatusSchema,
  genericErrorBodySchema,
  normaliseUtcDateTime,
  parseErrorBody,
  throttledBodySchema,
} from '../../../src/main/core/partner-center/index';

// Example payloads from ../shared/partner-center-api.md, inlined verbatim where the doc gives them.

const agreementMetadataExample = {
  totalCount: 1,
  items: [
    {
      templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
      agreementType: 'MicrosoftCustomerAgreement',
      agreementLink: 'https://aka.ms/customeragreement',
      versionRank: 0,
    },
  ],
  attributes: { objectType: 'Collection' },
};

const customerAgreementsExample = {
  totalCount: 2,
  items: [
    {
      primaryContact: { firstName: 'Tania', lastName: 'Carr', email: 'SomeEmail@example.com', phoneNumber: '1234567890' },
      templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
      dateAgreed: '2019-08-26T00:00:00',
      type: 'MicrosoftCustomerAgreement',
      agreementLink: 'https://aka.ms/customeragreement',
    },
  ],
};

const createAgreementBodyExample = {
  primaryContact: { firstName: 'Tania', lastName: 'Carr', email: 'someone@example.com', phoneNumber: '1234567890' },
  templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
  dateAgreed: '2018-06-14T00:00:00.000Z',
  type: 'MicrosoftCustomerAgreement',
};

const agreementErrorExample = {
  code: 600061,
  message: 'A partner confirmed agreement already exists for the customer.',
  description: 'A partner confirmed agreement already exists for the customer.',
  errorName: 'PartnerConfirmedAgreementAlreadyExists',
  isRetryable: false,
  parameters: {},
  errorMessageExtended: 'InternalErrorCode=600061',
};

const throttledExample = { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' };

// §1.4 envelope with §4.1 list-item fields (the doc abbreviates the items; these are the listed fields).
const customerListExample = {
  totalCount: 2,
  items: [
    {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      companyProfile: {
        tenantId: 'a1b2c3d4-0000-4000-8000-000000000001',
        domain: 'contoso.onmicrosoft.com',
        companyName: 'Contoso',
        links: { self: { uri: '/customers/a1b2.../profiles/company', method: 'GET', headers: [] } },
        attributes: { objectType: 'CustomerCompanyProfile' },
      },
      relationshipToPartner: 'reseller',
      links: { self: { uri: '/customers/a1b2...', method: 'GET', headers: [] } },
      attributes: { objectType: 'Customer' },
    },
    {
      id: 'a1b2c3d4-0000-4000-8000-000000000002',
      companyProfile: { tenantId: 'a1b2c3d4-0000-4000-8000-000000000002', domain: 'fabrikam.onmicrosoft.com', companyName: 'Fabrikam' },
      relationshipToPartner: 'none',
    },
  ],
  links: {
    self: { uri: '/customers?size=40', method: 'GET', headers: [] },
    next: { uri: '...', method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: '...' }] },
  },
  attributes: { objectType: 'Collection' },
};

// §4.3 field list for get-by-id.
const customerExample = {
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  commerceId: 'c0ffee00-0000-4000-8000-000000000001',
  companyProfile: {
    tenantId: 'a1b2c3d4-0000-4000-8000-000000000001',
    domain: 'contoso.onmicrosoft.com',
    companyName: 'Contoso',
    address: { country: 'US', region: 'WA', city: 'Redmond', addressLine1: 'One Microsoft Way', postalCode: '98052', phoneNumber: '4255550100' },
    email: 'admin@contoso.com',
    links: {},
    attributes: { objectType: 'CustomerCompanyProfile' },
  },
  billingProfile: {
    id: 'bp-1',
    firstName: 'Tania',
    lastName: 'Carr',
    email: 'tania@contoso.com',
    culture: 'en-US',
    language: 'en',
    companyName: 'Contoso',
    defaultAddress: { country: 'US', city: 'Redmond', addressLine1: 'One Microsoft Way', postalCode: '98052' },
    links: {},
    attributes: { etag: 'W/"1"', objectType: 'CustomerBillingProfile' },
  },
  relationshipToPartner: 'reseller',
  allowDelegatedAccess: true,
  customDomains: ['contoso.com'],
  associatedPartnerId: '',
  links: {},
  attributes: { objectType: 'Customer' },
};

describe('wire schemas on the docs’ example payloads', () => {
  it('parses agreement metadata (no links)', () => {
    const parsed = agreementMetadataListSchema.parse(agreementMetadataExample);
    expect(parsed.items[0]?.templateId).toBe('117a77b0-9360-443b-8795-c6dedc750cf9');
    expect(parsed.items[0]?.agreementType).toBe('MicrosoftCustomerAgreement');
    expect(parsed.links).toBeUndefined();
  });

  it('parses customer agreements with dateAgreed lacking Z, normalised to UTC', () => {
    const parsed = agreementListSchema.parse(customerAgreementsExample);
    expect(parsed.items[0]?.dateAgreed).toBe('2019-08-26T00:00:00.000Z');
    expect(parsed.items[0]?.primaryContact.phoneNumber).toBe('1234567890');
  });

  it('parses the POST body / 201 record with Z and with userId', () => {
    const parsed = agreementSchema.parse({ ...createAgreementBodyExample, userId: 'u-1' });
    expect(parsed.dateAgreed).toBe('2018-06-14T00:00:00.000Z');
    expect(parsed.userId).toBe('u-1');
  });

  it('normalises the date forms Partner Center uses and rejects non-dates', () => {
    expect(normaliseUtcDateTime('2019-08-26T10:11:12.1234567')).toBe('2019-08-26T10:11:12.123Z');
    expect(normaliseUtcDateTime('2019-08-26T10:11:12+02:00')).toBe('2019-08-26T08:11:12.000Z');
    expect(normaliseUtcDateTime('2019-08-26')).toBe('2019-08-26T00:00:00.000Z');
    expect(normaliseUtcDateTime('26/08/2019')).toBeUndefined();
    expect(normaliseUtcDateTime('2019-13-40T00:00:00')).toBeUndefined();
    expect(agreementSchema.safeParse({ ...createAgreementBodyExample, dateAgreed: 'yesterday' }).success).toBe(false);
  });

  it('parses the customer list envelope and its next link headers', () => {
    const parsed = customerListSchema.parse(customerListExample);
    expect(parsed.items.map((c) => c.companyProfile.companyName)).toEqual(['Contoso', 'Fabrikam']);
    expect(parsed.links?.next?.headers?.[0]).toEqual({ key: 'MS-ContinuationToken', value: '...' });
  });

  it('parses a full customer', () => {
    const parsed = customerSchema.parse(customerExample);
    expect(parsed.billingProfile?.firstName).toBe('Tania');
    expect(parsed.companyProfile.address?.city).toBe('Redmond');
    expect(parsed.allowDelegatedAccess).toBe(true);
  });

  it('rejects a customer missing what the app relies on', () => {
    const { companyProfile, ...rest } = customerExample;
    expect(customerSchema.safeParse(rest).success).toBe(false);
    expect(customerSchema.safeParse({ ...customerExample, companyProfile: { ...companyProfile, tenantId: 7 } }).success).toBe(false);
    expect(customerListSchema.safeParse({ items: [] }).success).toBe(false);
  });

  it('parses direct-signed status', () => {
    expect(directSignedStatusSchema.parse({ isSigned: true })).toEqual({ isSigned: true });
    expect(directSignedStatusSchema.safeParse({ isSigned: 'yes' }).success).toBe(false);
  });

  it('parses error bodies: numeric and string codes, and the 429 body', () => {
    expect(agreementErrorBodySchema.parse(agreementErrorExample).code).toBe('600061');
    expect(genericErrorBodySchema.parse({ code: '60003', description: 'Tenant not found' }).code).toBe('60003');
    expect(throttledBodySchema.parse(throttledExample).statusCode).toBe(429);
    expect(parseErrorBody(agreementErrorExample)).toEqual({
      code: '600061',
      description: 'A partner confirmed agreement already exists for the customer.',
      errorName: 'PartnerConfirmedAgreementAlreadyExists',
      isRetryable: false,
    });
    expect(parseErrorBody(throttledExample)).toEqual({ description: throttledExample.message });
    expect(parseErrorBody({ hello: 'world' })).toBeUndefined();
  });
});
