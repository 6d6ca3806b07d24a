import { COUNTRY_CULTURES } from '../../shared/country-cultures';

// The cultures by country live in src/shared (the core proposes the same language for a request).
export { COUNTRY_CULTURES, cultureFor } from '../../shared/country-cultures';

function displayNames(locale: string, type: 'region' | 'language'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type });
  } catch {
    return null;
  }
}

/** A region's name, or its code where Intl does not know it. */
function regionName(names: Intl.DisplayNames | null, code: string): string {
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Countries as Select options, sorted by name in the operator's language; `current` (a customer's
 * country read from Partner Center) joins the list when it is a two-letter code not in it.
 */
export function countryOptions(locale: string, current = ''): { value: string; label: string }[] {
  const names = displayNames(locale, 'region');
  const codes = new Set(Object.keys(COUNTRY_CULTURES));
  if (/^[A-Z]{2}$/.test(current)) codes.add(current);
  return [...codes]
    .map((code) => ({ value: code, label: `${regionName(names, code)} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** Every culture of the list (plus the current one), labelled with its language and country. */
export function cultureOptions(locale: string, current: string): { value: string; label: string }[] {
  const names = displayNames(locale, 'language');
  const all = new Set([...Object.values(COUNTRY_CULTURES), 'en-US', 'en-GB']);
  if (/^[a-z]{2}-[A-Z]{2}$/.test(current)) all.add(current);
  return [...all]
    .map((code) => ({ value: code, label: `${code} — ${names?.of(code) ?? code}` }))
    .sort((a, b) => a.value.localeCompare(b.value));
}

/**
 * Languages (two letters) of those cultures, labelled in the operator's language; `current` joins
 * them, also as a language with its region ("de-CH", an acceptance request's language).
 */
export function languageOptions(locale: string, current: string): { value: string; label: string }[] {
  const names = displayNames(locale, 'language');
  const all = new Set(Object.values(COUNTRY_CULTURES).map((c) => c.slice(0, 2)));
  if (/^[a-z]{2}(?:-[A-Z]{2})?$/.test(current)) all.add(current);
  return [...all]
    .map((code) => ({ value: code, label: `${names?.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
}
