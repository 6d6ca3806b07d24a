import { Alert } from '@mantine/core';
import { IconClockPause, IconLogin, IconWifiOff } from '@tabler/icons-react';
import type { SyncStatus } from '../../shared/domain';
import { useFormat, useT } from '../i18n/useT';

type Waiting = SyncStatus['waiting'];

/** Why the queue is not sending, in one sentence. */
export function useWaitingText(waiting: Waiting): string {
  const t = useT();
  const format = useFormat();
  if (!waiting) return '';
  switch (waiting.reason) {
    case 'offline':
      return t('ui.waiting.offline');
    case 'sign-in-needed':
      return t('ui.waiting.signIn');
    case 'app-credential-needed':
      return t('ui.waiting.appCredential');
    case 'throttled':
      return t('ui.waiting.throttled', { time: format.dateTime(waiting.until) });
  }
}

export function WaitingReason({ waiting, pending }: { waiting: Waiting; pending: number }) {
  const t = useT();
  const text = useWaitingText(waiting);
  if (!waiting) return null;
  const icon =
    waiting.reason === 'offline' ? <IconWifiOff size={18} /> : waiting.reason === 'sign-in-needed' || waiting.reason === 'app-credential-needed' ? <IconLogin size={18} /> : <IconClockPause size={18} />;
  return (
    <Alert
      variant="light"
      color={waiting.reason === 'sign-in-needed' || waiting.reason === 'app-credential-needed' ? 'orange' : 'gray'}
      icon={icon}
      title={pending > 0 ? t('ui.waiting.title', { count: pending }) : t('ui.waiting.titleEmpty')}
      data-testid="waiting-reason"
      data-reason={waiting.reason}
    >
      {text}
    </Alert>
  );
}
