import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconMailForward, IconPencil } from '@tabler/icons-react';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

/**
 * Partner Center's 13605, in plain words, with the way out the profile uses: confirm the
 * acceptance, or ask the customer to accept (then the order waits until they have).
 */
export function McaRequiredAlert({ onConfirm, canConfirm }: { onConfirm: () => void; canConfirm: boolean }) {
  const t = useT();
  const { session } = useSession();
  const byRequest = session.confirmationMethod === 'customer-acceptance';
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="sm" data-testid="mca-required">
      <Stack gap="xs" align="flex-start">
        <Text size="sm" fw={500}>
          {byRequest ? t('ui.orders.mcaRequiredRequest') : t('ui.orders.mcaRequired')}
        </Text>
        <Button size="xs" leftSection={byRequest ? <IconMailForward size={14} /> : <IconPencil size={14} />} onClick={onConfirm} disabled={!canConfirm}>
          {byRequest ? t('ui.orders.requestAcceptance') : t('ui.orders.confirmAcceptance')}
        </Button>
      </Stack>
    </Alert>
  );
}
