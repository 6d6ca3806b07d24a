import Papa from 'papaparse';
import { z } from 'zod';
import { acceptanceRequestInputSchema } from './acceptance-request';
import { personSchema } from './new-customer';
import { acceptanceSchema, customerIdSchema, localToday } from './validation';
import { BOM } from './csv';

/**
 * Bulk import (Sync queue → "Import…", `mca-desk import FILE`): the CSV file, its columns in
 * English or French, and the checks of one row that need no store. Pure and shared: the core
 * (src/main/core/features/import.ts) adds what needs the store (customers, the queue) and is the
 * one that decides; the renderer only shows. Messages are translation keys (i18n/en/import.ts).
 *
 * The file is hostile until checked: it is bounded (size, rows, cell length) before anything is
 * kept, invisible characters are stripped or refused, and cells that a spreadsheet would run as a
 * formula are refused (they would run when the queue or the audit log is exported again).
 */

/** What an import creates: partner confirmations, or acceptance requests (the profile's method). */
/** What an import queues: partner confirmations, or acceptance requests. */
export const importModeSchema = z.enum(['confirm', 'request']);
export type ImportMode = z.infer<typeof importModeSchema>;

/** The columns, by the English template's names (also the `field` of every error). */
export const IMPORT_FIELDS = ['customer', 'first_name', 'last_name', 'email', 'phone', 'date', 'country', 'language'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The template's columns per mode, in order; `phone` is optional (also `country`, `language`: the customer's by default). */
export const IMPORT_COLUMNS: Record<ImportMode, readonly ImportField[]> = {
  confirm: ['customer', 'first_name', 'last_name', 'email', 'phone', 'date'],
  request: ['customer', 'first_name', 'last_name', 'email', 'phone', 'country', 'language'],
};
const OPTIONAL: ReadonlySet<ImportField> = new Set(['phone', 'country', 'language']);

/** French headers (the template in French), as Partner Center's French names them. */
export const FRENCH_HEADERS: Record<ImportField, string> = {
  customer: 'client',
  first_name: 'prénom',
  last_name: 'nom',
  email: 'e-mail',
  phone: 'téléphone',
  date: 'date',
  country: 'pays',
  language: 'langue',
};

/** Header spellings accepted, after `headerKey` (lower case, no accents, separators as "_"). */
const HEADER_ALIASES: Record<string, ImportField> = {
  customer: 'customer', client: 'customer', tenant: 'customer', tenant_id: 'customer', customer_id: 'customer', domain: 'customer',
  first_name: 'first_name', firstname: 'first_name', prenom: 'first_name',
  last_name: 'last_name', lastname: 'last_name', nom: 'last_name', nom_de_famille: 'last_name',
  email: 'email', e_mail: 'email', adresse_e_mail: 'email', courriel: 'email',
  phone: 'phone', telephone: 'phone', numero_de_telephone: 'phone',
  date: 'date', date_d_acceptation: 'date', date_agreed: 'date',
  country: 'country', pays: 'country',
  language: 'language', langue: 'language',
};

/** Limits: a file past them is refused whole, with a message saying which. */
export const IMPORT_LIMITS = {
  /** Characters of the file's text (about as many bytes for Latin text): 10,000 full rows fit well. */
  maxChars: 5_000_000,
  /** Rows under the header. */
  maxRows: 10_000,
  /** A cell longer than this is cut (and invalid: no field takes more than 254). */
  maxCell: 500,
} as const;

/** One row as read (or as the operator fixed it): every cell as text, '' when the column is absent. */
export const importRowSchema = z
  .object({
    /** The line the row starts on in the file (the header is line 1); rows made by code count from 2. */
    line: z.number().int().min(1).max(100_000_000),
    customer: z.string().max(IMPORT_LIMITS.maxCell),
    first_name: z.string().max(IMPORT_LIMITS.maxCell),
    last_name: z.string().max(IMPORT_LIMITS.maxCell),
    email: z.string().max(IMPORT_LIMITS.maxCell),
    phone: z.string().max(IMPORT_LIMITS.maxCell).default(''),
    date: z.string().max(IMPORT_LIMITS.maxCell).default(''),
    country: z.string().max(IMPORT_LIMITS.maxCell).default(''),
    language: z.string().max(IMPORT_LIMITS.maxCell).default(''),
  })
  .strict();
export type ImportRow = z.infer<typeof importRowSchema>;
export const importRowsSchema = z.array(importRowSchema).max(IMPORT_LIMITS.maxRows);

export const importErrorSchema = z.object({
  field: z.enum(IMPORT_FIELDS),
  /** A translation key. */
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

/** A row of the preview: the cells as they will be saved (cleaned), its customer, its errors. */
export const importPreviewRowSchema = z.object({
  row: importRowSchema,
  ok: z.boolean(),
  errors: z.array(importErrorSchema),
  customer: z.object({ id: z.string(), companyName: z.string() }).nullable(),
});
export type ImportPreviewRow = z.infer<typeof importPreviewRowSchema>;

export const importPreviewSchema = z.object({
  mode: importModeSchema,
  rows: z.array(importPreviewRowSchema),
  valid: z.number().int(),
  invalid: z.number().int(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** A file-level refusal: nothing in it was read as rows. `message` is a translation key. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/**
 * The file's bytes as text: UTF-8, with or without its BOM. UTF-16 (Excel's "Unicode text") and
 * other encodings (Excel's plain "CSV" on Windows writes Windows-1252) are refused by name, so
 * accented names never arrive mangled.
 */
export function decodeImportBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ImportFileError('import.file.empty');
  if (bytes.length > IMPORT_LIMITS.maxChars * 2) throw new ImportFileError('import.file.tooLarge', { max: IMPORT_LIMITS.maxChars / 1_000_000 });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new ImportFileError('import.file.notUtf8');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError('import.file.notUtf8');
  }
}

/** Zero-width characters stripped from every cell (a copy from a web page or a chat brings them). */
const ZERO_WIDTH = /[\u200B\u2060\uFEFF\u00AD]/g;
/** Joiners: part of some names (Persian, Indic scripts), never of an address, an id or a date. */
const JOINERS = /[\u200C\u200D]/g;
/** Direction overrides and isolates: they make a cell read other than it is ("Trojan source"). */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** What a spreadsheet runs as a formula when the cell starts with it (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

const NAME_FIELDS: ReadonlySet<ImportField> = new Set(['first_name', 'last_name']);

/** A cell as kept: NFC, zero-width characters gone (joiners too outside names), trimmed, bounded. */
export function cleanCell(field: ImportField, value: string): string {
  let v = value.normalize('NFC').replace(ZERO_WIDTH, '');
  if (!NAME_FIELDS.has(field)) v = v.replace(JOINERS, '');
  v = v.trim();
  return v.length > IMPORT_LIMITS.maxCell ? v.slice(0, IMPORT_LIMITS.maxCell) : v;
}

/** A header cell as a key: lower case, accents and invisible characters gone, separators as "_". */
function headerKey(cell: string): string {
  return cell
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(ZERO_WIDTH, '')
    .replace(JOINERS, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-_'’.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The delimiter of a header line: ';' (French Excel) or ',' — whichever names more columns. */
function delimiterOf(headerLine: string): ',' | ';' {
  const known = (d: string) => headerLine.split(d).filter((c) => headerKey(c.replace(/"/g, '')) in HEADER_ALIASES).length;
  return known(';') > known(',') ? ';' : ',';
}

/** Line breaks in a piece of the file: CRLF, LF or CR, each one line. */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** The header's columns, checked: every required column present, none twice; unknown ones ignored (null). */
function mapHeader(cells: readonly string[], mode: ImportMode): (ImportField | null)[] {
  const wanted = new Set(IMPORT_COLUMNS[mode]);
  const columns = cells.map((c) => {
    const field = HEADER_ALIASES[headerKey(c)];
    return field && wanted.has(field) ? field : null;
  });
  const names = IMPORT_COLUMNS[mode].join(', ');
  // A confirmations file on a profile that asks customers to accept: its dates would be dropped unsaid.
  if (mode === 'request' && cells.some((c) => HEADER_ALIASES[headerKey(c)] === 'date')) throw new ImportFileError('import.file.dateInRequest', { columns: names });
  if (columns.every((c) => c === null)) throw new ImportFileError('import.file.noHeader', { columns: names });
  for (const field of wanted) {
    if (columns.filter((c) => c === field).length > 1) throw new ImportFileError('import.file.duplicateColumn', { column: field });
  }
  const missing = [...wanted].filter((f) => !OPTIONAL.has(f) && !columns.includes(f));
  if (missing.length > 0) throw new ImportFileError('import.file.missingColumns', { columns: missing.join(', '), expected: names });
  return columns;
}

/** An empty row for a line (code that prefills rows, e.g. only the customer column, starts here). */
export function emptyImportRow(line: number, cells: Partial<Omit<ImportRow, 'line'>> = {}): ImportRow {
  return { line, customer: '', first_name: '', last_name: '', email: '', phone: '', date: '', country: '', language: '', ...cells };
}

/**
 * Reads a CSV file's text into rows, for a mode: the header maps columns (English or French
 * names, any order, unknown columns ignored), each row keeps the line it starts on (a quoted cell
 * may hold line breaks), blank rows are skipped. Throws ImportFileError for a file it cannot take.
 */
export function parseImportCsv(input: string, mode: ImportMode): ImportRow[] {
  if (input.length > IMPORT_LIMITS.maxChars) throw new ImportFileError('import.file.tooLarge', { max: IMPORT_LIMITS.maxChars / 1_000_000 });
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim().length === 0) throw new ImportFileError('import.file.empty');
  if (text.includes('\u0000')) throw new ImportFileError('import.file.binary');
  const firstBreak = text.search(/\r|\n/);
  const delimiter = delimiterOf(firstBreak < 0 ? text : text.slice(0, firstBreak));

  let columns: (ImportField | null)[] | null = null;
  const rows: ImportRow[] = [];
  let failure: unknown = null;
  let cursor = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result, parser) => {
      const cells = result.data;
      const startLine = line;
      // meta.cursor: where this record ends (after its line break); what lies between is this record.
      line += lineBreaks(text, cursor, result.meta.cursor);
      cursor = result.meta.cursor;
      try {
        if (columns === null) {
          columns = mapHeader(cells, mode);
          return;
        }
        if (cells.every((c) => c.trim() === '')) return;
        if (rows.length >= IMPORT_LIMITS.maxRows) throw new ImportFileError('import.file.tooManyRows', { max: IMPORT_LIMITS.maxRows });
        const row = emptyImportRow(startLine);
        for (let i = 0; i < cells.length; i++) {
          const field = columns[i];
          if (field) row[field] = cleanCell(field, cells[i]!);
        }
        rows.push(row);
      } catch (error) {
        failure = error;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
  if (rows.length === 0) throw new ImportFileError('import.file.noRows');
  return rows;
}

/** What the customer cell names: a tenant id, or a domain (looked up in the cache, then Partner Center). */
export type CustomerRef = { kind: 'id'; id: string } | { kind: 'domain'; domain: string };

const DOMAIN = /^(?=.{3,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

export function customerRefOf(value: string): CustomerRef | null {
  const id = customerIdSchema.safeParse(value);
  if (id.success) return { kind: 'id', id: id.data };
  const domain = value.toLowerCase();
  return DOMAIN.test(domain) ? { kind: 'domain', domain } : null;
}

/** YYYY-MM-DD, or DD/MM/YYYY as French Excel writes dates, as YYYY-MM-DD; null when neither. */
export function importDateOf(value: string): string | null {
  const pad = (n: string) => n.padStart(2, '0');
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) return `${iso[1]}-${pad(iso[2]!)}-${pad(iso[3]!)}`;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (dmy) return `${dmy[3]}-${pad(dmy[2]!)}-${pad(dmy[1]!)}`;
  return null;
}

/** What one row says, checked without the store. */
export interface RowCheck {
  errors: ImportError[];
  customer: CustomerRef | null;
  person: { firstName: string; lastName: string; email: string; phone?: string | undefined } | null;
  /** Confirmations: the date of acceptance, YYYY-MM-DD. */
  dateAgreed: string | null;
  /** Requests: as given (normalised), null when blank (then the customer's). */
  country: string | null;
  language: string | null;
}

const PERSON_FIELD: Record<string, ImportField> = { firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'phone' };
/** The shared date rule against a given "today": built once per day (building a schema costs far more than using it). */
let dateRuleFor: { today: string; rule: ReturnType<typeof acceptanceSchema>['shape']['dateAgreed'] } | null = null;
function dateRule(today: string) {
  if (dateRuleFor?.today !== today) dateRuleFor = { today, rule: acceptanceSchema(() => today).shape.dateAgreed };
  return dateRuleFor.rule;
}
const countryRule = acceptanceRequestInputSchema.shape.country;
const languageRule = acceptanceRequestInputSchema.shape.language;

/**
 * The checks of one row that need no store, with the shared field rules (validation.ts, the
 * request's rules) and the file's own: formulas, direction-changing characters, the two date
 * forms. At most one error per field, the first that applies.
 */
export function checkImportRow(row: ImportRow, mode: ImportMode, today: string = localToday()): RowCheck {
  const errors: ImportError[] = [];
  const failed = new Set<ImportField>();
  const fail = (field: ImportField, message: string, params?: ImportError['params']) => {
    if (failed.has(field)) return;
    failed.add(field);
    errors.push(params ? { field, message, params } : { field, message });
  };
  for (const field of IMPORT_COLUMNS[mode]) {
    const value = row[field];
    if (BIDI.test(value)) fail(field, 'import.error.invisible');
    else if (FORMULA_START.test(value) && !(field === 'phone' && value.startsWith('+'))) fail(field, 'import.error.formula');
  }

  let customer: CustomerRef | null = null;
  if (!failed.has('customer')) {
    if (row.customer === '') fail('customer', 'import.error.customerRequired');
    else {
      customer = customerRefOf(row.customer);
      if (!customer) fail('customer', 'import.error.customerInvalid');
    }
  }

  let person: RowCheck['person'] = null;
  const checked = personSchema.safeParse({ firstName: row.first_name, lastName: row.last_name, email: row.email, phone: row.phone });
  if (checked.success) {
    if (!failed.has('first_name') && !failed.has('last_name') && !failed.has('email') && !failed.has('phone')) person = checked.data;
  } else {
    for (const issue of checked.error.issues) {
      const field = PERSON_FIELD[String(issue.path[0])];
      if (field) fail(field, issue.message);
    }
  }

  let dateAgreed: string | null = null;
  let country: string | null = null;
  let language: string | null = null;
  if (mode === 'confirm' && !failed.has('date')) {
    if (row.date === '') fail('date', 'validation.date.required');
    else {
      const iso = importDateOf(row.date);
      const rule = iso === null ? null : dateRule(today).safeParse(iso);
      if (iso === null || !rule) fail('date', 'import.error.date');
      else if (!rule.success) fail('date', rule.error.issues[0]?.message ?? 'import.error.date');
      else dateAgreed = rule.data;
    }
  }
  if (mode === 'request') {
    if (row.country !== '' && !failed.has('country')) {
      const c = countryRule.safeParse(row.country);
      if (c.success) country = c.data;
      else fail('country', 'import.error.country');
    }
    if (row.language !== '' && !failed.has('language')) {
      const l = languageRule.safeParse(row.language);
      if (l.success) language = l.data;
      else fail('language', 'import.error.language');
    }
  }
  return { errors, customer, person, dateAgreed, country, language };
}

/** Who a row names, for "the same person twice": the customer and the e-mail address, case aside. */
export const personKey = (customerId: string, email: string) => `${customerId}\n${email.toLowerCase()}`;

/** The template: the header row only (English or French names), with a BOM so Excel reads it as UTF-8. */
export function importTemplate(mode: ImportMode, locale: string): string {
  const french = locale.toLowerCase().startsWith('fr');
  const header = IMPORT_COLUMNS[mode].map((f) => (french ? FRENCH_HEADERS[f] : f));
  return `${BOM}${header.join(french ? ';' : ',')}\r\n`;
}
