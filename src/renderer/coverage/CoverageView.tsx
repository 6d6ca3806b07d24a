import { DonutChart } from '@mantine/charts';
import { Alert, Badge, Box, Button, Checkbox, ColorSwatch, Group, Paper, Skeleton, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconInfoCircle, IconMailForward, IconPencil } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CoverageCounts, CoverageGroup, CoverageRow, McaStatus } from '../../shared/domain';
import { localToday } from '../../shared/validation';
import { useApi } from '../api/ApiContext';
import { useLiveCall } from '../api/useLiveCall';
import { useDescribeError, useNotifyError } from '../api/useNotifyError';
import { mcaStatusColor, StatusBadge } from '../common/StatusBadge';
import { useFormat, useLocale, useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { BulkRequestModal } from './BulkRequestModal';
import { coverageCsv, csvFileName } from './coverageCsv';

/** Rows drawn at once; the export takes every customer of the list. */
const SHOWN = 500;
/** The export's ceiling (the contract's). */
const EXPORT_LIMIT = 200_000;

/** The statuses in the chart and the counts, in the order of precedence the app shows them by. */
const ORDER: ReadonlyArray<{ status: McaStatus; key: Exclude<keyof CoverageCounts, 'total' | 'earlierVersion'> }> = [
  { status: 'confirmed', key: 'confirmed' },
  { status: 'accepted-by-customer', key: 'acceptedByCustomer' },
  { status: 'not-confirmed', key: 'notConfirmed' },
  { status: 'pending-sync', key: 'pendingSync' },
  { status: 'waiting-for-customer', key: 'waitingForCustomer' },
  { status: 'needs-attention', key: 'needsAttention' },
  { status: 'not-verified', key: 'notVerified' },
];

type Props = {
  onOpenCustomer: (id: string) => void;
  /**
   * "Update" for the selected customers: the app opens the import dialog (ImportModal with
   * initialRows) with them.
   */
  onBulkUpdate: (customerIds: string[]) => void;
};

/**
 * "Coverage": how many customers have an acceptance on record (chart and counts), then the
 * customers still to get on record — those with subscriptions first, as their orders and licence
 * changes are blocked — and apart those confirmed on an earlier version, with bulk actions and a
 * CSV export.
 */
export function CoverageView({ onOpenCustomer, onBulkUpdate }: Props) {
  const t = useT();
  const api = useApi();
  const describe = useDescribeError();
  const [group, setGroup] = useState<CoverageGroup>('not-confirmed');
  const summaryCall = useCallback(() => api.getCoverage({}), [api]);
  const { value: summary, error } = useLiveCall(summaryCall);

  return (
    <Box h="100%" style={{ overflowY: 'auto' }} data-testid="coverage-view">
      <Stack p="lg" gap="md" maw={1600}>
        <Box>
          <Title order={2}>{t('ui.coverage.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('ui.coverage.intro')}
          </Text>
        </Box>
        {error && (
          <Alert color="red" variant="light" title={t('ui.coverage.loadFailed')}>
            {describe(error)}
          </Alert>
        )}
        {summary ? <Summary counts={summary.counts} templateKnown={summary.currentTemplateId !== null} /> : <Skeleton h={240} radius="md" />}
        {summary && summary.counts.total > 0 && (
          <Tabs value={group} onChange={(next) => next && setGroup(next as CoverageGroup)} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="not-confirmed" data-testid="coverage-tab-not-confirmed">
                {t('ui.coverage.tab.notConfirmed', { count: summary.counts.total - summary.counts.confirmed - summary.counts.acceptedByCustomer })}
              </Tabs.Tab>
              <Tabs.Tab value="earlier-version" data-testid="coverage-tab-earlier-version">
                {t('ui.coverage.tab.earlierVersion', { count: summary.counts.earlierVersion })}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="not-confirmed" pt="md">
              <CoverageList group="not-confirmed" onOpenCustomer={onOpenCustomer} onBulkUpdate={onBulkUpdate} />
            </Tabs.Panel>
            <Tabs.Panel value="earlier-version" pt="md">
              <CoverageList group="earlier-version" onOpenCustomer={onOpenCustomer} onBulkUpdate={onBulkUpdate} />
            </Tabs.Panel>
          </Tabs>
        )}
      </Stack>
    </Box>
  );
}

/** The chart and the counts beside it; every status with its colour and its word. */
function Summary({ counts, templateKnown }: { counts: CoverageCounts; templateKnown: boolean }) {
  const t = useT();
  const locale = useLocale();
  const format = useFormat();
  if (counts.total === 0) {
    return (
      <Paper withBorder p="lg" radius="md">
        <Text c="dimmed" data-testid="coverage-empty">
          {t('ui.coverage.empty')}
        </Text>
      </Paper>
    );
  }
  const data = ORDER.filter(({ key }) => counts[key] > 0).map(({ status, key }) => ({ name: t(`ui.status.${status}`), value: counts[key], color: `${mcaStatusColor[status]}.6` }));
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const percent = (n: number) => percentFormat.format(n / counts.total);
  return (
    <Paper withBorder p="lg" radius="md">
      <Group align="center" gap="xl" wrap="wrap">
        <DonutChart
          data={data}
          size={200}
          thickness={32}
          withTooltip
          tooltipDataSource="segment"
          chartLabel={format.number(counts.total)}
          aria-label={t('ui.coverage.chartLabel')}
          data-testid="coverage-chart"
        />
        <Stack gap={6} miw={320} style={{ flex: 1 }}>
          <Group justify="space-between" maw={520}>
            <Text fw={600}>{t('ui.coverage.total')}</Text>
            <Text fw={600} data-testid="coverage-count-total">
              {format.number(counts.total)}
            </Text>
          </Group>
          {ORDER.map(({ status, key }) => (
            <Group key={status} justify="space-between" wrap="nowrap" maw={520}>
              <Group gap="xs" wrap="nowrap">
                <ColorSwatch color={`var(--mantine-color-${mcaStatusColor[status]}-6)`} size={12} aria-hidden />
                <Text size="sm">{t(`ui.status.${status}`)}</Text>
              </Group>
              <Group gap="md" wrap="nowrap">
                <Text size="sm" c="dimmed" w={56} ta="right">
                  {percent(counts[key])}
                </Text>
                <Text size="sm" fw={500} w={72} ta="right" data-testid={`coverage-count-${status}`}>
                  {format.number(counts[key])}
                </Text>
              </Group>
            </Group>
          ))}
          <Group justify="space-between" wrap="nowrap" maw={520} pl={20}>
            <Tooltip label={t('ui.coverage.earlierVersionHint')} multiline w={300}>
              <Text size="sm" c="dimmed" style={{ textDecoration: 'underline dotted' }}>
                {t('ui.coverage.earlierVersion')}
              </Text>
            </Tooltip>
            <Text size="sm" fw={500} data-testid="coverage-count-earlier-version">
              {format.number(counts.earlierVersion)}
            </Text>
          </Group>
          {!templateKnown && (
            <Text size="xs" c="dimmed" maw={520}>
              {t('ui.coverage.templateUnknown')}
            </Text>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

/** One list with its selection, its bulk actions and its export. */
function CoverageList({ group, onOpenCustomer, onBulkUpdate }: { group: CoverageGroup; onOpenCustomer: (id: string) => void; onBulkUpdate: (customerIds: string[]) => void }) {
  const t = useT();
  const api = useApi();
  const format = useFormat();
  const notifyError = useNotifyError();
  const { session } = useSession();
  const listCall = useCallback(() => api.listCoverage({ group, limit: SHOWN }), [api, group]);
  const { value, reload } = useLiveCall(listCall);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [asking, setAsking] = useState<string[] | null>(null);
  const [exporting, setExporting] = useState(false);
  const items = useMemo(() => value?.items ?? [], [value]);

  // A customer that left the list (now on record, or queued) leaves the selection too.
  useEffect(() => {
    setSelected((current) => {
      const ids = new Set(items.map((r) => r.id));
      const kept = [...current].filter((id) => ids.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [items]);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = items.length > 0 && selected.size === items.length;
  const ids = [...selected];

  const exportCsv = async () => {
    setExporting(true);
    const all = await api.listCoverage({ group, limit: EXPORT_LIMIT });
    setExporting(false);
    if (!all.ok) {
      notifyError('ui.coverage.exportFailed', all.error);
      return;
    }
    const file = csvFileName(t, localToday());
    downloadText(coverageCsv(all.value.items, t), file);
    notifications.show({ color: 'teal', message: t('ui.coverage.exported', { count: all.value.items.length, file }) });
  };

  if (!value) return <Skeleton h={160} radius="md" />;
  const cannot = session.canConfirm ? null : t('ui.coverage.bulk.readOnly');

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed" data-testid="coverage-shown">
          {value.total > items.length ? t('ui.coverage.shown', { shown: items.length, total: value.total }) : t('ui.coverage.selected', { count: selected.size })}
        </Text>
        <Group gap="xs" wrap="wrap">
          {value.total > items.length && (
            <Badge variant="light" color="gray" data-testid="coverage-selected">
              {t('ui.coverage.selected', { count: selected.size })}
            </Badge>
          )}
          <Tooltip label={cannot ?? ''} disabled={cannot === null} multiline w={280}>
            <span>
              <Button leftSection={<IconMailForward size={16} />} disabled={ids.length === 0 || cannot !== null} onClick={() => setAsking(ids)} data-testid="coverage-request">
                {t('ui.coverage.requestAcceptance')}
                {ids.length > 0 ? ` (${format.number(ids.length)})` : ''}
              </Button>
            </span>
          </Tooltip>
          <Button variant="default" leftSection={<IconPencil size={16} />} disabled={ids.length === 0 || cannot !== null} onClick={() => onBulkUpdate(ids)} data-testid="coverage-update">
            {t('ui.coverage.update')}
          </Button>
          <Button variant="default" leftSection={<IconDownload size={16} />} disabled={value.total === 0} loading={exporting} onClick={() => void exportCsv()} data-testid="coverage-export">
            {t('ui.coverage.export')}
          </Button>
        </Group>
      </Group>
      {items.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Group gap="xs">
            <IconInfoCircle size={18} aria-hidden />
            <Text size="sm" c="dimmed">
              {group === 'not-confirmed' ? t('ui.coverage.noneLeft') : t('ui.coverage.noneEarlier')}
            </Text>
          </Group>
        </Paper>
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table striped highlightOnHover aria-label={t('ui.coverage.listLabel')} data-testid={`coverage-list-${group}`} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={44}>
                  <Checkbox
                    aria-label={t('ui.coverage.selectAll')}
                    checked={allSelected}
                    indeterminate={selected.size > 0 && !allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((r) => r.id)))}
                  />
                </Table.Th>
                <Table.Th>{t('ui.coverage.col.company')}</Table.Th>
                <Table.Th w="22%">{t('ui.coverage.col.domain')}</Table.Th>
                <Table.Th w={180}>{t('ui.coverage.col.status')}</Table.Th>
                <Table.Th w={120}>{t('ui.coverage.col.subscriptions')}</Table.Th>
                <Table.Th w={210}>{t('ui.coverage.col.latest')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((row) => (
                <Row key={row.id} row={row} checked={selected.has(row.id)} onToggle={toggle} onOpen={onOpenCustomer} />
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {asking && (
        <BulkRequestModal
          customerIds={asking}
          onClose={() => setAsking(null)}
          onDone={() => {
            setAsking(null);
            setSelected(new Set());
            void reload();
          }}
        />
      )}
    </Stack>
  );
}

function Row({ row, checked, onToggle, onOpen }: { row: CoverageRow; checked: boolean; onToggle: (id: string) => void; onOpen: (id: string) => void }) {
  const t = useT();
  const format = useFormat();
  return (
    <Table.Tr data-testid="coverage-row" data-customer-id={row.id} data-status={row.mcaStatus}>
      <Table.Td>
        <Checkbox aria-label={t('ui.coverage.selectRow', { company: row.companyName })} checked={checked} onChange={() => onToggle(row.id)} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} truncate="end" dir="auto" title={row.companyName} component="a" href={`#customer-${row.id}`} c="inherit" onClick={(e) => (e.preventDefault(), onOpen(row.id))}>
          {row.companyName}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" truncate="end" title={row.domain}>
          {row.domain}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={row.mcaStatus} size="sm" />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={row.hasSubscriptions ? undefined : 'dimmed'} fw={row.hasSubscriptions ? 600 : undefined}>
          {t(row.hasSubscriptions === null ? 'ui.coverage.subscriptions.unknown' : row.hasSubscriptions ? 'ui.coverage.subscriptions.yes' : 'ui.coverage.subscriptions.no')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" title={row.latestRecord?.templateId}>
          {row.latestRecord ? format.date(row.latestRecord.dateAgreed.slice(0, 10)) : t('ui.common.none')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Saves text as a file through the browser's download (Electron shows its save dialog). */
function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
