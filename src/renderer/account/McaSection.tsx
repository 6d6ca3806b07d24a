import { Button, Divider, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import type { CustomerDetail, McaStatus } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { Fact, FactList } from '../common/Fact';
import { StatusBadge } from '../common/StatusBadge';
import { useFormat, useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { PendingItem } from './PendingItem';

const summaryKey: Record<McaStatus, MessageKey> = {
  confirmed: 'ui.mca.summary.confirmed',
  'accepted-by-customer': 'ui.mca.summary.accepted-by-customer',
  'pending-sync': 'ui.mca.summary.pending-sync',
  'needs-attention': 'ui.mca.summary.needs-attention',
  'not-confirmed': 'ui.mca.summary.not-confirmed',
  'not-verified': 'ui.mca.summary.not-verified',
};

/** The "Microsoft Customer Agreement" section: status, the facts behind it, and "Update". */
export function McaSection({ customer, onUpdate }: { customer: CustomerDetail; onUpdate: () => void }) {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const { mca } = customer;
  const record = mca.partnerRecords[0];
  const headingId = `mca-heading-${customer.id}`;

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
        {session.canConfirm ? (
          update
        ) : (
          <Tooltip label={t('ui.mca.cannotConfirm')} multiline w={260}>
            <span style={{ flexShrink: 0 }}>{update}</span>
          </Tooltip>
        )}
      </Group>

      {mca.pending && (
        <>
          <Divider my="md" />
          <PendingItem item={mca.pending} />
        </>
      )}

      <Divider my="md" label={t('ui.mca.onRecord')} labelPosition="left" />
      {record ? (
        <FactList>
          <Fact label={t('ui.mca.acceptedBy')}>
            <span dir="auto">
              {record.contact.firstName} {record.contact.lastName}
            </span>
          </Fact>
          <Fact label={t('ui.mca.email')}>
            <Text span size="sm" truncate="end" title={record.contact.email} display="block">
              {record.contact.email}
            </Text>
          </Fact>
          <Fact label={t('ui.mca.phone')}>{record.contact.phone || <Text span c="dimmed" size="sm">{t('ui.common.none')}</Text>}</Fact>
          <Fact label={t('ui.mca.dateAgreed')}>{format.date(record.dateAgreed)}</Fact>
          <Fact label={t('ui.mca.confirmedBy')}>
            {t('ui.mca.partner')}
            {record.userId && (
              <Text span size="xs" c="dimmed" ff="monospace" display="block" title={t('ui.mca.partnerUserId')}>
                {record.userId}
              </Text>
            )}
          </Fact>
          <Fact label={t('ui.mca.template')}>
            <Text span size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {record.templateId}
            </Text>
          </Fact>
          {mca.partnerRecords.length > 1 && (
            <Fact label={t('ui.mca.earlier')} wide>
              {t('ui.mca.earlierCount', { count: mca.partnerRecords.length - 1 })}
            </Fact>
          )}
        </FactList>
      ) : (
        <Text size="sm" c="dimmed">
          {mca.status === 'accepted-by-customer' ? t('ui.mca.noPartnerRecordDirect') : t('ui.mca.noPartnerRecord')}
        </Text>
      )}

      <Divider my="md" />
      <FactList>
        <Fact label={t('ui.mca.directlySigned')}>
          {mca.directlySigned === null
            ? t('ui.mca.unknown')
            : mca.directlySigned
              ? t('ui.mca.directYes')
              : t('ui.mca.directNo')}
        </Fact>
        <Fact label={t('ui.mca.lastVerified')}>
          {mca.lastVerifiedAt ? format.dateTime(mca.lastVerifiedAt) : t('ui.mca.neverVerified')}
        </Fact>
      </FactList>
    </Paper>
  );
}
