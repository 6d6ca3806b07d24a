import { ActionIcon, Anchor, Badge, Paper, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import type { QueueItem } from '../../shared/domain';
import { QueueStateBadge } from '../common/StatusBadge';
import { useFormat, useLocale, useT, useTranslateAny } from '../i18n/useT';
import { formatWaited } from '../request/duration';
import { closedAnswer } from '../request/requestRules';
import { useNow } from '../request/useNow';
import { ItemActions } from './ItemActions';
import { ItemHistory } from './ItemHistory';
import { LastErrorCell } from './LastErrorCell';
import classes from './queue.module.css';

const COLUMNS = 7;

/** Under the state badge: what Partner Center holds (already confirmed), why it was discarded, or where a request stands. */
function StateNote({ item }: { item: QueueItem }) {
  const t = useT();
  const tr = useTranslateAny();
  const format = useFormat();
  const locale = useLocale();
  const now = useNow();
  const answer = closedAnswer(item);
  if (answer) {
    return (
      <Text size="xs" c="dimmed" data-testid="request-answer-note">
        {t(answer === 'declined' ? 'ui.queue.answer.declined' : 'ui.queue.answer.expired')}
      </Text>
    );
  }
  if (item.state === 'waiting-for-customer' && item.request) {
    const { requestedAt, expiresAt } = item.request;
    return (
      <Stack gap={0}>
        {requestedAt && (
          <Text size="xs" c="dimmed" data-testid="waited-for">
            {t('ui.queue.waitingFor', { duration: formatWaited(locale, requestedAt, now) })}
          </Text>
        )}
        {expiresAt && (
          <Text size="xs" c="dimmed">
            {t('ui.queue.expires', { date: format.date(expiresAt) })}
          </Text>
        )}
      </Stack>
    );
  }
  if (item.state === 'already-confirmed') {
    const record = item.serverRecord;
    const text = record
      ? t('ui.queue.holdsUnseenRecord', { person: `${record.contact.firstName} ${record.contact.lastName}`, date: format.date(record.dateAgreed) })
      : t('ui.queue.acceptedDirectlyUnseen');
    return (
      <Text size="xs" c="dimmed" lineClamp={3} title={text} data-testid="server-record-note">
        {text}
      </Text>
    );
  }
  if (item.state === 'discarded' && item.discardReason) {
    // The core words some reasons itself, as a translation key (a confirmation turned into a request).
    const text = t('ui.queue.discardedBecause', { reason: tr(item.discardReason) });
    return (
      <Text size="xs" c="dimmed" lineClamp={2} title={text}>
        {text}
      </Text>
    );
  }
  return null;
}

/** A row per queue item: who, when, where it stands, what went wrong, what to do; a click shows its history. */
export function QueueTable({ items, onOpenCustomer }: { items: QueueItem[]; onOpenCustomer: (id: string) => void }) {
  const t = useT();
  const format = useFormat();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={1000} type="native">
        <Table verticalSpacing="sm" horizontalSpacing="xs" stickyHeader aria-label={t('ui.queue.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <VisuallyHidden>{t('ui.queue.col.expand')}</VisuallyHidden>
              </Table.Th>
              <Table.Th>{t('ui.queue.col.companyPerson')}</Table.Th>
              <Table.Th>{t('ui.queue.col.date')}</Table.Th>
              <Table.Th>{t('ui.queue.col.state')}</Table.Th>
              <Table.Th>{t('ui.queue.col.lastError')}</Table.Th>
              <Table.Th>{t('ui.queue.col.times')}</Table.Th>
              <Table.Th>{t('ui.queue.col.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => {
              const open = expanded.has(item.id);
              const detailId = `queue-history-${item.id}`;
              const toggleLabel = open ? t('ui.queue.hideHistory', { company: item.companyName }) : t('ui.queue.showHistory', { company: item.companyName });
              return (
                <Fragment key={item.id}>
                  <Table.Tr data-queue-item={item.id} data-state={item.state} className={open ? classes.expandedRow : undefined}>
                    <Table.Td>
                      <Tooltip label={toggleLabel}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          aria-label={toggleLabel}
                          aria-expanded={open}
                          aria-controls={open ? detailId : undefined}
                          onClick={() => toggle(item.id)}
                        >
                          {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td maw={240}>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        fw={600}
                        dir="auto"
                        title={item.companyName}
                        onClick={() => onOpenCustomer(item.customerId)}
                        disabled={item.customerId.startsWith('local:')}
                        style={{ display: 'block', maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textAlign: 'start' }}
                      >
                        {item.companyName}
                      </Anchor>
                      <Text size="sm" dir="auto" truncate="end" title={`${item.contact.firstName} ${item.contact.lastName}`}>
                        {item.contact.firstName} {item.contact.lastName}
                      </Text>
                      <Text size="xs" c="dimmed" truncate="end" title={item.contact.email}>
                        {item.contact.email}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {item.kind === 'create-customer' ? (
                        <>
                          <Badge size="sm" variant="outline" color="grape" data-testid="kind-create-customer">
                            {t('ui.queue.kind.create-customer')}
                          </Badge>
                          {item.newCustomer && <Text size="xs">{t('ui.queue.newDomain', { domain: item.newCustomer.domain })}</Text>}
                        </>
                      ) : item.kind === 'acceptance-request' ? (
                        <>
                          <Badge size="sm" variant="outline" color="violet" data-testid="kind-acceptance-request">
                            {t('ui.queue.kind.acceptance-request')}
                          </Badge>
                          {item.dateAgreed && <Text size="sm">{format.date(item.dateAgreed)}</Text>}
                          {item.request?.requestedAt && <Text size="xs">{t('ui.queue.requestedAt', { time: format.date(item.request.requestedAt) })}</Text>}
                        </>
                      ) : (
                        <Text size="sm">{item.dateAgreed ? format.date(item.dateAgreed) : ''}</Text>
                      )}
                      {item.dependsOn && item.state === 'queued' && (
                        <Text size="xs" c="dimmed">
                          {t('ui.queue.waitsFor')}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {t('ui.queue.savedAt', { time: format.dateTime(item.createdAt) })}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={170}>
                      <Stack gap={4} align="flex-start">
                        <QueueStateBadge state={item.state} />
                        <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="attempts">
                          {t('ui.queue.attempts', { count: item.attempts })}
                        </Text>
                        <StateNote item={item} />
                      </Stack>
                    </Table.Td>
                    <Table.Td miw={170}>
                      <LastErrorCell error={item.lastError} />
                    </Table.Td>
                    <Table.Td miw={130}>
                      {item.nextAttemptAt && (
                        <Text size="sm">{t('ui.queue.nextAttemptAt', { time: format.dateTime(item.nextAttemptAt) })}</Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {t('ui.queue.updatedAt', { time: format.dateTime(item.updatedAt) })}
                      </Text>
                    </Table.Td>
                    <Table.Td w={150}>
                      <ItemActions item={item} size="compact-sm" wrap />
                    </Table.Td>
                  </Table.Tr>
                  {open && (
                    <Table.Tr id={detailId} className={classes.detailRow} data-history-for={item.id}>
                      <Table.Td />
                      <Table.Td colSpan={COLUMNS - 1}>
                        <ItemHistory item={item} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
