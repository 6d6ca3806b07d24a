import { Alert, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconClockUp, IconMailForward } from '@tabler/icons-react';
import type { QueueItem } from '../../shared/domain';
import { ErrorDetails, hasSupportFacts } from '../common/ErrorDetails';
import type { MessageKey } from '../../shared/i18n';
import { useFormat, useT, useTranslateAny } from '../i18n/useT';
import { ItemActions } from '../queue/ItemActions';
import { isRetiredConfirmation } from '../request/requestRules';
import { RequestStatus } from '../request/RequestStatus';

const titleKey: Record<QueueItem['state'], MessageKey> = {
  queued: 'ui.pending.title.queued',
  sending: 'ui.pending.title.sending',
  'waiting-for-customer': 'ui.pending.title.waiting-for-customer',
  'needs-attention': 'ui.pending.title.needs-attention',
  confirmed: 'ui.pending.title.done',
  'already-confirmed': 'ui.pending.title.done',
  discarded: 'ui.pending.title.discarded',
};

/**
 * The local confirmation still on its way: who, when, where it stands, Partner Center's error if
 * any, and the same actions as its row in the Sync queue. An acceptance request shows where it
 * stands with the customer and its link instead.
 */
export function PendingItem({ item }: { item: QueueItem }) {
  const t = useT();
  const tr = useTranslateAny();
  const format = useFormat();
  if (item.kind === 'acceptance-request') return <RequestStatus item={item} />;
  const attention = item.state === 'needs-attention';
  const retired = isRetiredConfirmation(item);
  return (
    <Stack gap="sm" data-testid="pending-item">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <IconClockUp size={18} style={{ flexShrink: 0, marginTop: 2, color: 'var(--mantine-color-dimmed)' }} aria-hidden />
        <Stack gap={2} miw={0} style={{ flex: 1 }}>
          {/* No second badge here: the section's status badge already names the state. */}
          <Text size="sm" fw={600}>
            {item.kind === 'create-customer' && item.state === 'queued' ? t('ui.pending.title.create-customer') : t(titleKey[item.state])}
          </Text>
          <Text size="sm">
            <span dir="auto">
              {item.contact.firstName} {item.contact.lastName}
            </span>{' '}
            <Text span c="dimmed" size="sm">
              · {item.contact.email}
              {item.contact.phone ? ` · ${item.contact.phone}` : ''}
              {item.dateAgreed ? ` · ${format.date(item.dateAgreed)}` : ''}
              {item.newCustomer ? ` · ${item.newCustomer.domain}` : ''}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {t('ui.pending.savedAt', { time: format.dateTime(item.createdAt) })}
            {item.attempts > 0 ? ` · ${t('ui.pending.attempts', { count: item.attempts })}` : ''}
            {item.nextAttemptAt ? ` · ${t('ui.pending.nextAttempt', { time: format.dateTime(item.nextAttemptAt) })}` : ''}
          </Text>
          {item.dependsOn && item.state === 'queued' && (
            <Text size="xs" c="dimmed" data-testid="waits-for-creation">
              {t('ui.queue.waitsFor')}
            </Text>
          )}
        </Stack>
      </Group>
      {retired && item.lastError ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconMailForward size={18} />}
          title={t('ui.request.retiredTitle')}
          styles={{ title: { fontSize: 'var(--mantine-font-size-sm)' } }}
          data-testid="confirmation-retired"
        >
          <Stack gap={4}>
            <Text size="sm">{t('ui.request.retiredText', { name: `${item.contact.firstName} ${item.contact.lastName}`.trim(), email: item.contact.email })}</Text>
            {hasSupportFacts(item.lastError) && <ErrorDetails facts={item.lastError} />}
          </Stack>
        </Alert>
      ) : item.lastError && (
        <Alert
          color={attention ? 'red' : 'yellow'}
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={attention ? t('ui.pending.rejected') : t('ui.pending.lastError')}
          styles={{ title: { fontSize: 'var(--mantine-font-size-sm)' } }}
          data-testid="pending-error"
        >
          <Stack gap={4}>
            <Text size="sm">{tr(item.lastError.message)}</Text>
            {attention && (
              <Text size="sm" c="dimmed">
                {t('ui.pending.rejectedHint')}
              </Text>
            )}
            {hasSupportFacts(item.lastError) && <ErrorDetails facts={item.lastError} />}
          </Stack>
        </Alert>
      )}
      <ItemActions item={item} size="xs" />
    </Stack>
  );
}
