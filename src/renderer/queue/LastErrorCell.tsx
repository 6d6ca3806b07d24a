import { Anchor, Popover, Stack, Text } from '@mantine/core';
import type { SyncError } from '../../shared/domain';
import { ErrorDetails, hasSupportFacts } from '../common/ErrorDetails';
import { useT, useTranslateAny } from '../i18n/useT';

/** The last error in one line; a click shows Partner Center's code and correlation id. */
export function LastErrorCell({ error }: { error: SyncError | null }) {
  const t = useT();
  const tr = useTranslateAny();
  if (!error) return <Text size="sm" c="dimmed">{t('ui.common.none')}</Text>;
  const message = tr(error.message);
  return (
    <Stack gap={2} maw={280} align="flex-start">
      <Text size="sm" lineClamp={2} title={message}>
        {message}
      </Text>
      {hasSupportFacts(error) && (
        <Popover width={480} position="bottom-start" shadow="md" withArrow>
          <Popover.Target>
            <Anchor component="button" type="button" size="xs" ta="left" style={{ alignSelf: 'flex-start' }}>
              {error.partnerCenterCode ? t('ui.queue.errorDetailsCode', { code: error.partnerCenterCode }) : t('ui.queue.errorDetails')}
            </Anchor>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap={4}>
              <Text size="sm">{message}</Text>
              <ErrorDetails facts={error} />
            </Stack>
          </Popover.Dropdown>
        </Popover>
      )}
    </Stack>
  );
}
