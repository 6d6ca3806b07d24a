import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPlugConnectedX, IconPlus, IconStack2 } from '@tabler/icons-react';
import { useState, type ReactElement } from 'react';
import type { CustomerDetail, McaStatus, SubscriptionSummary } from '../../shared/domain';
import { isMessageKey } from '../../shared/i18n';
import { useDescribeError } from '../api/useNotifyError';
import { ConfirmAcceptanceModal } from '../confirm/ConfirmAcceptanceModal';
import { RequestAcceptanceModal } from '../request/RequestAcceptanceModal';
import { useFormat, useT, useTranslateAny } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { useLiveStatus } from '../status/LiveStatusProvider';
import { ChangeQuantityModal, NewOrderModal } from './OrderModals';
import { useSubscriptions } from './useSubscriptions';

/** No partner confirmation and no direct acceptance known: an order first asks for the confirmation. */
const NEEDS_CONFIRMATION: readonly McaStatus[] = ['not-confirmed', 'not-verified'];

type Step = { kind: 'order' } | { kind: 'quantity'; subscription: SubscriptionSummary };

type Props = { customer: CustomerDetail; onCustomerChanged: (customer: CustomerDetail) => void };

/**
 * Subscriptions (license-based ones with their quantity), "Change quantity" and "New order". For a
 * customer without a confirmation both open "Confirm customer acceptance" first, then go on; with
 * the profile's method "Customer acceptance request" they open "Request customer acceptance"
 * instead, and the order waits until the customer has accepted. Orders need a connection; offline
 * the buttons say so.
 */
export function SubscriptionsSection({ customer, onCustomerChanged }: Props) {
  const t = useT();
  const tr = useTranslateAny();
  const format = useFormat();
  const describe = useDescribeError();
  const { session } = useSession();
  const { connectivity } = useLiveStatus();
  const online = connectivity?.online ?? null;
  const offline = online === false;
  const { subscriptions, error, loading, reload } = useSubscriptions(customer.id, online);
  const [confirmingFor, setConfirmingFor] = useState<Step | null>(null);
  const [step, setStep] = useState<Step | null>(null);
  /** The profile's method is the customer's own acceptance: an order first asks for a request. */
  const byRequest = session.confirmationMethod === 'customer-acceptance';
  const headingId = `subscriptions-heading-${customer.id}`;

  const start = (next: Step) => {
    if (session.mcaAvailable && NEEDS_CONFIRMATION.includes(customer.mca.status)) setConfirmingFor(next);
    else setStep(next);
  };
  /** 13605 from Partner Center: confirm, then back to the same order. */
  const confirmThenRetry = () => {
    const current = step;
    setStep(null);
    setConfirmingFor(current ?? { kind: 'order' });
  };

  const blocked = !session.canConfirm || offline;
  const why = !session.canConfirm
    ? session.readOnlyReason
      ? t(`ui.readOnly.${session.readOnlyReason}`, { role: session.user ? t(`ui.role.${session.user.role}`) : '' })
      : t('ui.mca.cannotConfirm')
    : t('ui.orders.needsConnection');
  const guard = (button: ReactElement, key?: string) =>
    blocked ? (
      <Tooltip key={key} label={why} multiline w={280}>
        <span style={{ display: 'inline-block' }}>{button}</span>
      </Tooltip>
    ) : (
      button
    );

  const statusText = (status: string) => (isMessageKey(`ui.orders.status.${status}`) ? tr(`ui.orders.status.${status}`) : status);

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby={headingId} data-testid="subscriptions-section">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Stack gap={4} miw={0}>
          <Title order={3} id={headingId}>
            {t('ui.orders.heading')}
          </Title>
          {subscriptions?.readAt && (
            <Text size="xs" c="dimmed">
              {subscriptions.fromCache ? t('ui.orders.fromCache', { time: format.dateTime(subscriptions.readAt) }) : t('ui.orders.readAt', { time: format.dateTime(subscriptions.readAt) })}
            </Text>
          )}
        </Stack>
        {guard(
          <Button leftSection={<IconPlus size={16} />} variant="default" disabled={blocked} onClick={() => start({ kind: 'order' })}>
            {t('ui.orders.newOrder')}
          </Button>,
        )}
      </Group>

      {offline && session.canConfirm && (
        <Group gap={6} wrap="nowrap" mb="sm" data-testid="orders-offline">
          <IconPlugConnectedX size={16} style={{ flexShrink: 0, color: 'var(--mantine-color-orange-6)' }} aria-hidden />
          <Text size="sm" c="orange.8">
            {session.mcaAvailable ? t('ui.orders.needsConnectionUpdate') : t('ui.orders.needsConnection')}
          </Text>
        </Group>
      )}

      {loading && !subscriptions && !error ? (
        <Stack gap="xs" aria-busy="true">
          <Skeleton h={14} w="60%" radius="sm" />
          <Skeleton h={14} w="45%" radius="sm" />
        </Stack>
      ) : error ? (
        error.code === 'offline' ? (
          <Text size="sm" c="dimmed">
            {t('ui.orders.notRead')}
          </Text>
        ) : (
          <Alert color="red" variant="light" p="sm" title={t('ui.orders.loadFailed')}>
            <Text size="sm">{describe(error)}</Text>
          </Alert>
        )
      ) : subscriptions && subscriptions.items.length > 0 ? (
        <Table verticalSpacing={6} horizontalSpacing="xs" aria-label={t('ui.orders.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ui.orders.col.name')}</Table.Th>
              <Table.Th ta="end">{t('ui.orders.col.quantity')}</Table.Th>
              <Table.Th>{t('ui.orders.col.status')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('ui.orders.col.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {subscriptions.items.map((s) => (
              <Table.Tr key={s.id} data-subscription-id={s.id}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <IconStack2 size={16} style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} aria-hidden />
                    <Text size="sm" fw={500}>
                      {s.name}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td ta="end" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="subscription-quantity">
                  {s.licenseBased ? (
                    format.number(s.quantity)
                  ) : (
                    <Text span size="xs" c="dimmed">
                      {t('ui.orders.notLicenseBased')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={s.status === 'active' ? 'green' : 'gray'}>
                    {statusText(s.status)}
                  </Badge>
                </Table.Td>
                <Table.Td ta="end">
                  {s.licenseBased &&
                    guard(
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        disabled={blocked || s.status !== 'active'}
                        onClick={() => start({ kind: 'quantity', subscription: s })}
                        aria-label={t('ui.orders.changeQuantityOf', { name: s.name })}
                      >
                        {t('ui.orders.changeQuantity')}
                      </Button>,
                      s.id,
                    )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {t('ui.orders.empty')}
        </Text>
      )}

      <ConfirmAcceptanceModal
        opened={confirmingFor !== null && !byRequest}
        customer={customer}
        intro={t('ui.orders.confirmFirst', { company: customer.companyName })}
        onClose={() => setConfirmingFor(null)}
        onSaved={(saved) => {
          onCustomerChanged(saved);
          setStep(confirmingFor);
        }}
      />
      {/* The profile asks the customer instead: the order waits until they have accepted. */}
      <RequestAcceptanceModal
        opened={confirmingFor !== null && byRequest}
        customer={customer}
        intro={t('ui.request.orderIntro', { company: customer.companyName })}
        onClose={() => setConfirmingFor(null)}
        onSaved={onCustomerChanged}
      />
      <NewOrderModal
        opened={step?.kind === 'order'}
        customer={customer}
        onClose={() => setStep(null)}
        onDone={() => void reload()}
        onMcaRequired={confirmThenRetry}
      />
      <ChangeQuantityModal
        opened={step?.kind === 'quantity'}
        subscription={step?.kind === 'quantity' ? step.subscription : null}
        customer={customer}
        onClose={() => setStep(null)}
        onDone={() => void reload()}
        onMcaRequired={confirmThenRetry}
      />
    </Paper>
  );
}
