import { Badge, Button, Code, Divider, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPencil, IconRefresh } from '@tabler/icons-react';
import { useState, type ReactElement } from 'react';
import type { AgreementRecord, CustomerDetail, McaStatus } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { Fact, FactList } from '../common/Fact';
import { StatusBadge } from '../common/StatusBadge';
import { useFormat, useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { useLiveStatus } from '../status/LiveStatusProvider';
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

type Props = {
  customer: CustomerDetail;
  onUpdate: () => void;
  /** The customer as Partner Center answered "Verify now". */
  onVerified: (customer: CustomerDetail) => void;
};

/** The "Microsoft Customer Agreement" section: status, every confirmation on record, "Verify now" and "Update". */
export function McaSection({ customer, onUpdate, onVerified }: Props) {
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

  const update = (
    <Button
      leftSection={<IconPencil size={16} />}
      onClick={onUpdate}
      disabled={!session.canConfirm}
      style={{ flexShrink: 0 }}
      variant={mca.status === 'not-confirmed' || mca.status === 'needs-attention' ? 'filled' : 'default'}
    >
      {t('ui.mca.update')}
    </Button>
  );

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby={headingId} data-testid="mca-section">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <Stack gap={8} miw={0}>
          <Title order={3} id={headingId}>
            {t('ui.mca.heading')}
          </Title>
          <Group gap="sm" wrap="wrap">
            <StatusBadge status={mca.status} size="lg" />
            <Text size="sm" c="dimmed">
              {t(summaryKey[mca.status])}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          <VerifyButton customerId={customer.id} onVerified={onVerified} />
          {session.canConfirm ? (
            update
          ) : (
            <Tooltip label={t('ui.mca.cannotConfirm')} multiline w={260}>
              <span style={{ flexShrink: 0 }}>{update}</span>
            </Tooltip>
          )}
        </Group>
      </Group>

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
