import { Badge, Button, Code, Divider, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLayoutDashboard, IconInfoCircle, IconMailForward, IconPencil, IconRefresh } from '@tabler/icons-react';
import { useState, type ReactElement, type ReactNode } from 'react';
import type { AgreementRecord, ConfirmationMethod, CustomerDetail, McaStatus } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { Fact, FactList } from '../common/Fact';
import { StatusBadge } from '../common/StatusBadge';
import { useFormat, useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { useLiveStatus } from '../status/LiveStatusProvider';
import { closedAnswer, isRetiredConfirmation, methodButtons, openRequest, primaryIsFilled, type MethodButton } from '../request/requestRules';
import { PendingItem } from './PendingItem';

const summaryKey: Record<McaStatus, MessageKey> = {
  confirmed: 'ui.mca.summary.confirmed',
  'accepted-by-customer': 'ui.mca.summary.accepted-by-customer',
  'pending-sync': 'ui.mca.summary.pending-sync',
  'waiting-for-customer': 'ui.mca.summary.waiting-for-customer',
  'needs-attention': 'ui.mca.summary.needs-attention',
  'not-confirmed': 'ui.mca.summary.not-confirmed',
  'not-verified': 'ui.mca.summary.not-verified',
};

/** The summary under the badge: the status's own, or what an open item says more precisely. */
function summaryOf(customer: CustomerDetail, method: ConfirmationMethod): MessageKey {
  const pending = customer.mca.pending;
  if (pending && customer.mca.status === 'needs-attention') {
    if (isRetiredConfirmation(pending)) return 'ui.mca.summary.retired';
    const answer = closedAnswer(pending);
    if (answer) return answer === 'declined' ? 'ui.mca.summary.declined' : 'ui.mca.summary.expired';
    if (pending.kind === 'acceptance-request') return 'ui.mca.summary.requestFailed';
  }
  if (customer.mca.status === 'not-confirmed' && method === 'customer-acceptance') return 'ui.mca.summary.not-confirmed.request';
  return summaryKey[customer.mca.status];
}

type Props = {
  customer: CustomerDetail;
  onUpdate: () => void;
  /** "Request acceptance": open the request dialog. */
  onRequest: () => void;
  /** The customer as Partner Center answered "Verify now" (or as the core answered a new request). */
  onVerified: (customer: CustomerDetail) => void;
};

/**
 * The "Microsoft Customer Agreement" section: status, the open confirmation or request, every
 * confirmation on record, "Verify now", and the ways to get an acceptance on record: "Update"
 * (partner confirmation), "Request acceptance" (the customer accepts on Microsoft's page; the
 * profile's method is the primary button) and "Accept in Microsoft 365 admin center".
 */
export function McaSection({ customer, onUpdate, onRequest, onVerified }: Props) {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const { mca } = customer;
  const headingId = `mca-heading-${customer.id}`;

  if (!session.mcaAvailable) {
    return (
      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby={headingId} data-testid="mca-section">
        <Title order={3} id={headingId} mb="sm">
          {t('ui.mca.heading')}
        </Title>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconInfoCircle size={18} style={{ flexShrink: 0, marginTop: 1, color: 'var(--mantine-color-dimmed)' }} aria-hidden />
          <Text size="sm" c="dimmed" data-testid="mca-unavailable">
            {t('ui.mca.unavailable', { cloud: t(`ui.cloud.${session.profile.cloud}`) })}
          </Text>
        </Group>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby={headingId} data-testid="mca-section">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Stack gap={8} miw={0}>
          <Title order={3} id={headingId}>
            {t('ui.mca.heading')}
          </Title>
          <Group gap="sm" wrap="wrap">
            <StatusBadge status={mca.status} size="lg" />
            {mca.earlierVersion && (
              <Tooltip label={t('ui.mca.earlierVersionHint', { template: mca.partnerRecords[0]?.templateId ?? '' })} multiline w={320}>
                <Badge color="orange" variant="outline" size="lg" data-testid="mca-earlier-version">
                  {t('ui.mca.earlierVersion')}
                </Badge>
              </Tooltip>
            )}
            <Text size="sm" c="dimmed" data-testid="mca-summary">
              {t(summaryOf(customer, session.confirmationMethod))}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          <VerifyButton customerId={customer.id} onVerified={onVerified} />
        </Group>
      </Group>
      <AcceptanceActions customer={customer} onUpdate={onUpdate} onRequest={onRequest} onStarted={onVerified} />

      {mca.pending && (
        <>
          <Divider my="md" />
          <PendingItem item={mca.pending} />
        </>
      )}

      <Divider
        my="md"
        label={mca.partnerRecords.length > 1 ? t('ui.mca.records', { count: mca.partnerRecords.length }) : t('ui.mca.onRecord')}
        labelPosition="left"
      />
      {mca.partnerRecords.length > 0 ? (
        <AgreementRecords records={mca.partnerRecords} />
      ) : (
        <Text size="sm" c="dimmed">
          {mca.status === 'accepted-by-customer' ? t('ui.mca.noPartnerRecordDirect') : t('ui.mca.noPartnerRecord')}
        </Text>
      )}

      <Divider my="md" />
      <FactList>
        <Fact label={t('ui.mca.directlySigned')}>
          {mca.directlySigned === null ? t('ui.mca.unknown') : mca.directlySigned ? t('ui.mca.directYes') : t('ui.mca.directNo')}
        </Fact>
        <Fact label={t('ui.mca.lastVerified')}>
          <span data-testid="last-verified">{mca.lastVerifiedAt ? format.dateTime(mca.lastVerifiedAt) : t('ui.mca.neverVerified')}</span>
        </Fact>
      </FactList>
    </Paper>
  );
}

/**
 * The ways to get the acceptance on record, the profile's method first and filled when nothing is
 * on record; read-only sessions see them disabled with the reason, and a second request while one
 * is open is not offered.
 */
function AcceptanceActions({ customer, onUpdate, onRequest, onStarted }: { customer: CustomerDetail; onUpdate: () => void; onRequest: () => void; onStarted: (customer: CustomerDetail) => void }) {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const { session } = useSession();
  const [watching, setWatching] = useState(false);
  const { primary, secondary } = methodButtons(session.confirmationMethod);
  const open = openRequest(customer) !== null;
  const filled = primaryIsFilled(customer.mca.status);

  const guard = (button: ReactElement, reason: string | null, hint: string): ReactNode =>
    reason ? (
      <Tooltip label={reason} multiline w={280}>
        <span style={{ flexShrink: 0 }}>{button}</span>
      </Tooltip>
    ) : (
      <Tooltip label={hint} multiline w={300} openDelay={400}>
        {button}
      </Tooltip>
    );
  const cannot = session.canConfirm ? null : t('ui.mca.cannotConfirm');
  const requestBlocked = cannot ?? (open ? t('ui.mca.requestOpen') : null);

  const watchAdminCenter = async () => {
    setWatching(true);
    const result = await api.watchAdminCenterAcceptance({ customerId: customer.id });
    setWatching(false);
    if (result.ok) {
      onStarted(result.value.customer);
      notifications.show({ color: 'violet', message: t('ui.mca.adminCenterStarted', { company: customer.companyName }) });
    } else notifyError('ui.mca.adminCenterFailed', result.error);
  };

  const button = (which: MethodButton, isPrimary: boolean) => {
    const variant = isPrimary ? (filled ? 'filled' : 'light') : 'default';
    return which === 'update'
      ? guard(
          <Button leftSection={<IconPencil size={16} />} onClick={onUpdate} disabled={cannot !== null} variant={variant} data-method="partner-confirmation" data-primary={isPrimary || undefined}>
            {t('ui.mca.update')}
          </Button>,
          cannot,
          t('ui.mca.updateHint'),
        )
      : guard(
          <Button leftSection={<IconMailForward size={16} />} onClick={onRequest} disabled={requestBlocked !== null} variant={variant} data-method="customer-acceptance" data-primary={isPrimary || undefined}>
            {t('ui.mca.requestAcceptance')}
          </Button>,
          requestBlocked,
          t('ui.mca.requestAcceptanceHint'),
        );
  };

  return (
    <Group gap="xs" wrap="wrap" mb="xs" data-testid="mca-actions">
      {button(primary, true)}
      {button(secondary, false)}
      {guard(
        <Button variant="subtle" leftSection={<IconLayoutDashboard size={16} />} loading={watching} disabled={requestBlocked !== null} onClick={() => void watchAdminCenter()}>
          {t('ui.mca.adminCenter')}
        </Button>,
        requestBlocked,
        t('ui.mca.adminCenterHint'),
      )}
    </Group>
  );
}

/** "Verify now": re-reads the agreements and direct acceptance from Partner Center (online only). */
function VerifyButton({ customerId, onVerified }: { customerId: string; onVerified: (customer: CustomerDetail) => void }) {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const { connectivity } = useLiveStatus();
  const [busy, setBusy] = useState(false);
  const offline = connectivity !== null && !connectivity.online;

  const verify = async () => {
    setBusy(true);
    const result = await api.verifyCustomer({ customerId });
    setBusy(false);
    if (result.ok) {
      onVerified(result.value);
      notifications.show({ color: 'teal', message: t('ui.mca.verified') });
    } else notifyError('ui.mca.verifyFailed', result.error);
  };

  const button: ReactElement = (
    <Button variant="default" leftSection={<IconRefresh size={16} />} loading={busy} disabled={offline} onClick={() => void verify()}>
      {t('ui.mca.verify')}
    </Button>
  );
  return (
    <Tooltip label={offline ? t('ui.mca.verifyOffline') : t('ui.mca.verifyHint')} multiline w={260}>
      {offline ? <span>{button}</span> : button}
    </Tooltip>
  );
}

/** Every partner confirmation Partner Center holds, newest first: who, email, template, date, confirmed by. */
function AgreementRecords({ records }: { records: AgreementRecord[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <Stack component="ul" gap={0} m={0} p={0} aria-label={t('ui.mca.recordsLabel')} style={{ listStyle: 'none' }}>
      {records.map((record, index) => (
        <Stack
          component="li"
          key={`${record.dateAgreed}-${record.contact.email}-${index}`}
          gap={4}
          py="sm"
          style={index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
          data-testid="agreement-record"
        >
          <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
            <Stack gap={0} miw={0}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} dir="auto" truncate="end">
                  {record.contact.firstName} {record.contact.lastName}
                </Text>
                {index === 0 && records.length > 1 && (
                  <Badge size="xs" variant="light" color="gray">
                    {t('ui.mca.latest')}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed" truncate="end" title={record.contact.email}>
                {record.contact.email}
                {record.contact.phone ? ` · ${record.contact.phone}` : ''}
              </Text>
            </Stack>
            <Stack gap={0} align="flex-end" style={{ flexShrink: 0 }}>
              <Text size="xs" c="dimmed">
                {t('ui.mca.col.date')}
              </Text>
              <Text size="sm" fw={500}>
                {format.date(record.dateAgreed)}
              </Text>
            </Stack>
          </Group>
          <Group gap="lg" wrap="wrap" style={{ rowGap: 4 }}>
            <Group gap={6} wrap="nowrap" miw={0}>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {t('ui.mca.confirmedBy')}
              </Text>
              {record.userId ? (
                <Code fz="xs" title={t('ui.mca.partnerUserId')}>
                  {record.userId}
                </Code>
              ) : (
                <Text size="xs">{t('ui.mca.partner')}</Text>
              )}
            </Group>
            <Group gap={6} wrap="nowrap" miw={0}>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {t('ui.mca.template')}
              </Text>
              <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
                {record.templateId}
              </Code>
            </Group>
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}
