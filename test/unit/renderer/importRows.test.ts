import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../src/shared/import-csv';
import { columnsOf, rowsFromInitial, rowsToQueue, shownRows, withCell } from '../../../src/renderer/import/importRows';

const preview: ImportPreview = {
  mode: 'confirm',
  valid: 1,
  invalid: 1,
  rows: rowsFromInitial([{ customer: 'a.com', email: 'ok@a.com' }, { customer: 'b.com', email: 'bad' }]).map((row, i) => ({
    row,
    ok: i === 0,
    errors: i === 0 ? [] : [{ field: 'email' as const, message: 'validation.email.invalid' }],
    customer: null,
  })),
};

describe('the import dialog\u2019s rows', () => {
  it('numbers rows prefilled by code (initialRows: only the customer column) from line 2, every other cell empty', () => {
    expect(rowsFromInitial([{ customer: '0b5e1c7a-3f2d-4e8b-9c6a-000000000001' }, { customer: 'contoso.onmicrosoft.com' }])).toEqual([
      { line: 2, customer: '0b5e1c7a-3f2d-4e8b-9c6a-000000000001', first_name: '', last_name: '', email: '', phone: '', date: '', country: '', language: '' },
      { line: 3, customer: 'contoso.onmicrosoft.com', first_name: '', last_name: '', email: '', phone: '', date: '', country: '', language: '' },
    ]);
  });

  it('changes one cell of one row for a fix, keeping the line and the other rows', () => {
    const rows = withCell(preview.rows, 1, 'email', 'fixed@b.com');
    expect(rows.map((r) => [r.line, r.email])).toEqual([
      [2, 'ok@a.com'],
      [3, 'fixed@b.com'],
    ]);
    expect(preview.rows[1]!.row.email).toBe('bad');
  });

  it('shows every row or only those with errors, and sends only the valid ones to be queued', () => {
    expect(shownRows(preview, false)).toEqual([0, 1]);
    expect(shownRows(preview, true)).toEqual([1]);
    expect(shownRows(null, true)).toEqual([]);
    expect(rowsToQueue(preview).map((r) => r.line)).toEqual([2]);
  });

  it('has the date for confirmations and country and language for requests', () => {
    expect(columnsOf('confirm')).toContain('date');
    expect(columnsOf('request')).toEqual(expect.arrayContaining(['country', 'language']));
    expect(columnsOf('request')).not.toContain('date');
  });
});
