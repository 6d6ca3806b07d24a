import { Button, Group, Tooltip, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconRotateClockwise, IconSend, IconTrash } from '@tabler/icons-react';
import { useState, type ReactElement } from 'react';
import type { QueueItem } from '../../shared/domain';
import { actionsFor } from '../../shared/queue-actions';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { EditAndRetryModal } from '../confirm/ConfirmAcceptanceModal';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { DiscardModal } from './DiscardModal';
import { NewCustomerWizard } from '../newCustomer/NewCustomerWizard';


type Props = {
  item: QueueItem;
  size?: ButtonProps['size'];
  /** Let the buttons wrap (a narrow table column). */
  wrap?: boolean;
  /** Called with the item as the core answered after an action. */
  onChanged?: (item: QueueItem) => void;
};

/**
 * "Edit and retry", "Retry" and "Discard…" for one queue item, with their dialogs. Used by the
 * Sync queue rows and by the account panel's pending item, so both behave the same.
 */
export function ItemActions({ item, size = 'xs', wrap = false, onChanged }: Props) {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const { session } = useSession();
  const [dialog, setDialog] = useState<'edit' | 'discard' | null>(null);
  const [busy, setBusy] = useState<'retry' | 'send-anyway' | null>(null);
  // The one rule the core enforces too (src/shared/queue-actions.ts).
  const allowed = actionsFor(item);
  if (!allowed.retry && !allowed.edit && !allowed.discard && !allowed['send-anyway']) return null;

  const guard = (button: ReactElement) =>
    session.canConfirm ? (
      button
    ) : (
      <Tooltip label={t('ui.mca.cannotConfirm')} multiline w={260}>
        <span>{button}</span>
      </Tooltip>
    );

  const retry = async () => {
    setBusy('retry');
    const result = await api.retryItem({ itemId: item.id });
    setBusy(null);
    if (result.ok) {
      onChanged?.(result.value);
      notifications.show({ color: 'teal', message: t('ui.itemActions.retried', { company: item.companyName }) });
    } else notifyError('ui.itemActions.retryFailed', result.error);
  };

  const sendAnyway = async () => {
    setBusy('send-anyway');
    const result = await api.sendAnyway({ itemId: item.id });
    setBusy(null);
    if (result.ok) {
      onChanged?.(result.value);
      notifications.show({ color: 'teal', message: t('ui.itemActions.sentAnyway', { company: item.companyName }) });
    } else notifyError('ui.itemActions.sendAnywayFailed', result.error);
  };

  return (
    <Group gap={6} wrap={wrap ? 'wrap' : 'nowrap'} data-testid="item-actions">
      {allowed.edit &&
        guard(
          <Button size={size} variant="filled" leftSection={<IconPencil size={14} />} disabled={!session.canConfirm} onClick={() => setDialog('edit')}>
            {t('ui.itemActions.editAndRetry')}
          </Button>,
        )}
      {allowed.retry &&
        guard(
          <Button
            size={size}
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
        <EditAndRetryModal opened={dialog === 'edit'} item={item} onClose={() => setDialog(null)} onSaved={onChanged} />
      )}
      <DiscardModal opened={dialog === 'discard'} item={item} onClose={() => setDialog(null)} onDiscarded={onChanged} />
    </Group>
  );
}
