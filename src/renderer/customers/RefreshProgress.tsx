import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { RefreshProgress as Progress_ } from '../../shared/domain';
import { useT } from '../i18n/useT';
import { useLiveStatus } from '../status/LiveStatusProvider';

/** The running refresh: what it does, how far it is, with counts, and "Cancel". */
export function RefreshProgress({ progress }: { progress: Progress_ }) {
  const t = useT();
  const { cancelRefresh } = useLiveStatus();
  const [cancelling, setCancelling] = useState(false);
  const known = progress.total !== null && progress.total > 0;
  const value = known ? Math.min(100, (progress.done / (progress.total ?? 1)) * 100) : 100;
  const label =
    progress.phase === 'indexing'
      ? t('ui.refresh.indexing', { done: progress.done, total: progress.total ?? progress.done })
      : progress.phase === 'statuses'
      ? known
        ? t('ui.refresh.statusesOf', { done: progress.done, total: progress.total ?? 0 })
        : t('ui.refresh.statuses', { done: progress.done })
      : known
        ? t('ui.refresh.customersOf', { done: progress.done, total: progress.total ?? 0 })
        : progress.done === 0
          ? t('ui.refresh.starting')
          : t('ui.refresh.customers', { done: progress.done });
  return (
    <Stack gap={4} data-testid="refresh-progress">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed" aria-live="polite" truncate="end">
          {cancelling ? t('ui.refresh.cancelling') : label}
        </Text>
        <Button
          size="compact-xs"
          variant="subtle"
          color="gray"
          disabled={cancelling}
          title={t('ui.refresh.cancelHint')}
          onClick={async () => {
            setCancelling(true);
            await cancelRefresh();
          }}
        >
          {t('ui.refresh.cancel')}
        </Button>
      </Group>
      <Progress
        value={value}
        size="sm"
        animated={!known}
        striped={!known}
        aria-label={label}
        transitionDuration={200}
      />
    </Stack>
  );
}
