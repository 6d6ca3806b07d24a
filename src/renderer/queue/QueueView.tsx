import { Alert, Box, Button, Group, Loader, Paper, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCloudCheck, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useDescribeError } from '../api/useNotifyError';
import { useT } from '../i18n/useT';
import { pendingCount, useLiveStatus } from '../status/LiveStatusProvider';
import { QueueCounts } from './QueueCounts';
import { QueueTable } from './QueueTable';
import { useQueue } from './useQueue';
import { WaitingReason } from './WaitingReason';

/** "Sync queue": counts per state, why it waits, every item, and "Sync now". */
export function QueueView({ onOpenCustomer }: { onOpenCustomer: (id: string) => void }) {
  const t = useT();
  const describe = useDescribeError();
  const { sync, syncNow } = useLiveStatus();
  const { items, error } = useQueue();
  const [syncing, setSyncing] = useState(false);
  const pending = pendingCount(sync);
  const busy = syncing || Boolean(sync && (sync.counts.sending > 0 || (sync.running && sync.waiting === null && pending > 0)));

  return (
    <Box h="100%" style={{ overflowY: 'auto' }}>
      <Stack p="xl" gap="lg" maw={1400}>
        <Group justify="space-between" align="flex-end">
          <Box>
            <Title order={2}>{t('ui.queue.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('ui.queue.subtitle')}
            </Text>
          </Box>
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

        {sync && <WaitingReason waiting={sync.waiting} pending={pending} />}
        {sync ? <QueueCounts counts={sync.counts} /> : <Skeleton h={76} radius="md" />}

        {error && (
          <Alert color="red" variant="light" title={t('ui.queue.loadFailed')}>
            {describe(error)}
          </Alert>
        )}
        {items === null ? (
          <Stack gap="xs">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} h={44} radius="sm" />
            ))}
          </Stack>
        ) : items.length === 0 ? (
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
        ) : (
          <QueueTable items={items} onOpenCustomer={onOpenCustomer} />
        )}
      </Stack>
    </Box>
  );
}
