import { Alert, Button, Group, Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { calls } from '../../shared/contract';
import { cloudSchema, environmentSchema, roleSchema, type Cloud, type Environment, type Profile, type Role } from '../../shared/domain';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { zodResolver } from '../confirm/zodResolver';
import { fieldErrorsOf } from '../forms/fieldErrors';
import { useT, useTranslateAny } from '../i18n/useT';

type SignInMode = 'automatic' | 'entra';
type Values = { name: string; cloud: Cloud; environment: Environment; partnerTenant: string; sandboxRole: Role; signInMode: SignInMode; clientId: string };

/**
 * The contract's own rule, plus: an account outside the built-in sandbox names its partner tenant
 * and the client id of its app registration (without one it could never sign in).
 */
const schema = calls.createProfile.input.superRefine((value, ctx) => {
  if (value.environment === 'built-in-sandbox') return;
  if (!value.partnerTenant) ctx.addIssue({ code: 'custom', path: ['partnerTenant'], message: 'validation.partnerTenant.required' });
  if (!value.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'ui.profile.clientIdRequired' });
});

type Props = { opened: boolean; onClose: () => void; onCreated: (profile: Profile) => void };

/** "New profile…": a cloud, an environment, and the partner account and app registration, or how the sandbox signs in. */
export function NewProfileModal({ opened, onClose, onCreated }: Props) {
  const t = useT();
  return (
    <Modal opened={opened} onClose={onClose} title={t('ui.profile.createTitle')} size="md" padding="xl">
      {opened && <NewProfileForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function NewProfileForm({ onClose, onCreated }: Omit<Props, 'opened'>) {
  const t = useT();
  const tr = useTranslateAny();
  const api = useApi();
  const notifyError = useNotifyError();
  const [saving, setSaving] = useState(false);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', cloud: 'public', environment: 'built-in-sandbox', partnerTenant: '', sandboxRole: 'AdminAgent', signInMode: 'automatic', clientId: '' },
    validate: (values) => zodResolver<unknown>(schema, tr)(toInput(values)),
    validateInputOnBlur: true,
  });
  const builtIn = form.values.environment === 'built-in-sandbox';

  const submit = async (values: Values) => {
    if (saving) return;
    setSaving(true);
    const result = await api.createProfile(toInput(values));
    setSaving(false);
    if (result.ok) {
      onClose();
      notifications.show({ color: 'teal', message: t('ui.profile.created', { name: result.value.name }) });
      onCreated(result.value);
      return;
    }
    const errors = fieldErrorsOf(result.error, tr);
    if (Object.keys(errors).length > 0) form.setErrors(errors);
    else notifyError('ui.profile.createFailed', result.error);
  };

  return (
    <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('ui.profile.createIntro')}
        </Text>
        <TextInput label={t('ui.profile.name')} placeholder={t('ui.profile.namePlaceholder')} withAsterisk data-autofocus maxLength={60} {...form.getInputProps('name')} />
        <Select
          label={t('ui.profile.cloud')}
          withAsterisk
          allowDeselect={false}
          data={cloudSchema.options.map((c) => ({ value: c, label: t(`ui.cloud.${c}`) }))}
          {...form.getInputProps('cloud')}
        />
        {form.values.cloud !== 'public' && (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} p="sm">
            <Text size="sm">{t('ui.profile.cloudNoMca')}</Text>
          </Alert>
        )}
        <Select
          label={t('ui.profile.environment')}
          withAsterisk
          allowDeselect={false}
          data={environmentSchema.options.map((e) => ({ value: e, label: t(`ui.environmentName.${e}`) }))}
          {...form.getInputProps('environment')}
        />
        {builtIn ? (
          <>
            <Radio.Group label={t('ui.profile.signInMode')} description={t('ui.profile.signInModeHint')} {...form.getInputProps('signInMode')}>
              <Stack gap="xs" mt="xs">
                {(['automatic', 'entra'] as const).map((mode) => (
                  <Radio key={mode} value={mode} label={t(`ui.profile.signInMode.${mode}`)} />
                ))}
              </Stack>
            </Radio.Group>
            {form.values.signInMode === 'automatic' && (
              <Select
                label={t('ui.profile.sandboxRole')}
                description={t('ui.profile.sandboxRoleHint')}
                allowDeselect={false}
                data={roleSchema.options.map((r) => ({ value: r, label: t(`ui.role.${r}`) }))}
                {...form.getInputProps('sandboxRole')}
              />
            )}
          </>
        ) : (
          <>
            <TextInput
              label={t('ui.profile.partnerTenant')}
              description={t('ui.profile.partnerTenantHint')}
              withAsterisk
              spellCheck={false}
              autoComplete="off"
              maxLength={255}
              {...form.getInputProps('partnerTenant')}
            />
            <TextInput
              label={t('ui.profile.clientId')}
              description={t('ui.profile.clientIdHint')}
              placeholder="00000000-0000-0000-0000-000000000000"
              withAsterisk
              spellCheck={false}
              autoComplete="off"
              maxLength={36}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...form.getInputProps('clientId')}
            />
          </>
        )}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose} disabled={saving}>
            {t('ui.confirm.cancel')}
          </Button>
          <Button type="submit" loading={saving}>
            {t('ui.profile.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Only what the chosen environment uses goes to the core. */
function toInput(values: Values) {
  const builtIn = values.environment === 'built-in-sandbox';
  return {
    name: values.name,
    cloud: values.cloud,
    environment: values.environment,
    ...(builtIn
      ? values.signInMode === 'entra'
        ? { signInMode: 'entra' as const }
        : { signInMode: 'automatic' as const, sandboxRole: values.sandboxRole }
      : { partnerTenant: values.partnerTenant.trim(), ...(values.clientId.trim() ? { clientId: values.clientId.trim() } : {}) }),
  };
}
