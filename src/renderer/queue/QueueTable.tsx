import { Anchor, Paper, Table, Text } from '@mantine/core';
import type { QueueItem } from '../../shared/domain';
import { QueueStateBadge } from '../common/StatusBadge';
import { useFormat, useT } from '../i18n/useT';
import { LastErrorCell } from './LastErrorCell';

/** A row per queue item: who, when, where it stands, and what went wrong. */
export function QueueTable({ items, onOpenCustomer }: { items: QueueItem[]; onOpenCustomer: (id: string) => void }) {
  const t = useT();
  const format = useFormat();
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={1000} type="native">
        <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="sm" stickyHeader aria-label={t('ui.queue.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ui.queue.col.company')}</Table.Th>
              <Table.Th>{t('ui.queue.col.person')}</Table.Th>
              <Table.Th>{t('ui.queue.col.date')}</Table.Th>
              <Table.Th>{t('ui.queue.col.state')}</Table.Th>
              <Table.Th ta="right">{t('ui.queue.col.attempts')}</Table.Th>
              <Table.Th>{t('ui.queue.col.lastError')}</Table.Th>
              <Table.Th>{t('ui.queue.col.nextAttempt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id} data-queue-item={item.id} data-state={item.state}>
                <Table.Td maw={210}>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={600}
                    dir="auto"
                    title={item.companyName}
                    onClick={() => onOpenCustomer(item.customerId)}
                    style={{ display: 'block', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textAlign: 'start' }}
                  >
                    {item.companyName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t('ui.queue.savedAt', { time: format.dateTime(item.createdAt) })}
                  </Text>
                </Table.Td>
                <Table.Td maw={190}>
                  <Text size="sm" dir="auto" truncate="end">
                    {item.contact.firstName} {item.contact.lastName}
                  </Text>
                  <Text size="xs" c="dimmed" truncate="end">
                    {item.contact.email}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{format.date(item.dateAgreed)}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <QueueStateBadge state={item.state} />
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  <Text size="sm">{format.number(item.attempts)}</Text>
                </Table.Td>
                <Table.Td miw={200}>
                  <LastErrorCell error={item.lastError} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" c={item.nextAttemptAt ? undefined : 'dimmed'}>
                    {item.nextAttemptAt ? format.dateTime(item.nextAttemptAt) : t('ui.common.none')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
