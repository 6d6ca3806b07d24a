import { Box, Paper, SimpleGrid, Text } from '@mantine/core';
import type { QueueCounts as Counts, QueueState } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { queueStateColor } from '../common/StatusBadge';
import { useFormat, useT } from '../i18n/useT';

const cards: Array<{ key: keyof Counts; state: QueueState; label: MessageKey }> = [
  { key: 'queued', state: 'queued', label: 'ui.queueState.queued' },
  { key: 'sending', state: 'sending', label: 'ui.queueState.sending' },
  { key: 'confirmed', state: 'confirmed', label: 'ui.queueState.confirmed' },
  { key: 'alreadyConfirmed', state: 'already-confirmed', label: 'ui.queueState.already-confirmed' },
  { key: 'needsAttention', state: 'needs-attention', label: 'ui.queueState.needs-attention' },
];

/** One small card per state, its colour the state's badge colour. */
export function QueueCounts({ counts }: { counts: Counts }) {
  const t = useT();
  const format = useFormat();
  return (
    <SimpleGrid cols={{ base: 3, md: 5 }} spacing="sm" data-testid="queue-counts">
      {cards.map(({ key, state, label }) => (
        <Paper key={key} withBorder radius="md" p="sm" data-state={state} data-count={counts[key]}>
          <Box
            h={3}
            w={24}
            mb={8}
            style={{ borderRadius: 2 }}
            bg={`var(--mantine-color-${queueStateColor[state]}-filled)`}
            aria-hidden
          />
          <Text size="xl" fw={650} lh={1.1} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {format.number(counts[key])}
          </Text>
          <Text size="xs" c="dimmed" mt={2}>
            {t(label)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
