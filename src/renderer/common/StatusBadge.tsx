import { Badge, Loader, type BadgeProps, type MantineColor } from '@mantine/core';
import type { CSSProperties } from 'react';
import type { McaStatus, QueueState } from '../../shared/domain';
import { useT } from '../i18n/useT';
import classes from './StatusBadge.module.css';

/**
 * One colour per status, used everywhere (list, account panel, queue). Text always goes with the
 * colour. A queue state that means the same as an MCA status shares its colour.
 */
export const mcaStatusColor: Record<McaStatus, MantineColor> = {
  confirmed: 'green',
  'accepted-by-customer': 'teal',
  'pending-sync': 'blue',
  'waiting-for-customer': 'violet',
  'needs-attention': 'red',
  'not-confirmed': 'orange',
  'not-verified': 'gray',
};

export const queueStateColor: Record<QueueState, MantineColor> = {
  queued: 'blue',
  sending: 'blue',
  'waiting-for-customer': 'violet',
  confirmed: 'green',
  'already-confirmed': 'cyan',
  'needs-attention': 'red',
  discarded: 'gray',
};

type Size = BadgeProps['size'];

export function StatusBadge({ status, size = 'md' }: { status: McaStatus; size?: Size }) {
  const t = useT();
  return (
    <Badge color={mcaStatusColor[status]} size={size} style={{ flexShrink: 0 }} data-status={status}>
      {t(`ui.status.${status}`)}
    </Badge>
  );
}

/**
 * The small filled status badge as plain HTML and one stylesheet: what a list of many rows shows
 * (the customer results). Mantine's Badge computes its styles in JavaScript for each one, a good
 * part of rendering a keystroke's results.
 */
export function StatusBadgeSmall({ status }: { status: McaStatus }) {
  const t = useT();
  return (
    <span className={classes.small} style={{ '--status-bg': `var(--mantine-color-${mcaStatusColor[status]}-filled)` } as CSSProperties} data-status={status}>
      {t(`ui.status.${status}`)}
    </span>
  );
}

export function QueueStateBadge({ state, size = 'md' }: { state: QueueState; size?: Size }) {
  const t = useT();
  return (
    <Badge
      color={queueStateColor[state]}
      size={size}
      style={{ flexShrink: 0 }}
      data-state={state}
      leftSection={state === 'sending' ? <Loader size={10} color="blue" aria-hidden /> : undefined}
    >
      {t(`ui.queueState.${state}`)}
    </Badge>
  );
}
