import { en, type MessageKey } from './en';
import { fr } from './fr';

export type { MessageKey };
export type Params = Record<string, string | number>;

/** Catalogues by language. A missing key falls back to English. */
const catalogues: Record<string, Partial<Record<MessageKey, string>>> = { en, fr };

/** The languages there is a catalogue for ("en", "fr"). */
export const catalogueLanguages: readonly string[] = Object.keys(catalogues);

/** The language part of a locale ("fr-FR" → "fr"), lower-cased. */
function languageOf(locale: string): string {
  return (locale.split(/[-_]/)[0] ?? '').toLowerCase();
}

/**
 * Whether a locale is a well-formed BCP-47 tag in a language the catalogues know ("fr-FR", "fr",
 * "en-GB"; not "fr_FR", "de-DE" or "xx").
 */
export function isSupportedLocale(locale: string): boolean {
  try {
    Intl.getCanonicalLocales(locale);
  } catch {
    return false;
  }
  return Object.prototype.hasOwnProperty.call(catalogues, languageOf(locale));
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * Translates a key for a locale ("en-US", "fr-FR", …), filling {name} placeholders. Numbers in
 * params are formatted for the locale. Unknown keys come back as they are, so a raw message from
 * Partner Center passes through unchanged.
 */
export function translate(locale: string, key: string, params: Params = {}): string {
  const template = isMessageKey(key) ? (catalogueFor(locale)?.[key] ?? en[key]) : key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

function catalogueFor(locale: string): Partial<Record<MessageKey, string>> | undefined {
  const language = languageOf(locale);
  return Object.prototype.hasOwnProperty.call(catalogues, language) ? catalogues[language] : undefined;
}

/**
 * One formatter per locale and style, made once: building an Intl formatter costs about a tenth
 * of a millisecond, which a render of the result list paid for every number it showed.
 */
function cached<F>(make: (locale: string) => F): (locale: string) => F {
  const byLocale = new Map<string, F>();
  return (locale) => {
    let formatter = byLocale.get(locale);
    if (!formatter) byLocale.set(locale, (formatter = make(locale)));
    return formatter;
  };
}
const numberFormat = cached((locale) => new Intl.NumberFormat(locale));
const dateFormat = cached((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
const dateTimeFormat = cached((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));

export function formatNumber(locale: string, value: number): string {
  return numberFormat(locale).format(value);
}

/** A calendar date (YYYY-MM-DD) in the locale's medium style, without shifting time zones. */
export function formatDate(locale: string, isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  return dateFormat(locale).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A point in time in the operator's time zone. */
export function formatDateTime(locale: string, iso: string): string {
  return dateTimeFormat(locale).format(new Date(iso));
}

/** The operator's choice in Settings → Language, kept per installation. */
export const languageChoices = ['system', 'en', 'fr'] as const;
export type LanguageChoice = (typeof languageChoices)[number];

/**
 * The locale the app speaks: the system's (the OS, or `--lang` for this run) unless the operator
 * chose a language; a chosen language keeps the system's region when it is the same language
 * (fr-CA stays fr-CA), else takes its main one. A system locale without a catalogue reads English.
 */
export function effectiveLocale(choice: LanguageChoice, systemLocale: string): string {
  if (choice === 'system') return isSupportedLocale(systemLocale) ? systemLocale : 'en-US';
  if (isSupportedLocale(systemLocale) && languageOf(systemLocale) === choice) return systemLocale;
  return choice === 'fr' ? 'fr-FR' : 'en-US';
}

/**
 * `--lang fr|en` (or a full tag such as fr-CA) of the browser host and the CLI, as a locale; null
 * when MCA Desk has no catalogue for it.
 */
export function localeFromLangOption(value: string): string | null {
  const short: Record<string, string> = { fr: 'fr-FR', en: 'en-US' };
  const locale = short[value.toLowerCase()] ?? value;
  if (!isSupportedLocale(locale)) return null;
  return Intl.getCanonicalLocales(locale)[0] ?? locale;
}
