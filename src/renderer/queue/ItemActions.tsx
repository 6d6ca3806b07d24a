import { Button, Group, Tooltip, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMailForward, IconPencil, IconRefresh, IconRotateClockwise, IconSend, IconTrash } from '@tabler/icons-react';
import { useState, type ReactElement } from 'react';
import type { QueueItem } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import type { Result } from '../../shared/result';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { EditAndRetryModal } from '../confirm/ConfirmAcceptanceModal';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { DiscardModal } from './DiscardModal';
import { NewCustomerWizard } from '../newCustomer/NewCustomerWizard';
import { checkNowMessage, itemActions } from '../request/requestRules';
import { useLiveStatus } from '../status/LiveStatusProvider';

/** The actions that call the core directly (the others open a dialog). */
type Busy = 'retry' | 'send-anyway' | 'check-now' | 'send-new-request' | 'convert-to-request';

type Props = {
  item: QueueItem;
  size?: ButtonProps['size'];
  /** Let the buttons wrap (a narrow table column). */
  wrap?: boolean;
  /** Called with the item as the core answered after an action. */
  onChanged?: (item: QueueItem) => void;
};

/**
 * "Edit and retry", "Retry", "Send anyway", "Discard…" and, for acceptance requests, "Check now",
 * "Send a new request" and "Request acceptance instead", for one queue item, with their dialogs.
 * Used by the Sync queue rows and by the account panel's pending item, so both behave the same.
 */
export function ItemActions({ item, size = 'xs', wrap = false, onChanged }: Props) {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const { session } = useSession();
  const [dialog, setDialog] = useState<'edit' | 'discard' | null>(null);
  const { connectivity } = useLiveStatus();
  const [busy, setBusy] = useState<Busy | null>(null);
  // The one rule the core enforces too (src/shared/queue-actions.ts), and the request actions on top.
  const actions = itemActions(item);
  const allowed = {
    retry: actions.includes('retry'),
    edit: actions.includes('edit'),
    discard: actions.includes('discard'),
    'send-anyway': actions.includes('send-anyway'),
    'check-now': actions.includes('check-now'),
    'send-new-request': actions.includes('send-new-request'),
    'convert-to-request': actions.includes('convert-to-request'),
  };
  if (actions.length === 0) return null;
  const offline = connectivity !== null && !connectivity.online;
  // In a narrow table column a long label ("Request acceptance instead", French ones) wraps inside its button.
  const styles = wrap ? { root: { height: 'auto', minHeight: 'var(--button-height)', paddingBlock: 3 }, label: { whiteSpace: 'normal' as const, lineHeight: 1.25, textAlign: 'start' as const } } : undefined;
  const person = `${item.contact.firstName} ${item.contact.lastName}`.trim();

  const guard = (button: ReactElement) =>
    session.canConfirm ? (
      button
    ) : (
      <Tooltip label={t('ui.mca.cannotConfirm')} multiline w={260}>
        <span>{button}</span>
      </Tooltip>
    );

  /** One action's call: busy while it runs, the item as the core answers it, a notification either way. */
  const act = (which: Busy, call: () => Promise<Result<QueueItem>>, done: (saved: QueueItem) => { color: string; message: string }, failed: MessageKey) => async () => {
    setBusy(which);
    const result = await call();
    setBusy(null);
    if (result.ok) {
      onChanged?.(result.value);
      notifications.show(done(result.value));
    } else notifyError(failed, result.error);
  };
  const company = { company: item.companyName };
  const retry = act('retry', () => api.retryItem({ itemId: item.id }), () => ({ color: 'teal', message: t('ui.itemActions.retried', company) }), 'ui.itemActions.retryFailed');
  const sendAnyway = act('send-anyway', () => api.sendAnyway({ itemId: item.id }), () => ({ color: 'teal', message: t('ui.itemActions.sentAnyway', company) }), 'ui.itemActions.sendAnywayFailed');
  const checkNow = act(
    'check-now',
    () => api.checkNow({ itemId: item.id }),
    (saved) => ({
      color: saved.state === 'confirmed' || saved.state === 'already-confirmed' ? 'teal' : saved.state === 'needs-attention' ? 'red' : 'violet',
      message: t(checkNowMessage(saved), { name: person, ...company }),
    }),
    'ui.request.checkFailed',
  );
  const sendNewRequest = act('send-new-request', () => api.sendNewRequest({ itemId: item.id }), () => ({ color: 'teal', message: t('ui.request.sentNew', company) }), 'ui.request.sendNewFailed');
  const requestInstead = act('convert-to-request', () => api.convertToRequest({ itemId: item.id }), () => ({ color: 'teal', message: t('ui.request.converted', { name: person, ...company }) }), 'ui.request.convertFailed');

  /** One guarded action button (read-only roles see why in a tooltip); `hint` explains it. */
  const action = (show: boolean, o: { label: string; icon: ReactElement; variant: ButtonProps['variant']; color?: string; which?: Busy; onClick: () => void; hint?: string }) =>
    show &&
    guard(
      <Tooltip label={o.hint ?? ''} multiline w={300} disabled={!o.hint || !session.canConfirm}>
        <Button
          size={size}
          styles={styles}
          variant={o.variant}
          {...(o.color ? { color: o.color } : {})}
          leftSection={o.icon}
          loading={o.which !== undefined && busy === o.which}
          disabled={!session.canConfirm}
          onClick={o.onClick}
        >
          {o.label}
        </Button>
      </Tooltip>,
    );

  return (
    <Group gap={6} wrap={wrap ? 'wrap' : 'nowrap'} data-testid="item-actions">
      {action(allowed['convert-to-request'], { label: t('ui.request.requestInstead'), icon: <IconMailForward size={14} />, variant: 'filled', which: 'convert-to-request', onClick: () => void requestInstead() })}
      {action(allowed['send-new-request'], { label: t('ui.request.sendNew'), icon: <IconMailForward size={14} />, variant: 'filled', which: 'send-new-request', onClick: () => void sendNewRequest() })}
      {allowed['check-now'] && (
        <Tooltip label={offline ? t('ui.request.checkNowOffline') : t('ui.request.checkNowHint')} multiline w={260}>
          {offline ? (
            <span>
              <Button size={size} styles={styles} variant="default" leftSection={<IconRefresh size={14} />} disabled>
                {t('ui.request.checkNow')}
              </Button>
            </span>
          ) : (
            <Button size={size} styles={styles} variant="default" leftSection={<IconRefresh size={14} />} loading={busy === 'check-now'} onClick={() => void checkNow()}>
              {t('ui.request.checkNow')}
            </Button>
          )}
        </Tooltip>
      )}
      {action(allowed.edit, { label: t('ui.itemActions.editAndRetry'), icon: <IconPencil size={14} />, variant: 'filled', onClick: () => setDialog('edit') })}
      {action(allowed.retry, { label: t('ui.itemActions.retry'), icon: <IconRotateClockwise size={14} />, variant: 'default', which: 'retry', onClick: () => void retry() })}
      {action(allowed['send-anyway'], { label: t('ui.itemActions.sendAnyway'), icon: <IconSend size={14} />, variant: 'light', which: 'send-anyway', onClick: () => void sendAnyway(), hint: t('ui.itemActions.sendAnywayHint') })}
      {action(allowed.discard, { label: t('ui.itemActions.discard'), icon: <IconTrash size={14} />, variant: 'subtle', color: 'red', onClick: () => setDialog('discard') })}
      {item.kind === 'create-customer' ? (
        <NewCustomerWizard opened={dialog === 'edit'} editItem={item} onClose={() => setDialog(null)} />
      ) : (
        allowed.edit && <EditAndRetryModal opened={dialog === 'edit'} item={item} onClose={() => setDialog(null)} onSaved={onChanged} />
      )}
      <DiscardModal opened={dialog === 'discard'} item={item} onClose={() => setDialog(null)} onDiscarded={onChanged} />
    </Group>
  );
}
