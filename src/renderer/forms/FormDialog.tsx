import { Button, Group, Modal, SimpleGrid, TextInput, type ModalProps } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import type { ReactNode } from 'react';
import { useT } from '../i18n/useT';

/*
 * What the dialogs that save a person for the queue share ("Confirm customer acceptance",
 * "Request customer acceptance", "Edit and retry"): the modal whose form starts afresh each time it
 * opens, the person's four fields, and the footer. Their saving is useSaveDialog.
 */

/** A modal whose content is mounted only while open, so its form starts from its initial values each time. */
export function FormDialog({ opened, onClose, title, size = 'lg', children }: { opened: boolean; onClose: () => void; title: string; size?: ModalProps['size']; children: ReactNode }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} padding="xl">
      {opened && children}
    </Modal>
  );
}

export type PersonField = 'firstName' | 'lastName' | 'email' | 'phone';

/**
 * First name, last name, email address and the optional phone number of a person (who accepted,
 * or who signs), labelled as Partner Center labels them. `besidePhone` shares the phone's row;
 * without it, the phone shares the email's.
 */
export function PersonFields({ inputProps, besidePhone, autofocus = true }: { inputProps: (field: PersonField) => GetInputPropsReturnType; besidePhone?: ReactNode; autofocus?: boolean }) {
  const t = useT();
  const email = <TextInput label={t('ui.confirm.email')} withAsterisk type="email" autoComplete="off" {...inputProps('email')} />;
  const phone = <TextInput label={t('ui.confirm.phone')} type="tel" autoComplete="off" {...inputProps('phone')} />;
  return (
    <>
      <SimpleGrid cols={2} spacing="md">
        <TextInput label={t('ui.confirm.firstName')} withAsterisk data-autofocus={autofocus || undefined} autoComplete="off" maxLength={60} dir="auto" {...inputProps('firstName')} />
        <TextInput label={t('ui.confirm.lastName')} withAsterisk autoComplete="off" maxLength={60} dir="auto" {...inputProps('lastName')} />
      </SimpleGrid>
      {besidePhone ? (
        <>
          {email}
          <SimpleGrid cols={2} spacing="md">
            {phone}
            {besidePhone}
          </SimpleGrid>
        </>
      ) : (
        <SimpleGrid cols={2} spacing="md">
          {email}
          {phone}
        </SimpleGrid>
      )}
    </>
  );
}

/** "Cancel" and the primary button, at the end of the dialog. */
export function DialogFooter({ onCancel, saving, submitLabel }: { onCancel: () => void; saving: boolean; submitLabel: string }) {
  const t = useT();
  return (
    <Group justify="flex-end" gap="sm" mt="xs">
      <Button variant="default" onClick={onCancel} disabled={saving}>
        {t('ui.confirm.cancel')}
      </Button>
      <Button type="submit" loading={saving}>
        {submitLabel}
      </Button>
    </Group>
  );
}
