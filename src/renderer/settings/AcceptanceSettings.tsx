import { Alert, Badge, Button, Group, Paper, PasswordInput, Radio, Stack, Text, TextInput, Title, type MantineColor } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy, IconInfoCircle, IconKey, IconLock, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { calls } from '../../shared/contract';
import type { AppCredentialState, ConfirmationMethod } from '../../shared/domain';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { zodResolver } from '../confirm/zodResolver';
import { fieldErrorsOf } from '../forms/fieldErrors';
import { useT, useTranslateAny } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

const METHODS: readonly ConfirmationMethod[] = ['customer-acceptance', 'partner-confirmation'];

/**
 * "Confirmation method" of this profile: a customer acceptance request (what Partner Center
 * requires in production since 5 January 2026) or a partner confirmation (where it still accepts
 * one). Saved at once; the order prompt and the new-customer wizard offer the chosen method.
 */
export function ConfirmationMethodSection() {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const { session, adopt } = useSession();
  const [saving, setSaving] = useState<ConfirmationMethod | null>(null);
  const readOnly = !session.canConfirm;

  const choose = async (method: ConfirmationMethod) => {
    if (method === session.confirmationMethod) return;
    setSaving(method);
    const result = await api.setConfirmationMethod({ method });
    setSaving(null);
    if (result.ok) {
      adopt(result.value);
      notifications.show({ color: 'teal', message: t('ui.settings.methodSaved', { method: t(`ui.settings.method.${method}`) }) });
    } else notifyError('ui.settings.methodFailed', result.error);
  };

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="method-heading" data-testid="confirmation-method">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={3} id="method-heading">
            {t('ui.settings.methodSection')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('ui.settings.methodIntro')}
          </Text>
        </Stack>
        <Radio.Group value={saving ?? session.confirmationMethod} onChange={(value) => void choose(value as ConfirmationMethod)} aria-labelledby="method-heading">
          <Stack gap="sm">
            {METHODS.map((method) => (
              <Radio.Card key={method} value={method} radius="md" p="md" disabled={readOnly || saving !== null} data-method={method} style={{ cursor: readOnly ? 'not-allowed' : undefined }}>
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} disabled={readOnly} />
                  <Stack gap={2} miw={0}>
                    <Text size="sm" fw={600}>
                      {t(`ui.settings.method.${method}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`ui.settings.method.${method}Hint`)}
                    </Text>
                  </Stack>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
      </Stack>
    </Paper>
  );
}

const stateColor: Record<AppCredentialState['state'], MantineColor> = { 'built-in': 'gray', ready: 'green', missing: 'orange', refused: 'red' };

/** The contract's own rule for the web app id and key (a GUID, a non-empty key), its messages translation keys. */
const keySchema = calls.setWebAppKey.input;
type KeyValues = { webAppId: string; secret: string };

/**
 * "Web app for acceptance requests": Partner Center creates attestations for the partner's web app
 * only (app-only). The built-in sandbox provides one; otherwise the operator enters its id and a
 * key, which the core keeps in the OS's protected storage (or in memory only, where there is none).
 */
export function WebAppSection() {
  const t = useT();
  const tr = useTranslateAny();
  const api = useApi();
  const notifyError = useNotifyError();
  const { session, adopt } = useSession();
  const credential = session.appCredential;
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const readOnly = !session.canConfirm;
  const form = useForm<KeyValues>({
    mode: 'controlled',
    initialValues: { webAppId: credential.webAppId ?? session.profile.webAppId ?? '', secret: '' },
    validate: zodResolver<KeyValues>(keySchema, tr),
    validateInputOnBlur: ['webAppId'],
  });

  const save = async (values: KeyValues) => {
    setBusy('save');
    const result = await api.setWebAppKey({ webAppId: values.webAppId.trim(), secret: values.secret });
    setBusy(null);
    if (result.ok) {
      adopt(result.value);
      form.setFieldValue('secret', '');
      notifications.show({ color: 'teal', message: t('ui.settings.webAppSaved') });
      return;
    }
    const errors = fieldErrorsOf(result.error, tr, { only: ['webAppId', 'secret'] });
    if (Object.keys(errors).length > 0) form.setErrors(errors);
    else notifyError('ui.settings.webAppSaveFailed', result.error);
  };

  const remove = async () => {
    setBusy('remove');
    const result = await api.clearWebAppKey({});
    setBusy(null);
    if (result.ok) {
      adopt(result.value);
      notifications.show({ color: 'gray', message: t('ui.settings.webAppRemoved') });
    } else notifyError('ui.settings.webAppRemoveFailed', result.error);
  };

  const stateBadge = (
    <Badge color={stateColor[credential.state]} variant="light" data-testid="web-app-state" data-state={credential.state}>
      {t(`ui.settings.webAppState.${credential.state}`)}
    </Badge>
  );

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="web-app-heading" data-testid="web-app">
      <Stack gap="md">
        <Stack gap={4}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Title order={3} id="web-app-heading">
              {t('ui.settings.webAppSection')}
            </Title>
            {stateBadge}
          </Group>
          <Text size="sm" c="dimmed">
            {t('ui.settings.webAppIntro')}
          </Text>
        </Stack>
        {credential.state === 'built-in' ? (
          <Group gap="xs" wrap="nowrap" data-testid="web-app-built-in">
            <IconInfoCircle size={16} style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} aria-hidden />
            <Text size="sm">{t('ui.settings.webAppBuiltIn')}</Text>
          </Group>
        ) : (
          <form onSubmit={form.onSubmit((values) => void save(values))} noValidate>
            <Stack gap="md">
              {credential.state === 'refused' && (
                <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} p="sm">
                  <Text size="sm">{t('ui.settings.webAppRefusedHint')}</Text>
                </Alert>
              )}
              <TextInput
                label={t('ui.settings.webAppId')}
                withAsterisk
                maw={420}
                spellCheck={false}
                autoComplete="off"
                placeholder="00000000-0000-0000-0000-000000000000"
                disabled={readOnly}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                {...form.getInputProps('webAppId')}
              />
              <PasswordInput
                label={t('ui.settings.webAppKey')}
                description={t('ui.settings.webAppKeyHint')}
                withAsterisk
                maw={420}
                autoComplete="off"
                leftSection={<IconKey size={16} />}
                placeholder={credential.state === 'ready' ? t('ui.settings.webAppKeyReplace') : undefined}
                disabled={readOnly}
                {...form.getInputProps('secret')}
              />
              {credential.kind === 'certificate' && (
                <Text size="xs" c="dimmed">
                  {t('ui.settings.webAppCertificate')}
                </Text>
              )}
              {credential.state !== 'missing' && (
                <Group gap={6} wrap="nowrap" data-testid="web-app-kept">
                  <IconLock size={14} style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} aria-hidden />
                  <Text size="xs" c="dimmed">
                    {credential.persisted ? t('ui.settings.webAppPersisted') : t('ui.settings.webAppMemoryOnly')}
                  </Text>
                </Group>
              )}
              <Group gap="sm">
                <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} disabled={readOnly || busy !== null}>
                  {t('ui.settings.webAppSave')}
                </Button>
                {(credential.state === 'ready' || credential.state === 'refused') && (
                  <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} loading={busy === 'remove'} disabled={readOnly || busy !== null} onClick={() => void remove()}>
                    {t('ui.settings.webAppRemove')}
                  </Button>
                )}
              </Group>
              <Text size="xs" c="dimmed" data-testid="web-app-where">
                {t('ui.settings.webAppWhere')}
              </Text>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
