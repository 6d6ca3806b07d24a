import { Button, Loader, Skeleton, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCloudCheck, IconCloudUpload } from '@tabler/icons-react';
import { useT } from '../i18n/useT';
import { pendingCount, useLiveStatus } from '../status/LiveStatusProvider';
import { useWaitingText } from '../queue/WaitingReason';

/** The queue at a glance: pending count, a spinner while sending, orange when something needs attention. */
export function SyncIndicator({ onOpenQueue }: { onOpenQueue: () => void }) {
  const t = useT();
  const { sync } = useLiveStatus();
  const waitingText = useWaitingText(sync?.waiting ?? null);
  if (!sync) return <Skeleton h={30} w={120} radius="md" />;

  const pending = pendingCount(sync);
  const attention = sync.counts.needsAttention;
  // "running" alone is not sending: a queue waiting for the network is running too.
  const sending = sync.counts.sending > 0 || (sync.running && sync.waiting === null && pending > 0);

  let label: string;
  let color: string;
  let icon;
  if (attention > 0) {
    label = t('ui.sync.attention', { count: attention });
    color = 'orange';
    icon = <IconAlertTriangle size={16} />;
  } else if (sending) {
    label = t('ui.sync.sending', { count: pending });
    color = 'blue';
    icon = <Loader size={14} color="blue" />;
  } else if (pending > 0) {
    label = t('ui.sync.waiting', { count: pending });
    color = 'blue';
    icon = <IconCloudUpload size={16} />;
  } else {
    label = t('ui.sync.upToDate');
    color = 'gray';
    icon = <IconCloudCheck size={16} />;
  }

  const details = [
    pending > 0 && attention > 0 ? t('ui.sync.waiting', { count: pending }) : null,
    sync.waiting ? waitingText : null,
    t('ui.sync.openQueueHint'),
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <Tooltip label={details} multiline maw={320}>
      <Button
        variant="light"
        color={color}
        size="xs"
        leftSection={icon}
        onClick={onOpenQueue}
        aria-label={t('ui.sync.indicatorLabel', { status: label })}
        data-testid="sync-indicator"
        data-pending={pending}
        data-attention={attention}
        styles={{ label: { fontVariantNumeric: 'tabular-nums' } }}
      >
        {label}
      </Button>
    </Tooltip>
  );
}
