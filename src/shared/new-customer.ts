import { z } from 'zod';
import { acceptanceSchema, freeText, localToday, phoneSchema } from './validation';

/**
 * The "New customer" wizard's rules, shared by the form and the core (which re-checks). Messages
 * are translation keys. Country rules follow partner-center-api.md §4.4: where Partner Center
 * answers 600049 (registration number) and 600051 (phone), the form asks for them up front.
 */

/**
 * Countries where Partner Center requires the organisation registration number (else 600049)
 * and the customer's phone (else 600051): the list §4.4 gives for both rules. (The docs'
 * companyProfile table names more countries for the registration number; not enforced, as the
 * docs disagree with themselves.)
 */
export const REGISTRATION_COUNTRIES = ['AM', 'AZ', 'BY', 'HU', 'KZ', 'KG', 'MD', 'RU', 'TJ', 'UZ', 'UA'] as const;
export const requiresRegistration = (country: string) => (REGISTRATION_COUNTRIES as readonly string[]).includes(country.trim().toUpperCase());

/** The initial domain is `<prefix>.onmicrosoft.com`; the operator types the prefix. */
export const DOMAIN_SUFFIX = '.onmicrosoft.com';
export const domainPrefixSchema = z
  .string({ error: 'validation.domain.required' })
  .trim()
  .min(1, { error: 'validation.domain.required', abort: true })
  .max(27, { error: 'validation.domain.tooLong', abort: true })
  .regex(/^[A-Za-z0-9]+$/, { error: 'validation.domain.invalid' })
  .transform((v) => v.toLowerCase());

const optionalText = (key: string, max: number) => freeText(key, { max, min: 0 }).optional();

/** The company part of the wizard. */
export const newCompanySchema = z.strictObject({
  name: freeText('companyName', { max: 256, needs: 'letterOrDigit' }),
  domainPrefix: domainPrefixSchema,
  addressLine1: freeText('addressLine1', { max: 200 }),
  addressLine2: optionalText('addressLine2', 200),
  city: freeText('city', { max: 100, needs: 'letter' }),
  state: optionalText('state', 2),
  postalCode: optionalText('postalCode', 20),
  country: z.string({ error: 'validation.country.required' }).regex(/^[A-Z]{2}$/, { error: 'validation.country.required' }),
  culture: z.string({ error: 'validation.culture.invalid' }).regex(/^[a-z]{2}-[A-Z]{2}$/, { error: 'validation.culture.invalid' }),
  language: z.string({ error: 'validation.language.invalid' }).regex(/^[a-z]{2}$/, { error: 'validation.language.invalid' }),
  phone: phoneSchema,
  registrationNumber: optionalText('registrationNumber', 50),
});

/** A person: the primary contact, or who accepted (no date). */
export const personSchema = acceptanceSchema().omit({ dateAgreed: true });

/** What a create-customer queue item sends: company and primary contact, never secrets. */
export const newCustomerPayloadSchema = z.strictObject({ company: newCompanySchema, contact: personSchema });
export type NewCustomerPayload = z.infer<typeof newCustomerPayloadSchema>;

const optionalString = z.string().optional();
/**
 * A saved payload as the queue answers it (an output): the same fields, not checked again, so an
 * item saved under earlier, looser rules still lists and can be edited.
 */
export const savedNewCustomerPayloadSchema = z.object({
  company: z.object({
    name: z.string(),
    domainPrefix: z.string(),
    addressLine1: z.string(),
    addressLine2: optionalString,
    city: z.string(),
    state: optionalString,
    postalCode: optionalString,
    country: z.string(),
    culture: z.string(),
    language: z.string(),
    phone: optionalString,
    registrationNumber: optionalString,
  }),
  contact: z.object({ firstName: z.string(), lastName: z.string(), email: z.string(), phone: optionalString }),
}) satisfies z.ZodType<NewCustomerPayload>;

export function newCustomerSchema(today: () => string = () => localToday()) {
  return newCustomerPayloadSchema
    .extend({
      mca: z.discriminatedUnion('accepted', [
        z.strictObject({
          accepted: z.literal(false),
          /**
           * Ask the customer to accept on Microsoft's page once it is created (an acceptance
           * request): the signatory, null for the primary contact. Absent: no request.
           */
          request: z.strictObject({ signatory: personSchema.nullable() }).optional(),
        }),
        z.strictObject({
          accepted: z.literal(true),
          dateAgreed: acceptanceSchema(today).shape.dateAgreed,
          /** Who accepted; null means the primary contact. */
          acceptedBy: personSchema.nullable(),
        }),
      ]),
    })
    .superRefine((value, ctx) => {
      if (requiresRegistration(value.company.country)) {
        if (!value.company.registrationNumber) ctx.addIssue({ code: 'custom', path: ['company', 'registrationNumber'], message: 'validation.registrationNumber.required' });
        if (!value.company.phone) ctx.addIssue({ code: 'custom', path: ['company', 'phone'], message: 'validation.companyPhone.required' });
      }
    });
}

export const newCustomerInputSchema = newCustomerSchema();
export type NewCustomerInput = z.infer<typeof newCustomerInputSchema>;
