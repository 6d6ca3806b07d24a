import { REGISTRATION_COUNTRIES } from '../../shared/new-customer';

/**
 * Countries offered in "New customer", each with the culture Partner Center's UI proposes for it.
 * Names come from Intl in the operator's language. The countries where Partner Center requires a
 * registration number and phone are all here.
 */
export const COUNTRY_CULTURES: Record<string, string> = {
  AE: 'ar-AE', AM: 'hy-AM', AR: 'es-AR', AT: 'de-AT', AU: 'en-AU', AZ: 'az-AZ', BE: 'nl-BE', BG: 'bg-BG', BR: 'pt-BR',
  BY: 'ru-BY', CA: 'en-CA', CH: 'de-CH', CL: 'es-CL', CN: 'zh-CN', CO: 'es-CO', CZ: 'cs-CZ', DE: 'de-DE', DK: 'da-DK',
  EE: 'et-EE', EG: 'ar-EG', ES: 'es-ES', FI: 'fi-FI', FR: 'fr-FR', GB: 'en-GB', GR: 'el-GR', HK: 'zh-HK', HR: 'hr-HR',
  HU: 'hu-HU', ID: 'id-ID', IE: 'en-IE', IL: 'he-IL', IN: 'en-IN', IS: 'is-IS', IT: 'it-IT', JP: 'ja-JP', KE: 'en-KE',
  KG: 'ru-KG', KR: 'ko-KR', KZ: 'kk-KZ', LT: 'lt-LT', LU: 'fr-LU', LV: 'lv-LV', MA: 'fr-MA', MD: 'ro-MD', MX: 'es-MX',
  MY: 'ms-MY', NG: 'en-NG', NL: 'nl-NL', NO: 'nb-NO', NZ: 'en-NZ', PE: 'es-PE', PH: 'en-PH', PK: 'en-PK', PL: 'pl-PL',
  PT: 'pt-PT', RO: 'ro-RO', RS: 'sr-RS', RU: 'ru-RU', SA: 'ar-SA', SE: 'sv-SE', SG: 'en-SG', SI: 'sl-SI', SK: 'sk-SK',
  TH: 'th-TH', TJ: 'tg-TJ', TR: 'tr-TR', TW: 'zh-TW', UA: 'uk-UA', US: 'en-US', UZ: 'uz-UZ', VN: 'vi-VN', ZA: 'en-ZA',
};

for (const code of REGISTRATION_COUNTRIES) {
  if (!COUNTRY_CULTURES[code]) throw new Error(`countries.ts: ${code} needs a culture`);
}

/** The culture proposed for a country ("FR" → "fr-FR"), else English in that country. */
export function cultureFor(country: string): string {
  return COUNTRY_CULTURES[country] ?? `en-${country}`;
}

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
