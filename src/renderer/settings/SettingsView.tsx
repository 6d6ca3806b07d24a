import { Alert, Box, Button, Group, NumberInput, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { SyncSettings } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/ApiContext';
import { useDescribeError, useNotifyError } from '../api/useNotifyError';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { ConfirmationMethodSection, WebAppSection } from './AcceptanceSettings';
import { LanguageSection } from './LanguageSection';

const LIMITS = {
  parallelism: { min: 1, max: 16 },
  maxRetryHours: { min: 1, max: 24 * 14 },
} as const;

type Values = { parallelism: number | string; maxRetryHours: number | string };

/** "Settings": how this profile gets acceptances on record (method, web app) and how the sync queue sends. */
export function SettingsView() {
  const t = useT();
  const { session } = useSession();
  const api = useApi();
  const describe = useDescribeError();
  const [settings, setSettings] = useState<SyncSettings | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let live = true;
    void api.getSettings({}).then((result) => {
      if (!live) return;
      if (result.ok) setSettings(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <Box h="100%" style={{ overflowY: 'auto' }}>
      <Stack p="lg" gap="md" maw={760}>
        <Box>
          <Title order={2}>{t('ui.settings.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('ui.settings.subtitle')}
          </Text>
        </Box>
        <LanguageSection />
        {error ? (
          <Alert color="red" variant="light" title={t('ui.settings.loadFailed')}>
            {describe(error)}
          </Alert>
        ) : settings === null ? (
          <Paper withBorder radius="md" p="lg">
            <Stack gap="lg" aria-busy="true">
              <Skeleton h={60} radius="sm" />
              <Skeleton h={60} radius="sm" />
            </Stack>
          </Paper>
        ) : (
          <>
            {session.mcaAvailable && (
              <>
                <ConfirmationMethodSection />
                <WebAppSection />
              </>
            )}
            <SyncSettingsForm settings={settings} onSaved={setSettings} />
          </>
        )}
      </Stack>
    </Box>
  );
}

function SyncSettingsForm({ settings, onSaved }: { settings: SyncSettings; onSaved: (s: SyncSettings) => void }) {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const { session } = useSession();
  const [saving, setSaving] = useState(false);

  const range = (key: keyof typeof LIMITS) => (value: number | string) =>
    typeof value === 'number' && Number.isInteger(value) && value >= LIMITS[key].min && value <= LIMITS[key].max
      ? null
      : t('ui.settings.range', { min: LIMITS[key].min, max: LIMITS[key].max });

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { parallelism: settings.parallelism, maxRetryHours: settings.maxRetryHours },
    validate: { parallelism: range('parallelism'), maxRetryHours: range('maxRetryHours') },
    validateInputOnChange: true,
  });

  const submit = async (values: Values) => {
    if (typeof values.parallelism !== 'number' || typeof values.maxRetryHours !== 'number') return;
    setSaving(true);
    const result = await api.updateSettings({ parallelism: values.parallelism, maxRetryHours: values.maxRetryHours });
    setSaving(false);
    if (result.ok) {
      onSaved(result.value);
      form.setInitialValues({ parallelism: result.value.parallelism, maxRetryHours: result.value.maxRetryHours });
      form.setValues({ parallelism: result.value.parallelism, maxRetryHours: result.value.maxRetryHours });
      notifications.show({ color: 'teal', message: t('ui.settings.saved') });
    } else notifyError('ui.settings.saveFailed', result.error);
  };

  const readOnly = !session.canConfirm;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="sync-settings-heading">
      <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
        <Stack gap="lg">
          <Title order={3} id="sync-settings-heading">
            {t('ui.settings.syncSection')}
          </Title>
          {readOnly && (
            <Alert variant="light" color="gray">
              {t('ui.settings.readOnly')}
            </Alert>
          )}
          <NumberInput
            label={t('ui.settings.parallelism')}
            description={t('ui.settings.parallelismHint')}
            min={LIMITS.parallelism.min}
            max={LIMITS.parallelism.max}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="blur"
            maw={560}
            styles={{ wrapper: { maxWidth: 200 } }}
            disabled={readOnly}
            {...form.getInputProps('parallelism')}
          />
          <NumberInput
            label={t('ui.settings.maxRetryHours')}
            description={t('ui.settings.maxRetryHoursHint')}
            min={LIMITS.maxRetryHours.min}
            max={LIMITS.maxRetryHours.max}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="blur"
            maw={560}
            styles={{ wrapper: { maxWidth: 200 } }}
            disabled={readOnly}
            {...form.getInputProps('maxRetryHours')}
          />
          <Group justify="flex-start" gap="sm">
            <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={saving} disabled={readOnly || !form.isDirty()}>
              {t('ui.settings.save')}
            </Button>
            <Button variant="default" disabled={saving || !form.isDirty()} onClick={() => form.reset()}>
              {t('ui.settings.revert')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
