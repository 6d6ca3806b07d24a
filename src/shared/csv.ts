/**
 * CSV as spreadsheets open it: UTF-8 with a byte-order mark (so Excel reads accents right), fields
 * quoted per RFC 4180 (a field with a quote, comma, semicolon, CR or LF is quoted, quotes doubled),
 * CRLF line ends, and no formula injection: a cell starting with = + - @ tab or CR gets a leading
 * apostrophe, so a company named "=HYPERLINK(…)" stays text (OWASP's advice).
 */

/** Excel reads a UTF-8 file as UTF-8 (accents intact) only when it starts with a byte order mark. */
export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",;\r\n]/;

/** One cell: neutralised, then quoted when it has to be. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line, CRLF-ended (a file streamed line by line starts with BOM). */
export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A whole file: header row first, every row the same length. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return BOM + [header, ...rows].map(csvRow).join('');
}
