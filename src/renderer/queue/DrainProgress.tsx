import { Group, Paper, Progress, Stack, Text } from '@mantine/core';
import type { Drain } from '../status/LiveStatusProvider';
import { useT } from '../i18n/useT';

/** Below this many items a drain is over before a bar would help. */
export const DRAIN_BAR_MIN = 2;

/** "Sent X of Y" while the queue drains; the total is what was pending when the drain began, plus what joined. */
export function DrainProgress({ drain, waiting }: { drain: Drain; waiting: boolean }) {
  const t = useT();
  const value = drain.total > 0 ? Math.min(100, (drain.sent / drain.total) * 100) : 0;
  const label = t('ui.queue.drainProgress', { sent: drain.sent, total: drain.total });
  return (
    <Paper withBorder radius="md" p="sm" data-testid="drain-progress" data-sent={drain.sent} data-total={drain.total}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={500} aria-live="polite">
            {label}
          </Text>
          <Text size="xs" c="dimmed">
            {waiting ? t('ui.queue.drainPaused') : t('ui.queue.drainRunning')}
          </Text>
        </Group>
        <Progress value={value} size="md" striped={!waiting} animated={!waiting} aria-label={label} transitionDuration={200} />
      </Stack>
    </Paper>
  );
}
