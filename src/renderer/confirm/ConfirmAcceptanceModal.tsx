import { Alert, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconCalendar, IconInfoCircle } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { Contact, CustomerDetail, QueueItem } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { acceptanceSchema, localToday, type AcceptanceInput } from '../../shared/validation';
import { useApi } from '../api/ApiContext';
import { DialogFooter, FormDialog, PersonFields } from '../forms/FormDialog';
import { useSaveDialog, type SaveMessages } from '../forms/useSaveDialog';
import { useFormat, useT, useTranslateAny } from '../i18n/useT';
import { zodResolver } from './zodResolver';

type FormValues = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  dateAgreed: string;
};

const FIELDS: ReadonlyArray<keyof FormValues> = ['firstName', 'lastName', 'email', 'phone', 'dateAgreed'];

type Props = {
  opened: boolean;
  customer: CustomerDetail;
  onClose: () => void;
  onSaved: (customer: CustomerDetail) => void;
  /** Why the dialog is asked for, when it is not the plain "Update" (e.g. before an order). */
  intro?: string;
};

/**
 * "Confirm customer acceptance": who accepted and when. Checked here with the same schema the
 * core uses; the core's own field errors land at the fields too. Saving is local and fast, so the
 * dialog closes at once and a notification says what happens next.
 */
export function ConfirmAcceptanceModal({ opened, customer, onClose, onSaved, intro }: Props) {
  const t = useT();
  const api = useApi();
  return (
    <AcceptanceDialog
      opened={opened}
      onClose={onClose}
      intro={intro ?? t('ui.confirm.intro', { company: customer.companyName })}
      onRecord={onRecordNotice(customer)}
      initial={{ contact: customer.primaryContact, dateAgreed: null }}
      save={async (acceptance) => {
        const result = await api.confirmAcceptance({ customerId: customer.id, acceptance });
        return result.ok ? { ok: true, value: result.value.customer } : result;
      }}
      onSaved={onSaved}
      messages={{ savedOnline: 'ui.confirm.savedOnline', savedOffline: 'ui.confirm.savedOffline', failed: 'ui.confirm.failed' }}
    />
  );
}

/**
 * What saving adds when the customer's acceptance is already on record (as the panel shows it):
 * a new acceptance record, the earlier one staying. Null when nothing is on record.
 */
function onRecordNotice(customer: CustomerDetail): { person: string; date: string } | 'direct' | null {
  const latest = customer.mca.partnerRecords[0];
  if (latest) return { person: `${latest.contact.firstName} ${latest.contact.lastName}`, date: latest.dateAgreed };
  return customer.mca.directlySigned ? 'direct' : null;
}

/**
 * "Edit and retry" for a confirmation Partner Center rejected: the same dialog, prefilled with
 * what was sent; saving replaces the details on the queue item (the earlier ones stay on record)
 * and puts it back in the queue.
 */
export function EditAndRetryModal({
  opened,
  item,
  onClose,
  onSaved,
}: {
  opened: boolean;
  item: QueueItem;
  onClose: () => void;
  onSaved?: (item: QueueItem) => void;
}) {
  const t = useT();
  const api = useApi();
  return (
    <AcceptanceDialog
      opened={opened}
      onClose={onClose}
      intro={t('ui.confirm.editIntro', { company: item.companyName })}
      initial={{ contact: item.contact, dateAgreed: item.dateAgreed }}
      save={(acceptance) => api.editAndRetryItem({ itemId: item.id, acceptance })}
      onSaved={(saved) => onSaved?.(saved)}
      messages={{ savedOnline: 'ui.confirm.retriedOnline', savedOffline: 'ui.confirm.retriedOffline', failed: 'ui.confirm.retryFailed' }}
    />
  );
}

type DialogProps<T> = {
  opened: boolean;
  onClose: () => void;
  /** One sentence under the title: whose acceptance this records. */
  intro: string;
  /** The acceptance already on record, if any: saving adds a new record beside it. */
  onRecord?: { person: string; date: string } | 'direct' | null;
  /** The accepting person (e.g. the primary contact) and date to start from; no date means today. */
  initial: { contact: Contact | null; dateAgreed: string | null };
  /** Saves the checked acceptance; field issues in its error land at the fields. */
  save: (acceptance: AcceptanceInput) => Promise<Result<T>>;
  onSaved: (value: T) => void;
  messages: SaveMessages;
};

/** The dialog titled "Confirm customer acceptance", whatever saving it means. */
function AcceptanceDialog<T>({ opened, onClose, ...form }: DialogProps<T>) {
  const t = useT();
  return (
    <FormDialog opened={opened} onClose={onClose} title={t('ui.confirm.title')}>
      <AcceptanceForm onClose={onClose} {...form} />
    </FormDialog>
  );
}

function AcceptanceForm<T>({ onClose, intro, onRecord = null, initial, save, onSaved, messages }: Omit<DialogProps<T>, 'opened'>) {
  const t = useT();
  const format = useFormat();
  const tr = useTranslateAny();
  const today = localToday();
  const schema = useMemo(() => acceptanceSchema(() => localToday()), []);
  const contact = initial.contact;

  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: {
      firstName: contact?.firstName ?? '',
      lastName: contact?.lastName ?? '',
      email: contact?.email ?? '',
      phone: contact?.phone ?? '',
      dateAgreed: initial.dateAgreed ?? today,
    },
    validate: zodResolver<FormValues>(schema, tr),
    validateInputOnBlur: true,
  });
  const { saving, submit } = useSaveDialog<AcceptanceInput, T>({ save, onSaved, onClose, messages, prefix: 'acceptance', fields: FIELDS, setErrors: form.setErrors });

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        const parsed = schema.safeParse(values);
        if (parsed.success) void submit(parsed.data);
      })}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
        {onRecord && (
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} data-testid="reconfirmation-notice">
            {onRecord === 'direct'
              ? t('ui.confirm.reconfirmDirect')
              : t('ui.confirm.reconfirm', { person: onRecord.person, date: format.date(onRecord.date) })}
          </Alert>
        )}
        <PersonFields
          inputProps={(field) => form.getInputProps(field)}
          besidePhone={
            <DatePickerInput
              label={t('ui.confirm.date')}
              withAsterisk
              leftSection={<IconCalendar size={16} stroke={1.6} />}
              maxDate={today}
              minDate="2017-01-01"
              valueFormat="D MMM YYYY"
              popoverProps={{ withinPortal: true }}
              {...form.getInputProps('dateAgreed')}
              value={form.values.dateAgreed || null}
              onChange={(value) => form.setFieldValue('dateAgreed', value ?? '')}
            />
          }
        />
        <Text size="xs" c="dimmed">
          {t('ui.confirm.note')}
        </Text>
        <DialogFooter onCancel={onClose} saving={saving} submitLabel={t('ui.confirm.save')} />
      </Stack>
    </form>
  );
}
