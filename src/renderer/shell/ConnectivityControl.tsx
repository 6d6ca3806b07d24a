import { Box, Group, Skeleton, Switch, Text, Tooltip } from '@mantine/core';
import { useFormat, useT } from '../i18n/useT';
import { useLiveStatus } from '../status/LiveStatusProvider';

/** "Online" / "Offline" with a coloured dot, and the "Work offline" switch. */
export function ConnectivityControl() {
  const t = useT();
  const format = useFormat();
  const { connectivity, setWorkOffline } = useLiveStatus();
  if (!connectivity) return <Skeleton h={20} w={180} radius="sm" />;

  const online = connectivity.online;
  const why = connectivity.workOffline
    ? t('ui.connectivity.whyWorkOffline')
    : connectivity.reachable
      ? t('ui.connectivity.whyReachable')
      : t('ui.connectivity.whyUnreachable');
  const checked = connectivity.lastCheckedAt
    ? t('ui.connectivity.lastChecked', { time: format.dateTime(connectivity.lastCheckedAt) })
    : '';

  return (
    <Group gap="md" wrap="nowrap">
      <Tooltip label={checked ? `${why} ${checked}` : why} multiline w={260}>
        <Group gap={6} wrap="nowrap" role="status" aria-live="polite">
          <Box
            w={8}
            h={8}
            style={{ borderRadius: '50%', flexShrink: 0 }}
            bg={online ? 'var(--mantine-color-green-filled)' : 'var(--mantine-color-orange-filled)'}
            aria-hidden
          />
          <Text size="sm" fw={600} c={online ? 'green' : 'orange'} data-testid="connectivity-state">
            {online ? t('ui.connectivity.online') : t('ui.connectivity.offline')}
          </Text>
        </Group>
      </Tooltip>
      <Switch
        size="sm"
        label={t('ui.connectivity.workOffline')}
        checked={connectivity.workOffline}
        onChange={(event) => void setWorkOffline(event.currentTarget.checked)}
        styles={{ label: { whiteSpace: 'nowrap', paddingInlineStart: 8 } }}
      />
    </Group>
  );
}
