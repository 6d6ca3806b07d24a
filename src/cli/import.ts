import fs from 'node:fs';
import type { CallInput, CallName, CallOutput } from '../shared/contract';
import { translate } from '../shared/i18n';
import { decodeImportBytes, IMPORT_LIMITS, ImportFileError, type ImportPreview } from '../shared/import-csv';
import type { ErrorCode } from '../shared/result';

/**
 * `mca-desk import FILE [--dry-run] [--json]`: the same preview and queue calls as the app's
 * "Import…". Exit 0 when every row is valid, 1 when one is not (the valid ones are queued all
 * the same unless --dry-run), 2 when the file cannot be taken at all (missing, unreadable, empty,
 * no header, too large).
 */
export interface ImportCommand {
  file: string;
  dryRun: boolean;
  json: boolean;
  locale: string;
  out(line: string): void;
  call<K extends CallName>(name: K, input: CallInput<K>, usageCodes?: readonly ErrorCode[]): Promise<CallOutput<K>>;
  /** Thrown for a file that cannot be taken (exit 2), with the message as the operator reads it. */
  refuse(message: string): never;
}

/** The file's text: refused before reading when too large, and when not UTF-8. */
function readText(cmd: ImportCommand): string {
  const fail = (key: string, params: Record<string, string | number> = {}) => cmd.refuse(translate(cmd.locale, key, params));
  let bytes: Buffer;
  try {
    const stat = fs.statSync(cmd.file);
    if (!stat.isFile()) return fail('import.file.unreadable', { message: `${cmd.file} is not a file` });
    if (stat.size > IMPORT_LIMITS.maxChars * 2) return fail('import.file.tooLarge', { max: IMPORT_LIMITS.maxChars / 1_000_000 });
    bytes = fs.readFileSync(cmd.file);
  } catch (error) {
    return fail('import.file.unreadable', { message: error instanceof Error ? error.message : String(error) });
  }
  try {
    return decodeImportBytes(bytes);
  } catch (error) {
    if (error instanceof ImportFileError) return fail(error.message, error.params);
    throw error;
  }
}

export async function runImport(cmd: ImportCommand): Promise<number> {
  const text = readText(cmd);
  const preview: ImportPreview = await cmd.call('importPreview', { text }, ['invalid-input']);
  const validRows = preview.rows.filter((r) => r.ok).map((r) => r.row);
  const queued = !cmd.dryRun && validRows.length > 0 ? await cmd.call('importQueue', { rows: validRows }) : null;
  const words = (message: string, params?: Record<string, string | number>) => translate(cmd.locale, message, params);
  if (cmd.json) {
    cmd.out(
      JSON.stringify({
        valid: preview.valid,
        invalid: preview.invalid,
        ...(cmd.dryRun ? {} : { queued: queued?.queued ?? 0 }),
        rows: preview.rows.map((r) => ({ line: r.row.line, ok: r.ok, errors: r.errors.map((e) => ({ field: e.field, message: words(e.message, e.params) })) })),
      }),
    );
  } else {
    for (const r of preview.rows) for (const e of r.errors) cmd.out(words('cli.import.rowError', { line: String(r.row.line), field: e.field, message: words(e.message, e.params) }));
    const counts = { valid: preview.valid, invalid: preview.invalid };
    cmd.out(cmd.dryRun ? words('cli.import.dryRun', counts) : words(`cli.import.queued.${preview.mode}`, { ...counts, queued: queued?.queued ?? 0 }));
    const leftOut = queued ? queued.skipped - preview.invalid : 0;
    if (leftOut > 0) cmd.out(words('cli.import.leftOut', { count: leftOut }));
  }
  return preview.invalid > 0 || (queued !== null && queued.queued < preview.valid) ? 1 : 0;
}
