import { z } from 'zod';

/**
 * Field rules for the person who accepted the Microsoft Customer Agreement. Messages are
 * translation keys (see i18n/en.ts): the renderer shows them at the field, the core re-checks
 * with the same schema so a bypassed form still cannot save bad data.
 */

// Same shape as the PowerShell module's client-side check: a dotted local part, domain labels of
// letters/digits with inner hyphens, a final label of 2–24 letters or digits. Unicode letters are
// allowed in both parts (internationalised addresses exist among our customers).
const EMAIL =
  /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,22}[\p{L}\p{N}])$/u;
const PHONE = /^\+?[0-9 ()./-]{4,30}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The operator's calendar date today, as YYYY-MM-DD in local time. */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export function isRealDate(iso: string): boolean {
  if (!ISO_DATE.test(iso)) return false;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const name = (key: string) =>
  z
    .string({ error: `validation.${key}.required` })
    .trim()
    .min(1, { error: `validation.${key}.required`, abort: true })
    .max(50, { error: `validation.${key}.tooLong`, abort: true })
    .refine((v) => !/[<>\p{Cc}]/u.test(v), { error: `validation.${key}.invalid` });

/** Builds the schema against a given "today" so tests (and the core) control the clock. */
export function acceptanceSchema(today: () => string = () => localToday()) {
  return z.object({
    firstName: name('firstName'),
    lastName: name('lastName'),
    email: z
      .string({ error: 'validation.email.required' })
      .trim()
      .min(1, { error: 'validation.email.required', abort: true })
      .max(254, { error: 'validation.email.invalid', abort: true })
      .regex(EMAIL, { error: 'validation.email.invalid' }),
    phone: z
      .string()
      .trim()
      .regex(PHONE, { error: 'validation.phone.invalid' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    dateAgreed: z
      .string({ error: 'validation.date.required' })
      .min(1, { error: 'validation.date.required', abort: true })
      .refine(isRealDate, { error: 'validation.date.invalid', abort: true })
      .refine((d) => d <= today(), { error: 'validation.date.future', abort: true })
      .refine((d) => d >= '2017-01-01', { error: 'validation.date.tooOld' }),
  });
}

export const acceptanceInputSchema = acceptanceSchema();
export type AcceptanceInput = z.infer<typeof acceptanceInputSchema>;

/** A customer (tenant) id is a GUID, optionally braced, as Partner Center accepts it. */
export const customerIdSchema = z
  .string({ error: 'validation.customerId.invalid' })
  .trim()
  .regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/, {
    error: 'validation.customerId.invalid',
  })
  .transform((v) => v.replace(/[{}]/g, '').toLowerCase());
