import { Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { MessageKey } from '../../shared/i18n';
import type { AppError } from '../../shared/result';
import { ErrorDetails, hasSupportFacts } from '../common/ErrorDetails';
import { issueMessages } from '../forms/fieldErrors';
import { useT, useTranslateAny } from '../i18n/useT';

/** What the error means for the operator, in their language. */
export function useDescribeError(): (error: AppError) => string {
  const t = useT();
  const tr = useTranslateAny();
  return useCallback(
    (error: AppError) => {
      const issues = issueMessages(error, tr);
      if (error.code === 'invalid-input' && issues.length > 0) return issues.join(' ');
      // The core's message is already worded for the operator ("Partner Center answered: …").
      const message = tr(error.message);
      return error.code === 'offline' ? message || t('ui.error.offline') : message;
    },
    [t, tr],
  );
}

function ErrorNotificationBody({ error }: { error: AppError }) {
  const describe = useDescribeError();
  return (
    <Stack gap={4}>
      <Text size="sm">{describe(error)}</Text>
      {hasSupportFacts(error.details) && error.details && <ErrorDetails facts={error.details} />}
    </Stack>
  );
}

/** Shows a failed call as a notification: what was being done, what happened, and support facts. */
export function useNotifyError(): (what: MessageKey, error: AppError) => void {
  const t = useT();
  return useCallback(
    (what: MessageKey, error: AppError) => {
      notifications.show({
        color: error.code === 'offline' ? 'orange' : 'red',
        title: t(what),
        message: <ErrorNotificationBody error={error} />,
        // Support facts must stay until the operator has copied them.
        autoClose: hasSupportFacts(error.details) ? false : 8000,
        withBorder: true,
      });
    },
    [t],
  );
}
