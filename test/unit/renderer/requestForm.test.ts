import { describe, expect, it } from 'vitest';
import { acceptanceRequestInputSchema } from '../../../src/shared/acceptance-request';
import type { CustomerDetail } from '../../../src/shared/domain';
import { normaliseLanguage, requestFormDefaults, usualLanguage } from '../../../src/renderer/request/requestForm';
import { countryOptions, languageOptions } from '../../../src/renderer/newCustomer/countries';

const customer = (over: Partial<CustomerDetail> = {}): Pick<CustomerDetail, 'companyName' | 'country' | 'language' | 'primaryContact'> => ({
  companyName: 'Société Générale de Logistique',
  country: 'FR',
  language: 'fr',
  primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.fr', phone: '+33 1 42 68 53 00' },
  ...over,
});

describe('requestFormDefaults: "Request customer acceptance" as it opens', () => {
  it('prefills the signatory from the primary contact, and company, country and language from Partner Center', () => {
    expect(requestFormDefaults(customer())).toEqual({
      firstName: 'Amélie',
      lastName: 'Lefèvre',
      email: 'amelie.lefevre@example.fr',
      phone: '+33 1 42 68 53 00',
      companyName: 'Société Générale de Logistique',
      country: 'FR',
      language: 'fr',
    });
  });

  it('passes the shared schema as it is', () => {
    const parsed = acceptanceRequestInputSchema.safeParse(requestFormDefaults(customer()));
    expect(parsed.success).toBe(true);
  });

  it('takes a given signatory over the primary contact (a confirmation turned into a request)', () => {
    const values = requestFormDefaults(customer(), { firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@example.de' });
    expect(values).toMatchObject({ firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@example.de', phone: '' });
  });

  it('falls back to the country’s usual language, then to nothing', () => {
    expect(requestFormDefaults(customer({ language: null })).language).toBe('fr');
    expect(requestFormDefaults(customer({ country: 'CH', language: null })).language).toBe('de');
    expect(requestFormDefaults(customer({ country: 'BR', language: '' })).language).toBe('pt');
    expect(requestFormDefaults(customer({ country: null, language: null })).language).toBe('');
  });

  it('normalises what Partner Center holds: country upper case, culture as xx-YY', () => {
    expect(requestFormDefaults(customer({ country: 'fr', language: 'FR-fr' }))).toMatchObject({ country: 'FR', language: 'fr-FR' });
    expect(requestFormDefaults(customer({ country: 'France', language: 'zh-Hans' }))).toMatchObject({ country: '', language: '' });
  });

  it('leaves the person empty when the primary contact was never read', () => {
    expect(requestFormDefaults(customer({ primaryContact: null }))).toMatchObject({ firstName: '', lastName: '', email: '', phone: '' });
  });

  it('offers the prefilled country and language in its lists, even ones the wizard does not list', () => {
    expect(countryOptions('en', 'LI').some((o) => o.value === 'LI' && o.label === 'Liechtenstein (LI)')).toBe(true);
    expect(countryOptions('fr', 'FR').find((o) => o.value === 'FR')?.label).toBe('France (FR)');
    expect(languageOptions('en', 'de-CH').some((o) => o.value === 'de-CH')).toBe(true);
    expect(languageOptions('en', 'fr').filter((o) => o.value === 'fr')).toHaveLength(1);
  });
});

describe('language helpers', () => {
  it('normaliseLanguage', () => {
    expect(normaliseLanguage('FR')).toBe('fr');
    expect(normaliseLanguage('de_ch')).toBe('de-CH');
    expect(normaliseLanguage(' en-gb ')).toBe('en-GB');
    expect(normaliseLanguage('fra')).toBe('');
    expect(normaliseLanguage(null)).toBe('');
  });

  it('usualLanguage', () => {
    expect(usualLanguage('FR')).toBe('fr');
    expect(usualLanguage('BE')).toBe('nl');
    expect(usualLanguage('ZZ')).toBe('en');
    expect(usualLanguage('')).toBe('');
  });
});
