import { Alert, Box, Button, CloseButton, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { memo, useState } from 'react';
import { useDescribeError } from '../api/useNotifyError';
import { ConfirmAcceptanceModal } from '../confirm/ConfirmAcceptanceModal';
import { RequestAcceptanceModal } from '../request/RequestAcceptanceModal';
import { useT } from '../i18n/useT';
import { AccountFacts } from './AccountFacts';
import { AccountSkeleton } from './AccountSkeleton';
import { McaSection } from './McaSection';
import { ReadOnlyReason } from './ReadOnlyReason';
import { SubscriptionsSection } from '../orders/SubscriptionsSection';
import { NoCustomerOpen } from './NoCustomerOpen';
import { useCustomerDetail } from './useCustomerDetail';

/** The account-info panel beside the list. */
export const AccountPanel = memo(function AccountPanel({ customerId, onClose }: { customerId: string | null; onClose: () => void }) {
  const t = useT();
  const describe = useDescribeError();
  const { detail, error, reload, replace } = useCustomerDetail(customerId);
  const [dialog, setDialog] = useState<'confirm' | 'request' | null>(null);

  if (!customerId) return <NoCustomerOpen />;

  return (
    <Box p="xl" maw={960} data-testid="account-panel">
      {error ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('ui.account.loadFailed')}>
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{describe(error)}</Text>
            <Button size="xs" variant="light" color="red" onClick={reload}>
              {t('ui.common.tryAgain')}
            </Button>
          </Stack>
        </Alert>
      ) : !detail ? (
        <AccountSkeleton />
      ) : (
        <Stack gap="lg">
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Box miw={0}>
              <Title order={2} dir="auto" lineClamp={2} title={detail.companyName} style={{ overflowWrap: 'anywhere' }}>
                {detail.companyName}
              </Title>
              <Text size="sm" c="dimmed" truncate="end">
                {detail.domain}
              </Text>
            </Box>
            <Tooltip label={t('ui.account.close')}>
              <CloseButton aria-label={t('ui.account.close')} onClick={onClose} />
            </Tooltip>
          </Group>
          <ReadOnlyReason />
          <AccountFacts customer={detail} />
          <McaSection customer={detail} onUpdate={() => setDialog('confirm')} onRequest={() => setDialog('request')} onVerified={replace} />
          <SubscriptionsSection customer={detail} onCustomerChanged={replace} />
          <ConfirmAcceptanceModal opened={dialog === 'confirm'} customer={detail} onClose={() => setDialog(null)} onSaved={replace} />
          <RequestAcceptanceModal opened={dialog === 'request'} customer={detail} onClose={() => setDialog(null)} onSaved={replace} />
        </Stack>
      )}
    </Box>
  );
});
