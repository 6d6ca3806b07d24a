import { emptyImportRow, IMPORT_COLUMNS, type ImportField, type ImportMode, type ImportPreview, type ImportPreviewRow, type ImportRow } from '../../shared/import-csv';

/**
 * The preview's rows as the dialog holds them, without React: what a fixed cell changes, which
 * rows are shown, what is sent to be queued. The core checks every row again on each call.
 */

/** Rows prefilled by code (e.g. Coverage's "Update" for the selected customers: only `customer`), numbered from line 2 like a file's. */
export function rowsFromInitial(initial: readonly Partial<Omit<ImportRow, 'line'>>[]): ImportRow[] {
  return initial.map((cells, i) => emptyImportRow(i + 2, cells));
}

/** The rows with one cell changed (the operator's fix), as a new array; the others untouched. */
export function withCell(rows: readonly ImportPreviewRow[], index: number, field: ImportField, value: string): ImportRow[] {
  return rows.map((r, i) => (i === index ? { ...r.row, [field]: value } : r.row));
}

/** The positions of the rows shown: all, or only those with errors. */
export function shownRows(preview: ImportPreview | null, onlyErrors: boolean): number[] {
  if (!preview) return [];
  const all = preview.rows.map((_, i) => i);
  return onlyErrors ? all.filter((i) => !preview.rows[i]!.ok) : all;
}

/** The valid rows, to be queued (the core checks them again). */
export function rowsToQueue(preview: ImportPreview): ImportRow[] {
  return preview.rows.filter((r) => r.ok).map((r) => r.row);
}

/** The columns of the dialog's table for a mode. */
export const columnsOf = (mode: ImportMode): readonly ImportField[] => IMPORT_COLUMNS[mode];
