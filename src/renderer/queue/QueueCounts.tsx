import { Box, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import type { QueueCounts as Counts, QueueState } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { queueStateColor } from '../common/StatusBadge';
import { useFormat, useT } from '../i18n/useT';
import classes from './queue.module.css';

const cards: Array<{ key: keyof Counts; state: QueueState; label: MessageKey }> = [
  { key: 'queued', state: 'queued', label: 'ui.queueState.queued' },
  { key: 'sending', state: 'sending', label: 'ui.queueState.sending' },
  { key: 'waitingForCustomer', state: 'waiting-for-customer', label: 'ui.queueState.waiting-for-customer' },
  { key: 'confirmed', state: 'confirmed', label: 'ui.queueState.confirmed' },
  { key: 'alreadyConfirmed', state: 'already-confirmed', label: 'ui.queueState.already-confirmed' },
  { key: 'needsAttention', state: 'needs-attention', label: 'ui.queueState.needs-attention' },
  { key: 'discarded', state: 'discarded', label: 'ui.queueState.discarded' },
];

export function totalOf(counts: Counts): number {
  return cards.reduce((sum, { key }) => sum + counts[key], 0);
}

type Props = { counts: Counts; filter: QueueState | null; onFilter: (state: QueueState | null) => void };

/**
 * One small card per state, its colour the state's badge colour; each is also the filter for
 * that state (pressed = filtered), "All" clears it.
 */
export function QueueCounts({ counts, filter, onFilter }: Props) {
  const t = useT();
  const format = useFormat();
  const card = (state: QueueState | null, count: number, label: string, color: string) => (
    <UnstyledButton
      key={state ?? 'all'}
      className={classes.countCard}
      aria-pressed={filter === state}
      data-state={state ?? 'all'}
      data-count={count}
      onClick={() => onFilter(filter === state ? null : state)}
    >
      <Box h={3} w={24} mb={8} style={{ borderRadius: 2 }} bg={color} aria-hidden />
      <Text size="xl" fw={650} lh={1.1} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {format.number(count)}
      </Text>
      {/* Two lines rather than cut: French labels ("En attente du client") run longer. */}
      <Text size="xs" c="dimmed" mt={2} lineClamp={2} title={label}>
        {label}
      </Text>
    </UnstyledButton>
  );
  return (
    <SimpleGrid
      cols={{ base: 4, lg: 8 }}
      spacing="sm"
      data-testid="queue-counts"
      role="group"
      aria-label={t('ui.queue.filterLabel')}
    >
      {card(null, totalOf(counts), t('ui.queue.filterAll'), 'var(--mantine-color-gray-5)')}
      {cards.map(({ key, state, label }) => card(state, counts[key], t(label), `var(--mantine-color-${queueStateColor[state]}-filled)`))}
    </SimpleGrid>
  );
}
