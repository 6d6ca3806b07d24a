import { Alert, Button, Checkbox, Group, Loader, Modal, Paper, Select, SimpleGrid, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendar, IconCheck, IconPencil, IconUser, IconX } from '@tabler/icons-react';
import { memo, useMemo, useState } from 'react';
import type { ConfirmationMethod, QueueItem } from '../../shared/domain';
import { DOMAIN_SUFFIX, newCustomerSchema, requiresRegistration, type NewCustomerInput } from '../../shared/new-customer';
import { localToday } from '../../shared/validation';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { Fact, FactList } from '../common/Fact';
import { zodResolver } from '../confirm/zodResolver';
import { fieldErrorsOf, refusedFieldsOf } from '../forms/fieldErrors';
import { useFormat, useLocale, useT, useTranslateAny } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { useLiveStatus } from '../status/LiveStatusProvider';
import { countryOptions, cultureFor, cultureOptions, languageOptions } from './countries';
import { useDomainCheck, type DomainCheck } from './useDomainCheck';

type Person = { firstName: string; lastName: string; email: string; phone: string };
export type WizardValues = {
  company: {
    name: string;
    domainPrefix: string;
    addressLine1: string;
    addressLine2: string;
    city: string;
    state: string;
    postalCode: string;
    country: string;
    culture: string;
    language: string;
    phone: string;
    registrationNumber: string;
  };
  contact: Person;
  /**
   * Partner confirmation: `accepted`, its date and who (`someoneElse` → `acceptedBy`). Customer
   * acceptance request (the profile's method): `ask`, and who signs (`someoneElse` → `request.signatory`).
   */
  mca: { accepted: boolean; dateAgreed: string; someoneElse: boolean; acceptedBy: Person; ask: boolean; request: { signatory: Person } };
};

const emptyPerson: Person = { firstName: '', lastName: '', email: '', phone: '' };
const STEPS = ['company', 'contact', 'mca'] as const;
const REVIEW = STEPS.length;

/**
 * The form's strings as the contract's input: empty optional fields left out, the accepting person
 * (or the signatory) null for the primary contact. With the method "customer acceptance" the MCA
 * part is a request for the customer to accept once created, or nothing.
 */
export function toNewCustomerInput(values: WizardValues, method: ConfirmationMethod = 'partner-confirmation'): unknown {
  const opt = (v: string) => (v.trim() === '' ? undefined : v);
  const person = (p: Person) => ({ firstName: p.firstName, lastName: p.lastName, email: p.email, phone: opt(p.phone) });
  const c = values.company;
  return {
    company: {
      name: c.name,
      domainPrefix: c.domainPrefix,
      addressLine1: c.addressLine1,
      addressLine2: opt(c.addressLine2),
      city: c.city,
      state: opt(c.state),
      postalCode: opt(c.postalCode),
      country: c.country,
      culture: c.culture,
      language: c.language,
      phone: opt(c.phone),
      registrationNumber: requiresRegistration(c.country) ? opt(c.registrationNumber) : undefined,
    },
    contact: person(values.contact),
    mca:
      method === 'customer-acceptance'
        ? values.mca.ask
          ? { accepted: false, request: { signatory: values.mca.someoneElse ? person(values.mca.request.signatory) : null } }
          : { accepted: false }
        : values.mca.accepted
          ? { accepted: true, dateAgreed: values.mca.dateAgreed, acceptedBy: values.mca.someoneElse ? person(values.mca.acceptedBy) : null }
          : { accepted: false },
  };
}

function initialValues(item: QueueItem | null): WizardValues {
  // Editing a refused new customer starts from everything the operator entered.
  const saved = item?.newCustomer?.input;
  const country = saved?.company.country ?? '';
  const culture = saved?.company.culture ?? (country ? cultureFor(country) : '');
  return {
    company: {
      name: saved?.company.name ?? '',
      domainPrefix: saved?.company.domainPrefix ?? '',
      addressLine1: saved?.company.addressLine1 ?? '',
      addressLine2: saved?.company.addressLine2 ?? '',
      city: saved?.company.city ?? '',
      state: saved?.company.state ?? '',
      postalCode: saved?.company.postalCode ?? '',
      country,
      culture,
      language: saved?.company.language ?? culture.slice(0, 2),
      phone: saved?.company.phone ?? '',
      registrationNumber: saved?.company.registrationNumber ?? '',
    },
    contact: saved ? { ...emptyPerson, ...saved.contact, phone: saved.contact.phone ?? '' } : { ...emptyPerson },
    mca: { accepted: false, dateAgreed: localToday(), someoneElse: false, acceptedBy: { ...emptyPerson }, ask: true, request: { signatory: { ...emptyPerson } } },
  };
}

type Props = {
  opened: boolean;
  onClose: () => void;
  /** A create-customer item that needs attention: the wizard edits it and sends it again. */
  editItem?: QueueItem | null;
};

/** "New customer": company, primary contact, the Microsoft Customer Agreement, review, create. */
export const NewCustomerWizard = memo(function NewCustomerWizard({ opened, onClose, editItem = null }: Props) {
  const t = useT();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editItem ? t('ui.newCustomer.editTitle') : t('ui.newCustomer.title')}
      size={880}
      padding="xl"
      closeOnClickOutside={false}
    >
      {opened && <Wizard onClose={onClose} editItem={editItem} />}
    </Modal>
  );
});

function Wizard({ onClose, editItem }: { onClose: () => void; editItem: QueueItem | null }) {
  const t = useT();
  const tr = useTranslateAny();
  const api = useApi();
  const notifyError = useNotifyError();
  const { connectivity } = useLiveStatus();
  const { session } = useSession();
  // The method as the wizard opened; the MCA step and what is sent follow it.
  const [method] = useState(session.confirmationMethod);
  const schema = useMemo(() => newCustomerSchema(() => localToday()), []);
  const resolver = useMemo(() => zodResolver<unknown>(schema, tr), [schema, tr]);
  const [active, setActive] = useState(0);
  const [saving, setSaving] = useState(false);
  const refusedAtStart = refusedFieldsOf(editItem?.lastError ?? null);
  const [refused, setRefused] = useState<string[]>(refusedAtStart);

  const form = useForm<WizardValues>({
    mode: 'controlled',
    initialValues: initialValues(editItem),
    validate: (values) => resolver(toNewCustomerInput(values, method)),
    validateInputOnBlur: true,
  });
  const domain = useDomainCheck(form.values.company.domainPrefix);

  /** Errors of one step (or all), shown at their fields; true when there are none. */
  const checkStep = (step: number | 'all'): boolean => {
    const all = resolver(toNewCustomerInput(form.values, method));
    // The schema's country rule runs only once every other field parses; say it at once.
    const c = form.values.company;
    if (requiresRegistration(c.country)) {
      if (!c.registrationNumber.trim()) all['company.registrationNumber'] ??= tr('validation.registrationNumber.required');
      if (!c.phone.trim()) all['company.phone'] ??= tr('validation.companyPhone.required');
    }
    if (domain.state === 'taken') all['company.domainPrefix'] ??= t('ui.newCustomer.domainTaken', { domain: domain.domain });
    const prefix = step === 'all' ? '' : `${STEPS[step]}.`;
    const mine = Object.fromEntries(Object.entries(all).filter(([path]) => path.startsWith(prefix)));
    form.setErrors({ ...form.errors, ...mine });
    if (Object.keys(mine).length === 0) return true;
    if (step === 'all') {
      const first = STEPS.findIndex((s) => Object.keys(mine).some((p) => p.startsWith(`${s}.`)));
      if (first >= 0) setActive(first);
    }
    return false;
  };

  const next = () => {
    if (active < REVIEW && checkStep(active)) setActive(active + 1);
  };

  const create = async () => {
    if (saving || !checkStep('all')) return;
    const parsed = schema.safeParse(toNewCustomerInput(form.values, method));
    if (!parsed.success) return;
    const input: NewCustomerInput = parsed.data;
    setSaving(true);
    const online = connectivity?.online ?? false;
    const result = editItem ? await api.editNewCustomer({ queueItemId: editItem.id, customer: input }) : await api.createCustomer(input);
    setSaving(false);
    const company = input.company.name;
    if (result.ok) {
      onClose();
      notifications.show({
        color: 'teal',
        message: editItem
          ? t('ui.newCustomer.edited', { company })
          : online
            ? t('ui.newCustomer.savedOnline', { company })
            : t('ui.newCustomer.savedOffline', { company }),
      });
      return;
    }
    // editNewCustomer wraps the input in `customer`; createCustomer takes it as it is.
    const errors = fieldErrorsOf(result.error, tr, { prefix: 'customer' });
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      setRefused(result.error.details?.fields ?? []);
      const first = STEPS.findIndex((s) => Object.keys(errors).some((p) => p.startsWith(`${s}.`)));
      if (first >= 0) setActive(first);
    } else notifyError(editItem ? 'ui.newCustomer.failed' : 'ui.newCustomer.failed', result.error);
  };

  const stepHasError = (step: number) => Object.keys(form.errors).some((p) => p.startsWith(`${STEPS[step]}.`));

  return (
    <Stack gap="lg">
      {editItem && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} p="sm">
          <Text size="sm">{t('ui.newCustomer.editIntro')}</Text>
          {editItem.lastError && (
            <Text size="sm" c="dimmed" mt={4}>
              {tr(editItem.lastError.message)}
            </Text>
          )}
          {refused.length > 0 && (
            <Text size="sm" mt={4}>
              {t('ui.newCustomer.editFields', { fields: refused.join(', ') })}
            </Text>
          )}
        </Alert>
      )}
      <Stepper active={active} onStepClick={(step) => step < active && setActive(step)} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('ui.newCustomer.step.company')} description={t('ui.newCustomer.step.companyHint')} color={stepHasError(0) ? 'red' : undefined}>
          <CompanyStep form={form} domain={domain} />
        </Stepper.Step>
        <Stepper.Step label={t('ui.newCustomer.step.contact')} description={t('ui.newCustomer.step.contactHint')} color={stepHasError(1) ? 'red' : undefined}>
          <ContactStep form={form} />
        </Stepper.Step>
        <Stepper.Step label={t('ui.newCustomer.step.mca')} description={t('ui.newCustomer.step.mcaHint')} color={stepHasError(2) ? 'red' : undefined}>
          {method === 'customer-acceptance' ? <RequestStep form={form} /> : <McaStep form={form} />}
        </Stepper.Step>
        <Stepper.Completed>
          <ReviewStep values={form.values} method={method} onEdit={setActive} />
        </Stepper.Completed>
      </Stepper>
      <Group justify="space-between" gap="sm">
        <Button variant="default" onClick={onClose} disabled={saving}>
          {t('ui.newCustomer.cancel')}
        </Button>
        <Group gap="sm">
          {active > 0 && (
            <Button variant="default" onClick={() => setActive(active - 1)} disabled={saving}>
              {t('ui.newCustomer.back')}
            </Button>
          )}
          {active < REVIEW ? (
            <Button onClick={next}>{t('ui.newCustomer.next')}</Button>
          ) : (
            <Button onClick={() => void create()} loading={saving}>
              {editItem ? t('ui.newCustomer.saveEdit') : t('ui.newCustomer.create')}
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}

type FormProps = { form: UseFormReturnType<WizardValues> };

function DomainStatus({ check }: { check: DomainCheck }) {
  const t = useT();
  if (check.state === 'idle') return null;
  const [icon, color, text] =
    check.state === 'checking'
      ? [<Loader key="l" size={12} />, 'dimmed', t('ui.newCustomer.domainChecking')]
      : check.state === 'free'
        ? [<IconCheck key="c" size={14} />, 'teal', t('ui.newCustomer.domainFree', { domain: check.domain })]
        : check.state === 'taken'
          ? [<IconX key="x" size={14} />, 'red', t('ui.newCustomer.domainTaken', { domain: check.domain })]
          : [<IconAlertTriangle key="a" size={14} />, 'orange', t('ui.newCustomer.domainUnknown')];
  return (
    <Group gap={4} wrap="nowrap" mt={4} data-testid="domain-status" data-state={check.state} aria-live="polite">
      <Text span c={color} style={{ display: 'flex' }} aria-hidden>
        {icon}
      </Text>
      <Text size="xs" c={color}>
        {text}
      </Text>
    </Group>
  );
}

function CompanyStep({ form, domain }: FormProps & { domain: DomainCheck }) {
  const t = useT();
  const locale = useLocale();
  const c = form.values.company;
  const countries = useMemo(() => countryOptions(locale), [locale]);
  const cultures = useMemo(() => cultureOptions(locale, c.culture), [locale, c.culture]);
  const languages = useMemo(() => languageOptions(locale, c.language), [locale, c.language]);
  const registration = c.country !== '' && requiresRegistration(c.country);
  const domainProps = form.getInputProps('company.domainPrefix');
  const domainError: unknown = domainProps.error ?? (domain.state === 'taken' ? t('ui.newCustomer.domainTaken', { domain: domain.domain }) : undefined);

  return (
    <Stack gap="sm" pt="md">
      <TextInput label={t('ui.newCustomer.companyName')} withAsterisk data-autofocus maxLength={256} dir="auto" {...form.getInputProps('company.name')} />
      <div>
        <TextInput
          label={t('ui.newCustomer.domain')}
          description={t('ui.newCustomer.domainHint')}
          withAsterisk
          spellCheck={false}
          autoComplete="off"
          maxLength={27}
          rightSection={<Text size="sm" c="dimmed" pr="sm">{DOMAIN_SUFFIX}</Text>}
          rightSectionWidth={150}
          rightSectionPointerEvents="none"
          {...domainProps}
          error={domainError as string | undefined}
        />
        {domainError ? (
          <span data-testid="domain-status" data-state={domain.state} hidden />
        ) : (
          <DomainStatus check={domain} />
        )}
      </div>
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label={t('ui.newCustomer.addressLine1')} withAsterisk maxLength={200} dir="auto" {...form.getInputProps('company.addressLine1')} />
        <TextInput label={t('ui.newCustomer.addressLine2')} maxLength={200} dir="auto" {...form.getInputProps('company.addressLine2')} />
      </SimpleGrid>
      <SimpleGrid cols={3} spacing="sm">
        <TextInput label={t('ui.newCustomer.city')} withAsterisk maxLength={100} dir="auto" {...form.getInputProps('company.city')} />
        <TextInput label={t('ui.newCustomer.state')} maxLength={2} {...form.getInputProps('company.state')} />
        <TextInput label={t('ui.newCustomer.postalCode')} maxLength={20} {...form.getInputProps('company.postalCode')} />
      </SimpleGrid>
      <SimpleGrid cols={3} spacing="sm">
        <Select
          label={t('ui.newCustomer.country')}
          placeholder={t('ui.newCustomer.countryPlaceholder')}
          withAsterisk
          searchable
          allowDeselect={false}
          data={countries}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('company.country')}
          onChange={(value) => {
            const country = value ?? '';
            const culture = cultureFor(country);
            form.setFieldValue('company.country', country);
            form.setFieldValue('company.culture', culture);
            form.setFieldValue('company.language', culture.slice(0, 2));
          }}
        />
        <Select
          label={t('ui.newCustomer.culture')}
          withAsterisk
          searchable
          allowDeselect={false}
          data={cultures}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('company.culture')}
        />
        <Select
          label={t('ui.newCustomer.language')}
          withAsterisk
          searchable
          allowDeselect={false}
          data={languages}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('company.language')}
        />
      </SimpleGrid>
      {registration && (
        <Text size="xs" c="dimmed" data-testid="registration-hint">
          {t('ui.newCustomer.registrationHint')}
        </Text>
      )}
      <SimpleGrid cols={2} spacing="sm">
        <TextInput
          label={registration ? t('ui.newCustomer.phone') : t('ui.newCustomer.phoneOptional')}
          withAsterisk={registration}
          type="tel"
          {...form.getInputProps('company.phone')}
        />
        {registration && (
          <TextInput label={t('ui.newCustomer.registrationNumber')} withAsterisk maxLength={50} {...form.getInputProps('company.registrationNumber')} />
        )}
      </SimpleGrid>
    </Stack>
  );
}

function PersonFields({ form, path, autofocus }: FormProps & { path: 'contact' | 'mca.acceptedBy' | 'mca.request.signatory'; autofocus?: boolean }) {
  const t = useT();
  return (
    <Stack gap="sm">
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label={t('ui.confirm.firstName')} withAsterisk maxLength={60} dir="auto" data-autofocus={autofocus || undefined} autoComplete="off" {...form.getInputProps(`${path}.firstName`)} />
        <TextInput label={t('ui.confirm.lastName')} withAsterisk maxLength={60} dir="auto" autoComplete="off" {...form.getInputProps(`${path}.lastName`)} />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label={t('ui.confirm.email')} withAsterisk type="email" autoComplete="off" {...form.getInputProps(`${path}.email`)} />
        <TextInput label={t('ui.confirm.phone')} type="tel" autoComplete="off" {...form.getInputProps(`${path}.phone`)} />
      </SimpleGrid>
    </Stack>
  );
}

function ContactStep({ form }: FormProps) {
  const t = useT();
  return (
    <Stack gap="sm" pt="md">
      <Text size="sm" c="dimmed">
        {t('ui.newCustomer.contactIntro')}
      </Text>
      <PersonFields form={form} path="contact" autofocus />
    </Stack>
  );
}

function personLine(p: Person): string {
  return `${p.firstName} ${p.lastName}`.trim();
}

function McaStep({ form }: FormProps) {
  const t = useT();
  const mca = form.values.mca;
  const today = localToday();
  const dateProps = form.getInputProps('mca.dateAgreed');
  return (
    <Stack gap="md" pt="md">
      <Checkbox
        label={t('ui.newCustomer.accepted')}
        description={t('ui.newCustomer.acceptedHint')}
        data-autofocus
        {...form.getInputProps('mca.accepted', { type: 'checkbox' })}
      />
      {mca.accepted && (
        <>
          <DatePickerInput
            label={t('ui.newCustomer.dateAgreed')}
            withAsterisk
            maw={280}
            leftSection={<IconCalendar size={16} stroke={1.6} />}
            maxDate={today}
            minDate="2017-01-01"
            valueFormat="D MMM YYYY"
            popoverProps={{ withinPortal: true }}
            {...dateProps}
            value={mca.dateAgreed || null}
            onChange={(value) => form.setFieldValue('mca.dateAgreed', value ?? '')}
          />
          <PersonChoice form={form} label={t('ui.newCustomer.acceptedBy')} path="mca.acceptedBy" testId="accepted-by" />
        </>
      )}
    </Stack>
  );
}

/**
 * The person of the MCA step: the primary contact by default, with "Update" to name someone else
 * (the partner confirmation's accepting person, or the acceptance request's signatory).
 */
function PersonChoice({ form, label, path, testId }: FormProps & { label: string; path: 'mca.acceptedBy' | 'mca.request.signatory'; testId: string }) {
  const t = useT();
  const mca = form.values.mca;
  const contact = form.values.contact;
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" align="flex-start" miw={0}>
          <IconUser size={18} style={{ flexShrink: 0, marginTop: 2, color: 'var(--mantine-color-dimmed)' }} aria-hidden />
          <Stack gap={0} miw={0}>
            <Text size="xs" c="dimmed" fw={500}>
              {label}
            </Text>
            {mca.someoneElse ? (
              <Text size="sm" c="dimmed">
                {t('ui.newCustomer.acceptedBySomeoneElse')}
              </Text>
            ) : (
              <>
                <Text size="sm" fw={500} dir="auto" data-testid={testId}>
                  {personLine(contact)}
                </Text>
                <Text size="sm" c="dimmed" truncate="end">
                  {contact.email} · {t('ui.newCustomer.acceptedByPrimary')}
                </Text>
              </>
            )}
          </Stack>
        </Group>
        {mca.someoneElse ? (
          <Button variant="subtle" size="xs" onClick={() => form.setFieldValue('mca.someoneElse', false)}>
            {t('ui.newCustomer.usePrimary')}
          </Button>
        ) : (
          <Button variant="default" size="xs" leftSection={<IconPencil size={14} />} onClick={() => form.setFieldValue('mca.someoneElse', true)}>
            {t('ui.newCustomer.update')}
          </Button>
        )}
      </Group>
      {mca.someoneElse && (
        <Stack mt="md">
          <PersonFields form={form} path={path} autofocus />
        </Stack>
      )}
    </Paper>
  );
}

/**
 * The MCA step when the profile asks customers to accept themselves: "Ask the customer to accept
 * the Microsoft Customer Agreement once created", the signatory defaulting to the primary contact.
 */
function RequestStep({ form }: FormProps) {
  const t = useT();
  return (
    <Stack gap="md" pt="md">
      <Checkbox label={t('ui.newCustomer.ask')} description={t('ui.newCustomer.askHint')} data-autofocus {...form.getInputProps('mca.ask', { type: 'checkbox' })} />
      {form.values.mca.ask && <PersonChoice form={form} label={t('ui.newCustomer.signatory')} path="mca.request.signatory" testId="signatory" />}
    </Stack>
  );
}

function ReviewStep({ values, method, onEdit }: { values: WizardValues; method: ConfirmationMethod; onEdit: (step: number) => void }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const c = values.company;
  const countryName = countryOptions(locale).find((o) => o.value === c.country)?.label ?? c.country;
  const accepter = values.mca.someoneElse ? values.mca.acceptedBy : values.contact;
  const signatory = values.mca.someoneElse ? values.mca.request.signatory : values.contact;
  const section = (title: string, step: number, children: React.ReactNode) => (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Button variant="subtle" size="compact-xs" onClick={() => onEdit(step)}>
          {t('ui.newCustomer.review.edit')}
        </Button>
      </Group>
      {children}
    </Paper>
  );
  return (
    <Stack gap="sm" pt="md" data-testid="new-customer-review">
      {section(
        t('ui.newCustomer.review.company'),
        0,
        <FactList>
          <Fact label={t('ui.newCustomer.companyName')}>
            <span dir="auto">{c.name}</span>
          </Fact>
          <Fact label={t('ui.newCustomer.domain')}>{`${c.domainPrefix.trim().toLowerCase()}${DOMAIN_SUFFIX}`}</Fact>
          <Fact label={t('ui.newCustomer.review.address')}>
            <span dir="auto">{[c.addressLine1, c.addressLine2, [c.postalCode, c.city, c.state].filter(Boolean).join(' '), countryName].filter((x) => x.trim() !== '').join(', ')}</span>
          </Fact>
          <Fact label={`${t('ui.newCustomer.culture')} · ${t('ui.newCustomer.language')}`}>{`${c.culture} · ${c.language}`}</Fact>
          {c.phone && <Fact label={t('ui.newCustomer.phoneOptional')}>{c.phone}</Fact>}
          {requiresRegistration(c.country) && <Fact label={t('ui.newCustomer.registrationNumber')}>{c.registrationNumber}</Fact>}
        </FactList>,
      )}
      {section(
        t('ui.newCustomer.review.contact'),
        1,
        <Text size="sm">
          <span dir="auto">{personLine(values.contact)}</span>
          <Text span c="dimmed" size="sm">
            {' '}
            · {values.contact.email}
            {values.contact.phone ? ` · ${values.contact.phone}` : ''}
          </Text>
        </Text>,
      )}
      {section(
        t('ui.newCustomer.review.mca'),
        2,
        <Text size="sm" data-testid="review-mca">
          {method === 'customer-acceptance'
            ? values.mca.ask
              ? t('ui.newCustomer.review.requested', { person: `${personLine(signatory)} (${signatory.email})` })
              : t('ui.newCustomer.review.notRequested')
            : values.mca.accepted
              ? t('ui.newCustomer.review.acceptedOn', { date: values.mca.dateAgreed ? format.date(values.mca.dateAgreed) : '', person: `${personLine(accepter)} (${accepter.email})` })
              : t('ui.newCustomer.review.notAccepted')}
        </Text>,
      )}
      <Text size="xs" c="dimmed">
        {t('ui.newCustomer.review.note')}
      </Text>
    </Stack>
  );
}
