import { z } from 'zod';

/**
 * Field rules for the person who accepted the Microsoft Customer Agreement, and the text rules every
 * field a person types shares (freeText). Messages are translation keys (see i18n/en.ts): the
 * renderer shows them at the field, the core re-checks with the same schema so a bypassed form
 * still cannot save bad data.
 */

// Same shape as the PowerShell module's client-side check (partner-center-api.md §8): a dotted
// local part, domain labels of letters/digits with inner hyphens, a final label of 2–24 letters or
// digits. ASCII only, like that check and the emulator: nothing says Partner Center takes an
// internationalised address, so one is refused here with its own message rather than there.
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,22}[A-Za-z0-9])$/;
const NOT_ASCII = /[^\x00-\x7F]/;
const PHONE = /^\+?[0-9 ()./-]{4,30}$/;
/** A phone is digits first: separators alone ("////", "( )") are not a number. */
const PHONE_MIN_DIGITS = 4;
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

/**
 * Text that holds a lone surrogate (half of a UTF-16 pair, stored as "�" and sent as garbage). In a
 * `u` regex a well-formed pair is one code point, so only a lone half is of category Cs: the same
 * answer as String.prototype.isWellFormed, which the renderer's and Node's libs may not type.
 */
const ILL_FORMED = /\p{Cs}/u;
export const isWellFormedText = (text: string): boolean => !ILL_FORMED.test(text);

/**
 * Format characters (\p{Cf}): zero-width spaces, direction overrides and isolates ("Ana\u202Egpj.exe"
 * reads "Anaexe.jpg"), soft hyphens, BOMs — text that reads other than it is. A joiner (ZWNJ, ZWJ)
 * between two letters is spelling (Persian, Indic scripts; the import keeps it in names), so it
 * alone is allowed there; anywhere else it is refused like the rest.
 */
const INVISIBLE = /(?![\u200C\u200D])\p{Cf}|(?<![\p{L}\p{M}])[\u200C\u200D]|[\u200C\u200D](?![\p{L}\p{M}])/u;
export const hasInvisible = (text: string): boolean => INVISIBLE.test(text);

const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export interface FreeTextRule {
  max: number;
  /** Fewest characters after trimming (default 1); 0: optional (absent or empty). */
  min?: number;
  /** `letter`: a person's or a place's name ("1234" is not one); `letterOrDigit`: a company ("3M", "1&1"). */
  needs?: 'letter' | 'letterOrDigit';
  /** Refuse < > and control characters (names, which Partner Center shows in its pages and mails). */
  plain?: boolean;
}

/**
 * A free-text field the app sends to Partner Center (or records): trimmed, bounded, well-formed,
 * nothing invisible. One rule for the dialogs, the wizard, the CLI, the import and the core.
 * Messages: validation.<key>.required / tooLong / invisible / invalid / noLetter, and
 * validation.text.malformed (one for every field: no keyboard types a lone surrogate).
 */
export function freeText(key: string, rule: FreeTextRule) {
  const min = rule.min ?? 1;
  // An optional field keeps zod's own words for a non-string: it has no "required" message.
  let text = (min > 0 ? z.string({ error: `validation.${key}.required` }) : z.string()).trim();
  if (min > 0) text = text.min(min, { error: `validation.${key}.required`, abort: true });
  text = text
    .max(rule.max, { error: `validation.${key}.tooLong`, abort: true })
    .refine(isWellFormedText, { error: 'validation.text.malformed', abort: true })
    .refine((v) => !hasInvisible(v), { error: `validation.${key}.invisible`, abort: true });
  if (rule.plain) text = text.refine((v) => !/[<>\p{Cc}]/u.test(v), { error: `validation.${key}.invalid`, abort: true });
  const needs = rule.needs === 'letter' ? LETTER : rule.needs === 'letterOrDigit' ? LETTER_OR_DIGIT : null;
  if (needs) text = text.refine((v) => (min === 0 && v === '') || needs.test(v), { error: `validation.${key}.noLetter` });
  return text;
}

const name = (key: string) => freeText(key, { max: 50, needs: 'letter', plain: true });

/** The e-mail address of a person: what Partner Center takes (see EMAIL). */
export const emailSchema = z
  .string({ error: 'validation.email.required' })
  .trim()
  .min(1, { error: 'validation.email.required', abort: true })
  .max(254, { error: 'validation.email.invalid', abort: true })
  .refine((v) => !NOT_ASCII.test(v), { error: 'validation.email.notAscii', abort: true })
  .regex(EMAIL, { error: 'validation.email.invalid' });

/** An optional phone number: digits with the usual separators; empty means none. */
export const phoneSchema = z
  .string()
  .trim()
  // No `abort` here: the union below answers "Invalid input" when both of its options abort. The
  // digits rule speaks only of a number otherwise well written, so one message per phone.
  .regex(PHONE, { error: 'validation.phone.invalid' })
  .refine((v) => !PHONE.test(v) || (v.match(/[0-9]/g)?.length ?? 0) >= PHONE_MIN_DIGITS, { error: 'validation.phone.tooFewDigits' })
  .optional()
  .or(z.literal('').transform(() => undefined));

/** Builds the schema against a given "today" so tests (and the core) control the clock. */
export function acceptanceSchema(today: () => string = () => localToday()) {
  // Strict: a key the form does not have (acceptance.role) is refused, not silently dropped.
  return z.strictObject({
    firstName: name('firstName'),
    lastName: name('lastName'),
    email: emailSchema,
    phone: phoneSchema,
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

/**
 * A queue item id: the UUID the core gave it (randomUUID, lower case). Every queue call takes it
 * through this one rule, so an id in capitals finds the same item everywhere (or none anywhere).
 */
export const queueItemIdSchema = z.uuid().transform((v) => v.toLowerCase());
