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

  return (
    <Group gap={6} wrap={wrap ? 'wrap' : 'nowrap'} data-testid="item-actions">
      {allowed['convert-to-request'] &&
        guard(
          <Button
            size={size}
            styles={styles}
            variant="filled"
            leftSection={<IconMailForward size={14} />}
            loading={busy === 'convert-to-request'}
            disabled={!session.canConfirm}
            onClick={() => void requestInstead()}
          >
            {t('ui.request.requestInstead')}
          </Button>,
        )}
      {allowed['send-new-request'] &&
        guard(
          <Button
            size={size}
            styles={styles}
            variant="filled"
            leftSection={<IconMailForward size={14} />}
            loading={busy === 'send-new-request'}
            disabled={!session.canConfirm}
            onClick={() => void sendNewRequest()}
          >
            {t('ui.request.sendNew')}
          </Button>,
        )}
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
      {allowed.edit &&
        guard(
          <Button size={size} styles={styles} variant="filled" leftSection={<IconPencil size={14} />} disabled={!session.canConfirm} onClick={() => setDialog('edit')}>
            {t('ui.itemActions.editAndRetry')}
          </Button>,
        )}
      {allowed.retry &&
        guard(
          <Button
            size={size}
            styles={styles}
            variant="default"
            leftSection={<IconRotateClockwise size={14} />}
            loading={busy === 'retry'}
            disabled={!session.canConfirm}
            onClick={() => void retry()}
          >
            {t('ui.itemActions.retry')}
          </Button>,
        )}
      {allowed['send-anyway'] &&
        guard(
          <Tooltip label={t('ui.itemActions.sendAnywayHint')} multiline w={300} disabled={!session.canConfirm}>
            <Button
              size={size}
              variant="light"
              leftSection={<IconSend size={14} />}
              loading={busy === 'send-anyway'}
              disabled={!session.canConfirm}
              onClick={() => void sendAnyway()}
            >
              {t('ui.itemActions.sendAnyway')}
            </Button>
          </Tooltip>,
        )}
      {allowed.discard &&
        guard(
          <Button
            size={size}
            styles={styles}
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            disabled={!session.canConfirm}
            onClick={() => setDialog('discard')}
          >
            {t('ui.itemActions.discard')}
          </Button>,
        )}
      {item.kind === 'create-customer' ? (
        <NewCustomerWizard opened={dialog === 'edit'} editItem={item} onClose={() => setDialog(null)} />
      ) : (
        allowed.edit && <EditAndRetryModal opened={dialog === 'edit'} item={item} onClose={() => setDialog(null)} onSaved={onChanged} />
      )}
      <DiscardModal opened={dialog === 'discard'} item={item} onClose={() => setDialog(null)} onDiscarded={onChanged} />
    </Group>
  );
}
