import { z } from 'zod';
import { cultureFor } from './country-cultures';
import type { Contact } from './domain';
import { personSchema } from './new-customer';
import { freeText } from './validation';

/**
 * "Request customer acceptance": who signs (the signatory) and what Microsoft's page shows them.
 * Prefilled from the customer (primary contact, address country, language); every field editable.
 * Messages are translation keys; the core re-checks with the same schema.
 */
export const acceptanceRequestInputSchema = personSchema.extend({
  companyName: freeText('companyName', { max: 256, needs: 'letterOrDigit' }),
  /** ISO 3166-1 alpha-2, as Partner Center expects it. */
  country: z
    .string({ error: 'validation.country.required' })
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, { error: 'validation.country.required' })),
  /** The agreement's language: a language, optionally with its region (fr, de-DE). */
  language: z
    .string({ error: 'validation.language.invalid' })
    .trim()
    .regex(/^[A-Za-z]{2}(?:-[A-Za-z]{2})?$/, { error: 'validation.language.invalid' })
    .transform((v) => {
      const [lang, region] = v.split('-');
      return region ? `${lang!.toLowerCase()}-${region.toUpperCase()}` : lang!.toLowerCase();
    }),
});
export type AcceptanceRequestInput = z.infer<typeof acceptanceRequestInputSchema>;

/**
 * "Request customer acceptance" as it opens for a customer, strings only (the phone empty when
 * none). One rule for the single dialog (src/renderer/request) and the core's bulk request.
 */
export type RequestFormValues = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  companyName: string;
  /** ISO 3166-1 alpha-2, upper case; empty when not known. */
  country: string;
  /** A language ("fr") or a language with its region ("de-CH"); empty when not known. */
  language: string;
};

export const REQUEST_FIELDS: ReadonlyArray<keyof RequestFormValues> = ['firstName', 'lastName', 'email', 'phone', 'companyName', 'country', 'language'];

/** A two-letter country code, upper-cased; anything else is not a country the form can show. */
export function normaliseCountry(country: string | null | undefined): string {
  const code = (country ?? '').trim();
  return /^[A-Za-z]{2}$/.test(code) ? code.toUpperCase() : '';
}

/** "FR" → "fr", "fr_fr" / "fr-fr" → "fr-FR"; anything else (a script, a three-letter code) → "". */
export function normaliseLanguage(language: string | null | undefined): string {
  const match = /^([A-Za-z]{2})(?:[-_]([A-Za-z]{2}))?$/.exec((language ?? '').trim());
  if (!match) return '';
  const [, lang, region] = match;
  return region ? `${lang!.toLowerCase()}-${region.toUpperCase()}` : lang!.toLowerCase();
}

/** The language usually spoken in a country, as the new-customer wizard proposes it ("CH" → "de"). */
export function usualLanguage(country: string): string {
  return country ? cultureFor(country).slice(0, 2) : '';
}

/**
 * The request as it opens for a customer: the signatory is the person given (a confirmation
 * turned into a request, a new request) or else the primary contact; company name, country and
 * language come from Partner Center, the language falling back to the country's usual one.
 */
export function requestFormDefaults(
  customer: { companyName: string; country: string | null; language: string | null; primaryContact: Contact | null },
  signatory: Contact | null = null,
): RequestFormValues {
  const person = signatory ?? customer.primaryContact;
  const country = normaliseCountry(customer.country);
  return {
    firstName: person?.firstName ?? '',
    lastName: person?.lastName ?? '',
    email: person?.email ?? '',
    phone: person?.phone ?? '',
    companyName: customer.companyName,
    country,
    language: normaliseLanguage(customer.language) || usualLanguage(country),
  };
}
