import { describe, expect, it } from 'vitest';
import { en } from '../../../src/shared/i18n/en';
import { fr } from '../../../src/shared/i18n/fr';
import { effectiveLocale, formatDate, formatDateTime, formatNumber, isSupportedLocale, localeFromLangOption, translate, type MessageKey } from '../../../src/shared/i18n';

const NNBSP = '\u202F';
const keys = Object.keys(en) as MessageKey[];

const placeholdersOf = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** Shows invisible spaces in a failure message. */
const visible = (text: string) => text.replace(/\u202F/g, '⟨nnbsp⟩').replace(/\u00A0/g, '⟨nbsp⟩');

/**
 * Where a French string breaks French typography: « : ; ! ? » need a narrow no-break space right
 * before them, « one right after it; a plain space, a (wide) no-break space or nothing there is an
 * error, and so is a plain space next to the narrow one. Not punctuation, so not checked: the colon
 * and question mark of a URL, the colon of a time (10:30). A placeholder stands for a word, so
 * "{time}:" is an error like "midi:".
 */
function typographyErrors(text: string): string[] {
  const masked = text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => 'u'.repeat(url.length))
    .replace(/\{\w+\}/g, (placeholder) => 'p'.repeat(placeholder.length));
  const errors: string[] = [];
  const at = (i: number) => `“${visible(text.slice(Math.max(0, i - 12), i + 3))}”`;
  for (let i = 0; i < masked.length; i++) {
    const mark = masked[i]!;
    const before = masked[i - 1];
    const after = masked[i + 1];
    if (':;!?»'.includes(mark)) {
      const isTime = mark === ':' && /\d/.test(before ?? '') && /\d/.test(after ?? '');
      if (!isTime && before !== NNBSP) errors.push(`no narrow no-break space before ${mark} in ${at(i)}`);
    }
    if (mark === '«' && after !== NNBSP) errors.push(`no narrow no-break space after « in ${at(i)}`);
  }
  for (const m of masked.matchAll(/ \u202F|\u202F /g)) errors.push(`a plain space next to the narrow one in ${at(m.index)}`);
  return errors;
}

describe('French typography check', () => {
  it('accepts French punctuation with narrow no-break spaces', () => {
    for (const good of [
      'Tentatives\u202F: 3',
      'Abandonner\u202F?',
      'Attention\u202F!',
      'en pause\u202F; reprise',
      'Aucun client ne correspond à «\u202F{query}\u202F»',
      'Raison\u202F: {reason}',
      'Dernière vérification\u202F: {time}.',
    ]) {
      expect(typographyErrors(good), good).toEqual([]);
    }
  });

  it('does not mistake times, URLs or what placeholders stand for for punctuation', () => {
    for (const good of ['Reprise à 10:30.', 'Voir https://aka.ms/customeragreement?country=FR pour le modèle.', 'Code {code} · détails', 'Échec\u202F: {message}']) {
      expect(typographyErrors(good), good).toEqual([]);
    }
  });

  it('finds a plain space, a wide no-break space, no space or a double space', () => {
    expect(typographyErrors('Tentatives : 3')).toHaveLength(1);
    expect(typographyErrors('Tentatives: 3')).toHaveLength(1);
    expect(typographyErrors('Tentatives\u00A0: 3')).toHaveLength(1);
    expect(typographyErrors('Abandonner ?')).toHaveLength(1);
    expect(typographyErrors('en pause; reprise')).toHaveLength(1);
    expect(typographyErrors('Tentatives \u202F: 3')).toHaveLength(1);
    expect(typographyErrors('« mot »')).toHaveLength(2);
    expect(typographyErrors('«mot»')).toHaveLength(2);
    expect(typographyErrors('Le {time}: x')).toHaveLength(1);
    expect(typographyErrors('Voir https://aka.ms/x: ici')).toEqual([]);
  });
});

describe('French catalogue', () => {
  it('has exactly the keys of the English one', () => {
    expect(Object.keys(fr).sort()).toEqual([...keys].sort());
  });

  it('keeps the placeholders of each English message', () => {
    const different = keys.filter((key) => placeholdersOf(en[key]).join() !== placeholdersOf(fr[key]).join());
    expect(different.map((key) => `${key}: ${placeholdersOf(en[key]).join()} ≠ ${placeholdersOf(fr[key]).join()}`)).toEqual([]);
  });

  it('has no empty message, in either language', () => {
    expect(keys.filter((key) => en[key].trim() === '')).toEqual([]);
    expect(keys.filter((key) => fr[key].trim() === '')).toEqual([]);
  });

  it('translates every message, apart from names that are the same in both languages', () => {
    const same = new Set<MessageKey>([
      'ui.app.name',
      'ui.common.none',
      'error.conflict',
      'ui.error.httpStatus',
      'ui.activity.detail.change',
      'ui.queue.col.actions',
      'ui.orders.col.actions',
      'ui.profile.cloud',
      'ui.profile.namePlaceholder',
      'ui.cloud.usgov',
      'ui.relationship.syndication',
      'ui.newCustomer.culture',
      'ui.cloud.public',
      'ui.activity.detail.edit',
      'activity.csv.action',
    ]);
    expect(keys.filter((key) => !same.has(key) && fr[key] === en[key])).toEqual([]);
  });

  it('follows French typography', () => {
    const errors = keys.flatMap((key) => typographyErrors(fr[key]).map((error) => `${key}: ${error}`));
    expect(errors).toEqual([]);
  });

  it('writes apostrophes and quotes the French way', () => {
    expect(keys.filter((key) => /'|"|“|”/.test(fr[key]))).toEqual([]);
  });
});

describe('translate', () => {
  it('answers in French for a French locale', () => {
    expect(translate('fr-FR', 'ui.nav.customers')).toBe('Clients');
    expect(translate('fr-FR', 'ui.mca.update')).toBe('Mettre à jour');
    expect(translate('fr', 'ui.confirm.save')).toBe('Enregistrer et continuer');
    expect(translate('fr-CA', 'ui.mca.heading')).toBe('Contrat client Microsoft');
    expect(translate('FR-fr', 'ui.nav.settings')).toBe('Paramètres');
  });

  it('falls back to English only for a language without a catalogue', () => {
    expect(translate('en-US', 'ui.nav.customers')).toBe('Customers');
    expect(translate('de-DE', 'ui.nav.customers')).toBe('Customers');
    expect(translate('xx', 'ui.nav.customers')).toBe('Customers');
    expect(translate('', 'ui.nav.customers')).toBe('Customers');
  });

  it('fills placeholders, with numbers in the locale’s format', () => {
    expect(translate('fr-FR', 'ui.customers.countAll', { count: 12345 })).toBe(`12${NNBSP}345 clients`);
    expect(translate('en-US', 'ui.customers.countAll', { count: 12345 })).toBe('12,345 customers');
    expect(translate('fr-FR', 'ui.customers.noMatches', { query: 'Müller' })).toBe(`Aucun client ne correspond à «${NNBSP}Müller${NNBSP}»`);
  });

  it('passes a message that is not a key through unchanged', () => {
    expect(translate('fr-FR', 'Partner Center: The customer does not exist.')).toBe('Partner Center: The customer does not exist.');
  });
});

describe('isSupportedLocale', () => {
  it('takes a well-formed tag in a language with a catalogue', () => {
    for (const locale of ['fr-FR', 'fr', 'fr-CA', 'en-US', 'en-GB', 'en']) expect(isSupportedLocale(locale), locale).toBe(true);
  });

  it('refuses a malformed tag or a language without a catalogue', () => {
    for (const locale of ['fr_FR', 'de-DE', 'xx', '', 'français', 'fr-']) expect(isSupportedLocale(locale), locale).toBe(false);
  });
});

describe('French numbers and dates (Node’s ICU)', () => {
  it('groups thousands with a narrow no-break space and uses a decimal comma', () => {
    expect(formatNumber('fr-FR', 12345)).toBe(`12${NNBSP}345`);
    expect(formatNumber('fr-FR', 1234.5)).toBe(`1${NNBSP}234,5`);
    expect(formatNumber('en-US', 12345)).toBe('12,345');
  });

  it('writes dates with the month name in French', () => {
    expect(formatDate('fr-FR', '2026-03-05')).toBe('5 mars 2026');
    expect(formatDate('fr-FR', '2026-12-31')).toBe('31 déc. 2026');
    expect(formatDate('en-US', '2026-03-05')).toBe('Mar 5, 2026');
  });

  it('writes a point in time as a French date and a 24-hour time', () => {
    // Noon UTC falls on the 5th in every time zone from UTC−11 to UTC+11.
    expect(formatDateTime('fr-FR', '2026-03-05T12:00:00Z')).toMatch(/^5 mars 2026, \d{2}:\d{2}$/);
  });
});

describe('the language MCA Desk speaks', () => {
  it('Settings → Language: "System" is the system\u2019s locale when there is a catalogue for it, else English', () => {
    expect(effectiveLocale('system', 'fr-CA')).toBe('fr-CA');
    expect(effectiveLocale('system', 'de-DE')).toBe('en-US');
    expect(effectiveLocale('system', 'not a tag')).toBe('en-US');
  });

  it('a chosen language keeps the system\u2019s region when it is the same language, else takes its main one', () => {
    expect(effectiveLocale('fr', 'fr-BE')).toBe('fr-BE');
    expect(effectiveLocale('fr', 'en-GB')).toBe('fr-FR');
    expect(effectiveLocale('en', 'en-GB')).toBe('en-GB');
    expect(effectiveLocale('en', 'fr-FR')).toBe('en-US');
  });

  it('--lang takes fr, en or a tag in one of them; nothing else', () => {
    expect(localeFromLangOption('fr')).toBe('fr-FR');
    expect(localeFromLangOption('EN')).toBe('en-US');
    expect(localeFromLangOption('fr-ca')).toBe('fr-CA');
    for (const bad of ['de', 'fr_FR', '', 'xx-YY', '../../etc']) expect(localeFromLangOption(bad), bad).toBeNull();
  });
});
