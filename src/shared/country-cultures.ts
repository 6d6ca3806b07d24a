import { REGISTRATION_COUNTRIES } from './new-customer';

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

