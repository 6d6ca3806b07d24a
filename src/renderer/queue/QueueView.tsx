import { Alert, Box, Button, Group, Loader, Paper, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCloudCheck, IconFileImport, IconFilterOff, IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { QueueState } from '../../shared/domain';
import { useDescribeError } from '../api/useNotifyError';
import { ImportModal } from '../import/ImportModal';
import { useSession } from '../session/SessionProvider';
import { useFormat, useT } from '../i18n/useT';
import { pendingCount, useLiveStatus } from '../status/LiveStatusProvider';
import { DRAIN_BAR_MIN, DrainProgress } from './DrainProgress';
import { QueueCounts } from './QueueCounts';
import { QueueTable } from './QueueTable';
import { useQueue } from './useQueue';
import { WaitingReason } from './WaitingReason';

/** Rows drawn at once; a filter narrows a very large queue. */
const MAX_ROWS = 300;

/** "Sync queue": counts per state (also the filters), why it waits, drain progress, every item, and "Sync now". */
export function QueueView({ onOpenCustomer }: { onOpenCustomer: (id: string) => void }) {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  const { sync, syncNow, drain } = useLiveStatus();
  const { items, error } = useQueue();
  const [syncing, setSyncing] = useState(false);
  const [filter, setFilter] = useState<QueueState | null>(null);
  const [importing, setImporting] = useState(false);
  const { session } = useSession();
  const pending = pendingCount(sync);
  const busy = syncing || Boolean(sync && (sync.counts.sending > 0 || (sync.running && sync.waiting === null && pending > 0)));

  const shown = useMemo(() => (items && filter ? items.filter((item) => item.state === filter) : items), [items, filter]);
  const visible = shown ? shown.slice(0, MAX_ROWS) : null;

  return (
    <Box h="100%" style={{ overflowY: 'auto' }}>
      <Stack p="lg" gap="md" maw={1600}>
        <Group justify="space-between" align="flex-end">
          <Box>
            <Title order={2}>{t('ui.queue.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('ui.queue.subtitle')}
            </Text>
          </Box>
          <Group gap="sm">
            {session.canConfirm && (
              <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                {t('ui.import.open')}
              </Button>
            )}
            <Button
              leftSection={busy ? <Loader size={14} color="white" /> : <IconRefresh size={16} />}
              aria-busy={busy || undefined}
              onClick={async () => {
                setSyncing(true);
                await syncNow();
                setSyncing(false);
              }}
            >
              {t('ui.queue.syncNow')}
            </Button>
          </Group>
        </Group>
        <ImportModal opened={importing} onClose={() => setImporting(false)} />

        {sync && <WaitingReason waiting={sync.waiting} pending={pending} />}
        {drain && drain.total >= DRAIN_BAR_MIN && <DrainProgress drain={drain} waiting={Boolean(sync?.waiting)} />}
        {sync ? <QueueCounts counts={sync.counts} filter={filter} onFilter={setFilter} /> : <Skeleton h={76} radius="md" />}

        {sync && sync.counts.alreadyConfirmed > 0 && (filter === null || filter === 'already-confirmed') && (
          <Alert color="cyan" variant="light" icon={<IconInfoCircle size={18} />} title={t('ui.queue.alreadyConfirmedTitle')} data-testid="already-confirmed-help">
            {t('ui.queue.alreadyConfirmedHelp')}
          </Alert>
        )}
        {error && (
          <Alert color="red" variant="light" title={t('ui.queue.loadFailed')}>
            {describe(error)}
          </Alert>
        )}
        {visible === null || shown === null ? (
          <Stack gap="xs">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} h={44} radius="sm" />
            ))}
          </Stack>
        ) : items?.length === 0 ? (
          <Paper withBorder radius="md" p="xl">
            <Stack align="center" gap="xs" ta="center">
              <ThemeIcon size={44} radius="xl" variant="light" color="gray" aria-hidden>
                <IconCloudCheck size={22} />
              </ThemeIcon>
              <Text fw={600}>{t('ui.queue.empty')}</Text>
              <Text size="sm" c="dimmed" maw={420}>
                {t('ui.queue.emptyHint')}
              </Text>
            </Stack>
          </Paper>
        ) : shown.length === 0 && filter ? (
          <Paper withBorder radius="md" p="xl">
            <Stack align="center" gap="xs" ta="center">
              <Text fw={600}>{t('ui.queue.noneInState', { state: t(`ui.queueState.${filter}`) })}</Text>
              <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={() => setFilter(null)}>
                {t('ui.queue.showAll')}
              </Button>
            </Stack>
          </Paper>
        ) : (
          <>
            <QueueTable items={visible} onOpenCustomer={onOpenCustomer} />
            {shown.length > visible.length && (
              <Text size="xs" c="dimmed">
                {t('ui.queue.truncated', { shown: format.number(visible.length), total: format.number(shown.length) })}
              </Text>
            )}
          </>
        )}
      </Stack>
    </Box>
  );
}
