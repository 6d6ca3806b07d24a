import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { calls } from '../../shared/contract';
import type { QueueItem } from '../../shared/domain';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { zodResolver } from '../confirm/zodResolver';
import { fieldErrorsOf } from '../forms/fieldErrors';
import { useFormat, useT, useTranslateAny } from '../i18n/useT';

/** The contract's own rule for a reason (3–500 characters), its messages translation keys. */
const reasonSchema = calls.discardItem.input.pick({ reason: true });

type Props = { opened: boolean; item: QueueItem; onClose: () => void; onDiscarded?: (item: QueueItem) => void };

/** "Discard…": a confirmation that will not be sent, with the operator's reason kept in Activity. */
export function DiscardModal({ opened, item, onClose, onDiscarded }: Props) {
  const t = useT();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={item.kind === 'create-customer' ? t('ui.discard.titleNewCustomer') : item.kind === 'acceptance-request' ? t('ui.discard.titleRequest') : t('ui.discard.title')}
      size="md"
      padding="xl"
    >
      {opened && <DiscardForm item={item} onClose={onClose} onDiscarded={onDiscarded} />}
    </Modal>
  );
}

function DiscardForm({ item, onClose, onDiscarded }: Omit<Props, 'opened'>) {
  const t = useT();
  const tr = useTranslateAny();
  const format = useFormat();
  const api = useApi();
  const notifyError = useNotifyError();
  const [saving, setSaving] = useState(false);
  const form = useForm<{ reason: string }>({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: zodResolver<{ reason: string }>(reasonSchema, tr),
    validateInputOnBlur: true,
  });

  const submit = async ({ reason }: { reason: string }) => {
    if (saving) return;
    setSaving(true);
    const result = await api.discardItem({ itemId: item.id, reason: reason.trim() });
    setSaving(false);
    if (result.ok) {
      onDiscarded?.(result.value);
      onClose();
      notifications.show({
        color: 'gray',
        message:
          item.kind === 'create-customer'
            ? t('ui.discard.doneNewCustomer', { company: item.companyName })
            : item.kind === 'acceptance-request'
              ? t('ui.discard.doneRequest', { company: item.companyName })
              : t('ui.discard.done', { company: item.companyName }),
      });
      return;
    }
    const errors = fieldErrorsOf(result.error, tr, { only: ['reason'] });
    if (errors.reason) form.setFieldError('reason', errors.reason);
    else notifyError('ui.discard.failed', result.error);
  };

  return (
    <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {item.kind === 'create-customer'
            ? t('ui.discard.introNewCustomer', { company: item.companyName, domain: item.newCustomer?.domain ?? '' })
            : item.kind === 'acceptance-request'
              ? t('ui.discard.introRequest', { company: item.companyName, person: `${item.contact.firstName} ${item.contact.lastName}` })
              : t('ui.discard.intro', {
                company: item.companyName,
                person: `${item.contact.firstName} ${item.contact.lastName}`,
                date: item.dateAgreed ? format.date(item.dateAgreed) : '',
              })}
        </Text>
        <Textarea
          label={t('ui.discard.reason')}
          description={t('ui.discard.reasonHint')}
          withAsterisk
          data-autofocus
          autosize
          minRows={3}
          maxRows={8}
          maxLength={500}
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t('ui.confirm.cancel')}
          </Button>
          <Button type="submit" color="red" loading={saving}>
            {t('ui.discard.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
