import { Alert, Anchor, Badge, Box, Button, FileButton, Group, Loader, Modal, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload, IconFileImport } from '@tabler/icons-react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { decodeImportBytes, IMPORT_LIMITS, ImportFileError, importTemplate, type ImportField, type ImportMode, type ImportPreview, type ImportPreviewRow, type ImportRow } from '../../shared/import-csv';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/ApiContext';
import { useDescribeError } from '../api/useNotifyError';
import { useWindowedRows } from '../customers/useWindowedRows';
import { useFormat, useLocale, useT, useTranslateAny } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import classes from './import.module.css';
import { columnsOf, rowsFromInitial, rowsToQueue, shownRows, withCell } from './importRows';

/** Every row has this height (import.module.css), which makes windowing simple. */
const ROW_HEIGHT = 80;

type Props = {
  opened: boolean;
  onClose: () => void;
  /**
   * Rows prefilled by code instead of a file (Coverage's bulk "Update": only the customer column);
   * the operator fills in the rest in place. Checked by the core like a file's rows; read when the dialog opens.
   */
  initialRows?: readonly Partial<Omit<ImportRow, 'line'>>[];
  /** Confirmations or acceptance requests; default the profile's method (bulk "Update" asks for confirmations). */
  mode?: ImportMode;
};

/** Sync queue → "Import…": a CSV file (or prefilled rows) → every row with its errors → the valid ones queued. */
export function ImportModal({ opened, onClose, initialRows, mode: asked }: Props) {
  const t = useT();
  const { session } = useSession();
  const mode: ImportMode = asked ?? (session.confirmationMethod === 'customer-acceptance' ? 'request' : 'confirm');
  return (
    <Modal opened={opened} onClose={onClose} title={t(`ui.import.title.${mode}`)} size="90rem" padding="lg">
      {opened && <ImportBody mode={mode} onClose={onClose} initialRows={initialRows} />}
    </Modal>
  );
}

function ImportBody({ mode, onClose, initialRows }: { mode: ImportMode; onClose: () => void; initialRows?: Props['initialRows'] }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  const api = useApi();
  const describe = useDescribeError();
  const tr = useTranslateAny();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [queueing, setQueueing] = useState(false);
  const [onlyErrors, setOnlyErrors] = useState(false);
  // Only the answer to the latest check is shown (a fix made while an earlier check runs wins).
  const latest = useRef(0);

  const check = useCallback(
    async (input: { text: string } | { rows: ImportRow[] }) => {
      const call = ++latest.current;
      setChecking(true);
      const result = await api.importPreview({ ...input, mode });
      if (call !== latest.current) return;
      setChecking(false);
      if (result.ok) {
        setPreview(result.value);
        setProblem(null);
      } else setProblem(describe(result.error as AppError));
    },
    [api, describe, mode],
  );

  // Prefilled rows are read once, when the dialog opens (a parent re-rendering with a new array changes nothing).
  const initial = useRef(initialRows);
  useEffect(() => {
    const rows = initial.current;
    if (rows && rows.length > 0) void check({ rows: rowsFromInitial(rows) });
  }, [check]);

  const choose = async (file: File | null) => {
    if (!file) return;
    setPreview(null);
    if (file.size > IMPORT_LIMITS.maxChars * 2) {
      setProblem(t('ui.import.fileTooLarge', { max: IMPORT_LIMITS.maxChars / 1_000_000 }));
      return;
    }
    try {
      const text = decodeImportBytes(new Uint8Array(await file.arrayBuffer()));
      await check({ text });
    } catch (error) {
      setProblem(error instanceof ImportFileError ? tr(error.message, error.params) : String(error));
    }
  };

  const downloadTemplate = () => {
    const url = URL.createObjectURL(new Blob([importTemplate(mode, locale)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = mode === 'request' ? 'mca-desk-requests.csv' : 'mca-desk-confirmations.csv';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const fix = useCallback(
    (index: number, field: ImportField, value: string) => {
      if (!preview || preview.rows[index]?.row[field] === value) return;
      const rows = withCell(preview.rows, index, field, value);
      // Shown at once as typed; the errors follow from the core's check.
      setPreview({ ...preview, rows: preview.rows.map((r, i) => (i === index ? { ...r, row: rows[i]! } : r)) });
      void check({ rows });
    },
    [preview, check],
  );

  const queue = async () => {
    if (!preview || queueing) return;
    setQueueing(true);
    const result = await api.importQueue({ rows: rowsToQueue(preview), mode });
    setQueueing(false);
    if (!result.ok) {
      setProblem(describe(result.error as AppError));
      return;
    }
    notifications.show({ color: 'teal', message: t(`ui.import.queued.${result.value.mode}`, { count: result.value.queued }) });
    if (result.value.skipped > preview.invalid) notifications.show({ color: 'orange', message: t('ui.import.skipped', { count: result.value.skipped - preview.invalid }) });
    onClose();
  };

  const shown = useMemo(() => shownRows(preview, onlyErrors), [preview, onlyErrors]);

  return (
    <Stack gap="md">
      <Text size="sm">{t(`ui.import.intro.${mode}`)}</Text>
      <Group gap="md">
        <FileButton onChange={(file) => void choose(file)} accept=".csv,text/csv">
          {(props) => (
            <Button {...props} leftSection={<IconFileImport size={16} />} variant={preview ? 'default' : 'filled'}>
              {t('ui.import.chooseFile')}
            </Button>
          )}
        </FileButton>
        <Anchor component="button" type="button" size="sm" onClick={downloadTemplate}>
          <Group gap={4} component="span">
            <IconDownload size={14} />
            {t('ui.import.template')}
          </Group>
        </Anchor>
        {checking && (
          <Group gap={6} aria-live="polite">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {t('ui.import.reading')}
            </Text>
          </Group>
        )}
      </Group>
      {problem && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="import-problem">
          {problem}
        </Alert>
      )}
      {preview && (
        <>
          <Group justify="space-between">
            <Text fw={600} data-testid="import-counts" data-valid={preview.valid} data-invalid={preview.invalid}>
              {t('ui.import.counts', { valid: format.number(preview.valid), invalid: format.number(preview.invalid) })}
            </Text>
            <Switch checked={onlyErrors} onChange={(e) => setOnlyErrors(e.currentTarget.checked)} label={t('ui.import.onlyErrors')} disabled={preview.invalid === 0 && !onlyErrors} />
          </Group>
          <PreviewTable preview={preview} shown={shown} mode={mode} onFix={fix} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ui.import.cancel')}
            </Button>
            <Button onClick={() => void queue()} loading={queueing} disabled={preview.valid === 0 || checking}>
              {t(`ui.import.queue.${mode}`, { count: format.number(preview.valid) })}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

/** The rows in a windowed table: only those in view are in the page, so 10,000 rows scroll like 10. */
function PreviewTable({ preview, shown, mode, onFix }: { preview: ImportPreview; shown: number[]; mode: ImportMode; onFix: (index: number, field: ImportField, value: string) => void }) {
  const t = useT();
  const columns = columnsOf(mode);
  const rows = useWindowedRows<HTMLDivElement>(shown.length, ROW_HEIGHT);
  return (
    <Box ref={rows.ref} onScroll={rows.onScroll} className={classes.scroller}>
      <Table className={classes.table} aria-label={t('ui.import.rows')} aria-rowcount={shown.length + 1} stickyHeader layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th className={classes.lineCol}>{t('ui.import.line')}</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c} className={classes[`col_${c}`]}>
                {t(`ui.import.column.${c}`)}
              </Table.Th>
            ))}
            <Table.Th className={classes.statusCol}>{t('ui.import.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.padTop > 0 && <tr aria-hidden style={{ height: rows.padTop }} />}
          {shown.slice(rows.start, rows.end).map((index) => (
            <PreviewRow key={preview.rows[index]!.row.line} index={index} row={preview.rows[index]!} columns={columns} onFix={onFix} />
          ))}
          {rows.padBottom > 0 && <tr aria-hidden style={{ height: rows.padBottom }} />}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

const PreviewRow = memo(function PreviewRow({ index, row, columns, onFix }: { index: number; row: ImportPreviewRow; columns: readonly ImportField[]; onFix: (index: number, field: ImportField, value: string) => void }) {
  const t = useT();
  const tr = useTranslateAny();
  return (
    <Table.Tr className={classes.row} data-line={row.row.line} data-ok={row.ok}>
      <Table.Td className={classes.lineCol}>{row.row.line}</Table.Td>
      {columns.map((field) => {
        const error = row.errors.find((e) => e.field === field);
        const message = error ? tr(error.message, error.params) : undefined;
        return (
          <Table.Td key={field}>
            <Cell
              value={row.row[field]}
              label={t('ui.import.editCell', { column: t(`ui.import.column.${field}`), line: row.row.line })}
              error={message}
              hint={field === 'customer' && row.customer ? row.customer.companyName : undefined}
              onCommit={(value) => onFix(index, field, value)}
            />
          </Table.Td>
        );
      })}
      <Table.Td className={classes.statusCol}>
        {row.ok ? (
          <Badge color="teal" variant="light">
            {t('ui.import.ok')}
          </Badge>
        ) : (
          <Badge color="red" variant="light">
            {t('ui.import.hasErrors')}
          </Badge>
        )}
      </Table.Td>
    </Table.Tr>
  );
});

/** One cell, editable in place: the fix is committed on Enter or when the cell loses focus. */
function Cell({ value, label, error, hint, onCommit }: { value: string; label: string; error: string | undefined; hint: string | undefined; onCommit: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  return (
    <Stack gap={2}>
      <TextInput
        size="xs"
        value={draft}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        error={Boolean(error)}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {error ? (
        <Text size="xs" c="red" className={classes.message} title={error} role="alert">
          {error}
        </Text>
      ) : hint ? (
        <Text size="xs" c="dimmed" className={classes.message} title={hint}>
          {hint}
        </Text>
      ) : null}
    </Stack>
  );
}
