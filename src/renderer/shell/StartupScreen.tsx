import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { AppError } from '../../shared/result';
import { useT, useTranslateAny } from '../i18n/useT';

/** Shown until the session is known: a quiet spinner, or what went wrong with a way to retry. */
export function StartupScreen({ error, onRetry }: { error: AppError | null; onRetry: () => void }) {
  const t = useT();
  const tr = useTranslateAny();
  return (
    <Center h="100%" p="xl">
      {error ? (
        <Alert
          maw={520}
          color="red"
          variant="light"
          icon={<IconAlertTriangle />}
          title={t('ui.startup.failedTitle')}
        >
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{tr(error.message)}</Text>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t('ui.common.tryAgain')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <Stack align="center" gap="sm">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {t('ui.startup.loading')}
          </Text>
        </Stack>
      )}
    </Center>
  );
}
