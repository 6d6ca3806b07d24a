import { Divider, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useMemo } from 'react';
import { acceptanceRequestInputSchema, type AcceptanceRequestInput } from '../../shared/acceptance-request';
import type { Contact, CustomerDetail } from '../../shared/domain';
import { useApi } from '../api/ApiContext';
import { zodResolver } from '../confirm/zodResolver';
import { DialogFooter, FormDialog, PersonFields } from '../forms/FormDialog';
import { useSaveDialog } from '../forms/useSaveDialog';
import { useLocale, useT, useTranslateAny } from '../i18n/useT';
import { countryOptions, languageOptions } from '../newCustomer/countries';
import { REQUEST_FIELDS, requestFormDefaults, usualLanguage, type RequestFormValues } from './requestForm';

type Props = {
  opened: boolean;
  customer: CustomerDetail;
  onClose: () => void;
  onSaved: (customer: CustomerDetail) => void;
  /** Why the dialog is asked for, when it is not the plain "Request acceptance" (e.g. before an order). */
  intro?: string;
  /** Who signs, when not the primary contact. */
  signatory?: Contact | null;
};

/**
 * "Request customer acceptance": who signs and what Microsoft's page shows them, checked with the
 * schema the core uses. Saved to the queue (offline too); the core creates the request at Partner
 * Center and the account panel then shows the link to pass on.
 */
export function RequestAcceptanceModal({ opened, customer, onClose, onSaved, intro, signatory = null }: Props) {
  const t = useT();
  return (
    <FormDialog opened={opened} onClose={onClose} title={t('ui.request.title')}>
      <RequestForm customer={customer} onClose={onClose} onSaved={onSaved} intro={intro ?? t('ui.request.intro', { company: customer.companyName })} signatory={signatory} />
    </FormDialog>
  );
}

function RequestForm({ customer, onClose, onSaved, intro, signatory }: Omit<Props, 'opened' | 'intro'> & { intro: string }) {
  const t = useT();
  const tr = useTranslateAny();
  const locale = useLocale();
  const api = useApi();
  const form = useForm<RequestFormValues>({
    mode: 'controlled',
    initialValues: requestFormDefaults(customer, signatory),
    validate: zodResolver<RequestFormValues>(acceptanceRequestInputSchema, tr),
    validateInputOnBlur: true,
  });
  // The customer may still be being read when the dialog opens (opening a customer reads its
  // contact, address and language in the background): fill in what arrives, in the fields the
  // operator has not touched yet.
  const defaults = useMemo(() => requestFormDefaults(customer, signatory), [customer, signatory]);
  useEffect(() => {
    for (const field of REQUEST_FIELDS) {
      if (!form.isTouched(field) && form.getValues()[field] === '' && defaults[field] !== '') form.setFieldValue(field, defaults[field]);
    }
    // The form is the same for the dialog's life: only new defaults matter here.
  }, [defaults]);
  const { country, language } = form.values;
  const countries = useMemo(() => countryOptions(locale, country), [locale, country]);
  const languages = useMemo(() => languageOptions(locale, language), [locale, language]);
  const { saving, submit } = useSaveDialog<AcceptanceRequestInput, CustomerDetail>({
    save: async (request) => {
      const result = await api.requestAcceptance({ customerId: customer.id, request });
      return result.ok ? { ok: true, value: result.value.customer } : result;
    },
    onSaved,
    onClose,
    messages: { savedOnline: 'ui.request.savedOnline', savedOffline: 'ui.request.savedOffline', failed: 'ui.request.failed' },
    prefix: 'request',
    fields: REQUEST_FIELDS,
    setErrors: form.setErrors,
  });

  return (
    <form
      onSubmit={form.onSubmit((values) => {
        const parsed = acceptanceRequestInputSchema.safeParse(values);
        if (parsed.success) void submit(parsed.data);
      })}
      noValidate
      data-testid="request-form"
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
        <Divider label={t('ui.request.signatory')} labelPosition="left" />
        <Text size="xs" c="dimmed" mt={-8}>
          {t('ui.request.signatoryHint')}
        </Text>
        <PersonFields inputProps={(field) => form.getInputProps(field)} />
        <Divider label={t('ui.request.pageSection')} labelPosition="left" mt="xs" />
        <TextInput label={t('ui.request.companyName')} withAsterisk maxLength={256} dir="auto" {...form.getInputProps('companyName')} />
        <SimpleGrid cols={2} spacing="md">
          <Select
            label={t('ui.request.country')}
            placeholder={t('ui.request.countryPlaceholder')}
            withAsterisk
            searchable
            allowDeselect={false}
            data={countries}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('country')}
            onChange={(value) => {
              const next = value ?? '';
              form.setFieldValue('country', next);
              // As in the new-customer wizard: the language follows the country; it stays editable.
              if (next) form.setFieldValue('language', usualLanguage(next));
            }}
          />
          <Select
            label={t('ui.request.language')}
            description={t('ui.request.languageHint')}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            withAsterisk
            searchable
            allowDeselect={false}
            data={languages}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('language')}
            onChange={(value) => form.setFieldValue('language', value ?? '')}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('ui.request.note')}
        </Text>
        <DialogFooter onCancel={onClose} saving={saving} submitLabel={t('ui.request.create')} />
      </Stack>
    </form>
  );
}
