import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPencil } from '@tabler/icons-react';
import { useT } from '../i18n/useT';

/** Partner Center's 13605, in plain words, with the way out: confirm the acceptance. */
export function McaRequiredAlert({ onConfirm, canConfirm }: { onConfirm: () => void; canConfirm: boolean }) {
  const t = useT();
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="sm" data-testid="mca-required">
      <Stack gap="xs" align="flex-start">
        <Text size="sm" fw={500}>
          {t('ui.orders.mcaRequired')}
        </Text>
        <Button size="xs" leftSection={<IconPencil size={14} />} onClick={onConfirm} disabled={!canConfirm}>
          {t('ui.orders.confirmAcceptance')}
        </Button>
      </Stack>
    </Alert>
  );
}
