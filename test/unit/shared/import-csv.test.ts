import { describe, expect, it } from 'vitest';
import { checkImportRow, decodeImportBytes, emptyImportRow, IMPORT_LIMITS, ImportFileError, importDateOf, importTemplate, parseImportCsv } from '../../../src/shared/import-csv';

const TODAY = '2026-06-15';
const ID = '0b5e1c7a-3f2d-4e8b-9c6a-000000000001';

/** The translation key of the file-level refusal `fn` throws. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ImportFileError) return error.message;
    throw error;
  }
  throw new Error('no refusal');
}

describe('reading the CSV file', () => {
  it('reads UTF-8 with a BOM, ";" as French Excel writes it, CRLF and French headers', () => {
    const text = '\uFEFFclient;prénom;nom;e-mail;téléphone;date\r\n' + `${ID};Amélie;Lefèvre;amelie@example.com;+33 1 42 68 53 00;05/01/2026\r\n`;
    const rows = parseImportCsv(text, 'confirm');
    expect(rows).toEqual([{ line: 2, customer: ID, first_name: 'Amélie', last_name: 'Lefèvre', email: 'amelie@example.com', phone: '+33 1 42 68 53 00', date: '05/01/2026', country: '', language: '' }]);
  });

  it('reads "," with quoted fields holding the delimiter, doubled quotes and line breaks, and counts lines as in the file', () => {
    const text = [
      'customer,first_name,last_name,email,date',
      `${ID},"Jean, Paul","O""Neil",a@example.com,2026-01-05`,
      `${ID},"Two`,
      `lines",B,b@example.com,2026-01-05`,
      '',
      ',,,,',
      `contoso.onmicrosoft.com,C,D,c@example.com,2026-01-05`,
    ].join('\r\n');
    const rows = parseImportCsv(text, 'confirm');
    expect(rows.map((r) => [r.line, r.first_name, r.last_name])).toEqual([
      [2, 'Jean, Paul', 'O"Neil'],
      [3, 'Two\r\nlines', 'B'],
      [7, 'C', 'D'],
    ]);
  });

  it('counts lines with LF-only and CR-only line breaks too', () => {
    expect(parseImportCsv('customer,first_name,last_name,email,date\n\nx.com,"a\nb",c,d@e.fr,2026-01-01\ny.com,a,c,d@e.fr,2026-01-01\n', 'confirm').map((r) => r.line)).toEqual([3, 5]);
    expect(parseImportCsv('customer,first_name,last_name,email,date\rx.com,a,c,d@e.fr,2026-01-01\ry.com,a,c,d@e.fr,2026-01-01', 'confirm').map((r) => r.line)).toEqual([2, 3]);
  });

  it('takes the columns in any order, ignores unknown ones, and leaves optional ones empty', () => {
    const rows = parseImportCsv('Notes,E-mail,Date,Last Name,First Name,Customer\nhello,a@b.fr,2026-01-01,Nom,Prénom,x.com\n', 'confirm');
    expect(rows[0]).toMatchObject({ customer: 'x.com', first_name: 'Prénom', last_name: 'Nom', email: 'a@b.fr', phone: '', date: '2026-01-01' });
  });

  it('reads the request columns (country, language; pays, langue) and not the date', () => {
    const rows = parseImportCsv('client;prénom;nom;e-mail;pays;langue\nx.com;A;B;a@b.fr;fr;fr-fr\n', 'request');
    expect(rows[0]).toMatchObject({ country: 'fr', language: 'fr-fr', date: '' });
    expect(refusal(() => parseImportCsv('customer,first_name,last_name,email,date\nx.com,A,B,a@b.fr,2026-01-01\n', 'request'))).toBe('import.file.dateInRequest');
  });

  it('strips zero-width characters everywhere, keeps joiners in names only, and normalises to NFC', () => {
    const [row] = parseImportCsv(`customer,first_name,last_name,email,date\n\u200Bx.com\u200D,Mi\u200Cna,Cafe\u0301,a\u200B@b.fr\uFEFF,2026-01-01\n`, 'confirm');
    expect(row).toMatchObject({ customer: 'x.com', first_name: 'Mi\u200Cna', last_name: 'Café', email: 'a@b.fr' });
  });

  it('refuses empty, headerless, header-only, duplicate-column and binary files by name', () => {
    expect(refusal(() => parseImportCsv('', 'confirm'))).toBe('import.file.empty');
    expect(refusal(() => parseImportCsv('\uFEFF \r\n', 'confirm'))).toBe('import.file.empty');
    expect(refusal(() => parseImportCsv(`${ID},Amélie,Lefèvre,a@b.fr,2026-01-01\n`, 'confirm'))).toBe('import.file.noHeader');
    expect(refusal(() => parseImportCsv('customer,first_name,last_name,email,date\r\n', 'confirm'))).toBe('import.file.noRows');
    expect(refusal(() => parseImportCsv('customer,first_name,last_name,email\nx.com,a,b,c@d.fr\n', 'confirm'))).toBe('import.file.missingColumns');
    expect(refusal(() => parseImportCsv('customer,client,first_name,last_name,email,date\nx,y,a,b,c,d\n', 'confirm'))).toBe('import.file.duplicateColumn');
    expect(refusal(() => parseImportCsv('customer,first_name\u0000', 'confirm'))).toBe('import.file.binary');
  });

  it('refuses a file past the limits before reading its rows: too many rows, too large', () => {
    const header = 'customer,first_name,last_name,email,date\n';
    const row = 'x.com,A,B,a@b.fr,2026-01-01\n';
    expect(parseImportCsv(header + row.repeat(IMPORT_LIMITS.maxRows), 'confirm')).toHaveLength(IMPORT_LIMITS.maxRows);
    expect(refusal(() => parseImportCsv(header + row.repeat(IMPORT_LIMITS.maxRows + 1), 'confirm'))).toBe('import.file.tooManyRows');
    // A 50 MB file: refused on its length, not parsed.
    const huge = header + 'x'.repeat(50 * 1024 * 1024);
    expect(refusal(() => parseImportCsv(huge, 'confirm'))).toBe('import.file.tooLarge');
    expect(refusal(() => decodeImportBytes(new Uint8Array(50 * 1024 * 1024)))).toBe('import.file.tooLarge');
  });

  it('bounds a very long cell', () => {
    const [row] = parseImportCsv(`customer,first_name,last_name,email,date\nx.com,${'A'.repeat(100_000)},B,a@b.fr,2026-01-01\n`, 'confirm');
    expect(row!.first_name).toHaveLength(IMPORT_LIMITS.maxCell);
    expect(checkImportRow(row!, 'confirm', TODAY).errors).toEqual([{ field: 'first_name', message: 'validation.firstName.tooLong' }]);
  });

  it('decodes UTF-8 with or without BOM, and refuses UTF-16 and Windows-1252 by name', () => {
    const utf8 = new TextEncoder().encode('\uFEFFprénom');
    expect(decodeImportBytes(utf8)).toBe('prénom');
    expect(decodeImportBytes(new TextEncoder().encode('prénom'))).toBe('prénom');
    expect(refusal(() => decodeImportBytes(new Uint8Array([0xff, 0xfe, 0x63, 0x00])))).toBe('import.file.notUtf8');
    expect(refusal(() => decodeImportBytes(new Uint8Array([0x70, 0x72, 0xe9, 0x6e, 0x6f, 0x6d])))).toBe('import.file.notUtf8');
    expect(refusal(() => decodeImportBytes(new Uint8Array([])))).toBe('import.file.empty');
  });

  it('writes the template in the operator\u2019s language, with a BOM, readable by the parser', () => {
    expect(importTemplate('confirm', 'en-US')).toBe('\uFEFFcustomer,first_name,last_name,email,phone,date\r\n');
    expect(importTemplate('request', 'fr-FR')).toBe('\uFEFFclient;prénom;nom;e-mail;téléphone;pays;langue\r\n');
    expect(refusal(() => parseImportCsv(importTemplate('request', 'fr-FR'), 'request'))).toBe('import.file.noRows');
  });
});

describe('checking one row', () => {
  const row = (cells: Partial<Parameters<typeof emptyImportRow>[1]>) =>
    emptyImportRow(2, { customer: ID, first_name: 'Amélie', last_name: 'Lefèvre', email: 'amelie@example.com', date: '2026-01-05', ...cells });
  const errors = (cells: Parameters<typeof row>[0], mode: 'confirm' | 'request' = 'confirm') => checkImportRow(row(cells), mode, TODAY).errors;

  it('passes a valid row, with the date as YYYY-MM-DD', () => {
    const check = checkImportRow(row({ date: '5/1/2026' }), 'confirm', TODAY);
    expect(check.errors).toEqual([]);
    expect(check).toMatchObject({ customer: { kind: 'id', id: ID }, dateAgreed: '2026-01-05', person: { firstName: 'Amélie', email: 'amelie@example.com' } });
    expect(checkImportRow(row({ customer: 'Contoso.OnMicrosoft.com' }), 'confirm', TODAY).customer).toEqual({ kind: 'domain', domain: 'contoso.onmicrosoft.com' });
  });

  it('reads DD/MM/YYYY as day first, and refuses other forms, unreal, future and too old dates', () => {
    expect(importDateOf('05/01/2026')).toBe('2026-01-05');
    expect(importDateOf('2026-1-5')).toBe('2026-01-05');
    expect(importDateOf('01-05-2026')).toBeNull();
    expect(errors({ date: '01/05/26' })).toEqual([{ field: 'date', message: 'import.error.date' }]);
    expect(errors({ date: 'January 5' })).toEqual([{ field: 'date', message: 'import.error.date' }]);
    expect(errors({ date: '31/02/2026' })).toEqual([{ field: 'date', message: 'validation.date.invalid' }]);
    expect(errors({ date: '16/06/2026' })).toEqual([{ field: 'date', message: 'validation.date.future' }]);
    expect(errors({ date: '2016-12-31' })).toEqual([{ field: 'date', message: 'validation.date.tooOld' }]);
    expect(errors({ date: '' })).toEqual([{ field: 'date', message: 'validation.date.required' }]);
  });

  it('puts each error at its field, with the shared validation\u2019s messages', () => {
    expect(errors({ first_name: '', email: 'nope', phone: 'call me' })).toEqual([
      { field: 'first_name', message: 'validation.firstName.required' },
      { field: 'email', message: 'validation.email.invalid' },
      { field: 'phone', message: 'validation.phone.invalid' },
    ]);
    expect(errors({ customer: '' })).toEqual([{ field: 'customer', message: 'import.error.customerRequired' }]);
    expect(errors({ customer: 'not a customer' })).toEqual([{ field: 'customer', message: 'import.error.customerInvalid' }]);
  });

  it('refuses cells a spreadsheet would run as a formula, but not a phone number starting with +', () => {
    expect(errors({ first_name: '=HYPERLINK("http://evil.example","x")' })).toEqual([{ field: 'first_name', message: 'import.error.formula' }]);
    expect(errors({ last_name: '@SUM(A1)' })).toEqual([{ field: 'last_name', message: 'import.error.formula' }]);
    expect(errors({ email: '+cmd|calc@example.com' })).toEqual([{ field: 'email', message: 'import.error.formula' }]);
    expect(errors({ customer: '-2+3' })).toEqual([{ field: 'customer', message: 'import.error.formula' }]);
    expect(errors({ phone: '+33 1 42 68 53 00' })).toEqual([]);
    expect(errors({ phone: '=1+1' })).toEqual([{ field: 'phone', message: 'import.error.formula' }]);
  });

  it('refuses direction-changing characters and control characters in names', () => {
    expect(errors({ last_name: 'Lef\u202Eèvre' })).toEqual([{ field: 'last_name', message: 'import.error.invisible' }]);
    expect(errors({ first_name: 'A\u0007' })).toEqual([{ field: 'first_name', message: 'validation.firstName.invalid' }]);
    expect(errors({ first_name: '<script>' })).toEqual([{ field: 'first_name', message: 'validation.firstName.invalid' }]);
  });

  it('checks a request\u2019s country and language when given, and leaves them to the customer when empty', () => {
    const check = checkImportRow(row({ date: '', country: 'fr', language: 'FR-fr' }), 'request', TODAY);
    expect(check).toMatchObject({ errors: [], country: 'FR', language: 'fr-FR', dateAgreed: null });
    expect(checkImportRow(row({ date: '' }), 'request', TODAY)).toMatchObject({ errors: [], country: null, language: null });
    expect(errors({ country: 'France', language: 'français' }, 'request')).toEqual([
      { field: 'country', message: 'import.error.country' },
      { field: 'language', message: 'import.error.language' },
    ]);
  });
});
