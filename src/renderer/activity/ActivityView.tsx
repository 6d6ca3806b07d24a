import { Alert, Badge, Box, Button, Code, Group, Paper, Skeleton, Stack, Table, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileExport, IconFilter, IconHistory, IconRobot, IconUser } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useDescribeError } from '../api/useNotifyError';
import { ErrorDetails, hasSupportFacts } from '../common/ErrorDetails';
import { useFormat, useT, useTranslateAny } from '../i18n/useT';
import { useQueue } from '../queue/useQueue';
import { describeActivity, fold, type ActivityLine } from '../../shared/describe-activity';
import { ChainAlert, ChainStatus } from './ChainStatus';
import { ExportActivityModal } from './ExportActivityModal';
import { useActivity, useActivityChain } from './useActivity';

const PAGE = 500;

/** Colour of an action's badge by what kind of thing happened. */
function actionColor(action: string): string {
  if (action === 'sync.needs-attention') return 'red';
  if (action === 'sync.retry-scheduled') return 'yellow';
  if (action === 'sync.confirmed') return 'green';
  if (action === 'sync.already-confirmed') return 'cyan';
  if (action === 'operator.discard') return 'gray';
  return 'blue';
}

/**
 * "Activity": the append-only log of every operator action and sync outcome, newest first.
 * Read-only by design: there is nothing here to edit or delete.
 */
export function ActivityView() {
  const t = useT();
  const tr = useTranslateAny();
  const format = useFormat();
  const describe = useDescribeError();
  const [limit, setLimit] = useState(PAGE);
  const { entries, error } = useActivity(limit);
  const { chain, error: chainError } = useActivityChain(entries?.[0]?.seq ?? null);
  const [exporting, setExporting] = useState(false);
  const { items } = useQueue();
  const [filter, setFilter] = useState('');
  const [debounced] = useDebouncedValue(filter, 120);

  // Queue items and customers by id, to name the company of entries that carry only an id.
  const companies = useMemo(() => {
    const map = new Map<string, string>();
    for (const item of items ?? []) {
      map.set(item.id, item.companyName);
      map.set(item.customerId, item.companyName);
    }
    return map;
  }, [items]);

  const lines = useMemo(
    () => (entries ?? []).map((entry) => describeActivity(entry, t, tr, format, (id) => companies.get(id))),
    [entries, t, tr, format, companies],
  );
  const words = fold(debounced.trim()).split(/\s+/).filter(Boolean);
  const shown = words.length === 0 ? lines : lines.filter((line) => words.every((w) => line.haystack.includes(w)));

  return (
    <Box h="100%" style={{ overflowY: 'auto' }}>
      <Stack p="lg" gap="md" maw={1600}>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          {/* The subtitle wraps before the filter and "Export…" leave the title's row. */}
          <Box style={{ flex: '1 1 420px' }}>
            <Group gap="md" align="center" wrap="wrap">
              <Title order={2}>{t('ui.activity.title')}</Title>
              <ChainStatus chain={chain} error={chainError} />
            </Group>
            <Text size="sm" c="dimmed">
              {t('ui.activity.subtitle')}
            </Text>
          </Box>
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <TextInput
              w={340}
              type="search"
              label={t('ui.activity.filter')}
              placeholder={t('ui.activity.filterPlaceholder')}
              leftSection={<IconFilter size={16} />}
              value={filter}
              onChange={(event) => setFilter(event.currentTarget.value)}
            />
            <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={() => setExporting(true)}>
              {t('ui.activity.export.open')}
            </Button>
          </Group>
        </Group>
        <ChainAlert chain={chain} />
        <ExportActivityModal opened={exporting} onClose={() => setExporting(false)} />

        {error && (
          <Alert color="red" variant="light" title={t('ui.activity.loadFailed')}>
            {describe(error)}
          </Alert>
        )}

        {entries === null ? (
          <Stack gap="xs" aria-busy="true">
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} h={40} radius="sm" />
            ))}
          </Stack>
        ) : lines.length === 0 ? (
          <Paper withBorder radius="md" p="xl">
            <Stack align="center" gap="xs" ta="center">
              <ThemeIcon size={44} radius="xl" variant="light" color="gray" aria-hidden>
                <IconHistory size={22} />
              </ThemeIcon>
              <Text fw={600}>{t('ui.activity.empty')}</Text>
              <Text size="sm" c="dimmed" maw={420}>
                {t('ui.activity.emptyHint')}
              </Text>
            </Stack>
          </Paper>
        ) : (
          <>
            <Text size="xs" c="dimmed" aria-live="polite" data-testid="activity-count">
              {words.length > 0
                ? t('ui.activity.countFiltered', { shown: shown.length, total: lines.length })
                : t('ui.activity.count', { count: lines.length })}
            </Text>
            {shown.length === 0 ? (
              <Paper withBorder radius="md" p="xl">
                <Text ta="center" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {t('ui.activity.noMatches', { query: debounced.trim() })}
                </Text>
              </Paper>
            ) : (
              <ActivityTable lines={shown} firstBroken={chain?.firstBroken?.seq ?? null} />
            )}
            {entries.length >= limit && limit < 5000 && (
              <Group justify="center">
                <Button variant="default" onClick={() => setLimit((n) => Math.min(5000, n + PAGE))}>
                  {t('ui.activity.showOlder')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Box>
  );
}

/** `firstBroken`: from this entry on, the log does not match what was written (marked red). */
function ActivityTable({ lines, firstBroken }: { lines: ActivityLine[]; firstBroken: number | null }) {
  const t = useT();
  const format = useFormat();
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={900} type="native">
        <Table verticalSpacing="xs" horizontalSpacing="sm" stickyHeader aria-label={t('ui.activity.tableLabel')} data-testid="activity-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>{t('ui.activity.col.time')}</Table.Th>
              <Table.Th w={170}>{t('ui.activity.col.actor')}</Table.Th>
              <Table.Th w={230}>{t('ui.activity.col.action')}</Table.Th>
              <Table.Th w={230}>{t('ui.activity.col.subject')}</Table.Th>
              <Table.Th>{t('ui.activity.col.details')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((line) => (
              <Table.Tr
                key={line.entry.seq}
                data-action={line.entry.action}
                data-seq={line.entry.seq}
                data-unmatched={firstBroken !== null && line.entry.seq >= firstBroken ? true : undefined}
                bg={firstBroken !== null && line.entry.seq >= firstBroken ? 'var(--mantine-color-red-light)' : undefined}
              >
                <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                  <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {format.dateTime(line.entry.at)}
                  </Text>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }} maw={170}>
                  <Group gap={6} wrap="nowrap">
                    {line.isSync ? (
                      <IconRobot size={15} aria-hidden style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} />
                    ) : (
                      <IconUser size={15} aria-hidden style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} />
                    )}
                    <Text size="sm" truncate="end" title={line.actor} dir="auto">
                      {line.actor}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Badge variant="light" color={actionColor(line.entry.action)} radius="sm" tt="none" fw={600} style={{ maxWidth: '100%' }}>
                    {line.action}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }} maw={230}>
                  {line.subjectIsId ? (
                    <Code title={line.subject} style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {line.subject || t('ui.common.none')}
                    </Code>
                  ) : (
                    <Text size="sm" fw={500} dir="auto" truncate="end" title={line.subject}>
                      {line.subject}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Stack gap={2}>
                    {line.details.map((d, i) => (
                      <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }}>
                        <Text span size="sm" c="dimmed">
                          {t('ui.activity.detail.label', { label: d.label })}
                        </Text>{' '}
                        {d.value}
                      </Text>
                    ))}
                    {line.error && line.entry.action === 'sync.needs-attention' && hasSupportFacts(line.error) && <ErrorDetails facts={line.error} />}
                    {line.details.length === 0 && !line.error && (
                      <Text size="sm" c="dimmed">
                        {t('ui.common.none')}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
