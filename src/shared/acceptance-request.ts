import { z } from 'zod';
import { personSchema } from './new-customer';

/**
 * "Request customer acceptance": who signs (the signatory) and what Microsoft's page shows them.
 * Prefilled from the customer (primary contact, address country, language); every field editable.
 * Messages are translation keys; the core re-checks with the same schema.
 */
export const acceptanceRequestInputSchema = personSchema.extend({
  companyName: z
    .string({ error: 'validation.companyName.required' })
    .trim()
    .min(1, { error: 'validation.companyName.required', abort: true })
    .max(256, { error: 'validation.companyName.tooLong' }),
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
