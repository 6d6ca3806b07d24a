import { SimpleGrid, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconCalendar } from '@tabler/icons-react';
import { useState } from 'react';
import { activityRangeSchema, type ActivityRange } from '../../shared/activity-log';
import { localToday } from '../../shared/validation';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { zodResolver } from '../confirm/zodResolver';
import { fieldErrorsOf } from '../forms/fieldErrors';
import { DialogFooter, FormDialog } from '../forms/FormDialog';
import { useT, useTranslateAny } from '../i18n/useT';

type FormValues = { from: string; to: string };
const FIELDS = ['from', 'to'] as const;

/** Empty fields are no bound. */
const rangeOf = (values: FormValues): ActivityRange => ({ ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}) });
const schema = activityRangeSchema;

/**
 * Saves a file the way a page can, in the Electron shell (its save dialog) and in a browser (its
 * downloads) alike: a link to the text as a blob, clicked.
 */
function saveFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the click has been handled (the download holds its own copy by then).
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "Export…": the days to export (both optional), then the CSV saved as a file. */
export function ExportActivityModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <FormDialog opened={opened} onClose={onClose} title={t('ui.activity.export.title')} size="md">
      <ExportForm onClose={onClose} />
    </FormDialog>
  );
}

function ExportForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const tr = useTranslateAny();
  const api = useApi();
  const notifyError = useNotifyError();
  const [saving, setSaving] = useState(false);
  const today = localToday();
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: { from: '', to: '' },
    validate: (values) => zodResolver<ActivityRange>(schema, tr)(rangeOf(values)),
  });

  const submit = async (values: FormValues) => {
    if (saving) return;
    setSaving(true);
    const result = await api.exportActivity(rangeOf(values));
    setSaving(false);
    if (!result.ok) {
      const errors = fieldErrorsOf(result.error, tr, { only: FIELDS });
      if (Object.keys(errors).length > 0) form.setErrors(errors);
      else notifyError('ui.activity.export.failed', result.error);
      return;
    }
    saveFile(result.value.fileName, result.value.csv, 'text/csv;charset=utf-8');
    onClose();
    notifications.show({ color: 'teal', message: t('ui.activity.export.done', { file: result.value.fileName, count: result.value.entries }) });
  };

  const dateInput = (field: keyof FormValues, label: string) => (
    <DatePickerInput
      label={label}
      clearable
      leftSection={<IconCalendar size={16} stroke={1.6} />}
      maxDate={today}
      valueFormat="D MMM YYYY"
      popoverProps={{ withinPortal: true }}
      {...form.getInputProps(field)}
      value={form.values[field] || null}
      onChange={(value) => form.setFieldValue(field, value ?? '')}
    />
  );

  return (
    <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('ui.activity.export.intro')}
        </Text>
        <SimpleGrid cols={2} spacing="md">
          {dateInput('from', t('ui.activity.export.from'))}
          {dateInput('to', t('ui.activity.export.to'))}
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('ui.activity.export.daysHint')}
        </Text>
        <DialogFooter onCancel={onClose} saving={saving} submitLabel={t('ui.activity.export.submit')} />
      </Stack>
    </form>
  );
}
