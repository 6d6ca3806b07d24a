import { Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { translate, type LanguageChoice } from '../../shared/i18n';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

/**
 * Settings → "Language": System / English / Français, for the whole installation, applied at once.
 * Each language is named in itself, so an operator who cannot read the current one finds theirs.
 */
export function LanguageSection() {
  const t = useT();
  const api = useApi();
  const notifyError = useNotifyError();
  const { adopt } = useSession();
  const [state, setState] = useState<{ language: LanguageChoice; systemLocale: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    void api.getLanguage({}).then((result) => {
      if (live && result.ok) setState(result.value);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const choose = async (language: LanguageChoice) => {
    if (!state || language === state.language) return;
    setSaving(true);
    const result = await api.setLanguage({ language });
    setSaving(false);
    if (result.ok) {
      setState({ ...state, language });
      adopt(result.value);
      // In the new language: the operator just chose it.
      notifications.show({ color: 'teal', message: translate(result.value.locale, 'ui.settings.languageSaved') });
    } else notifyError('ui.settings.languageFailed', result.error);
  };

  const systemName = state ? translate(state.systemLocale, 'ui.settings.language.name') : '';
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="language-heading" data-testid="language-settings">
      <Stack gap="sm">
        <Stack gap={4}>
          <Title order={3} id="language-heading">
            {t('ui.settings.languageSection')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('ui.settings.languageIntro')}
          </Text>
        </Stack>
        <SegmentedControl
          aria-labelledby="language-heading"
          value={state?.language ?? 'system'}
          disabled={state === null || saving}
          onChange={(value) => void choose(value as LanguageChoice)}
          data={[
            { value: 'system', label: t('ui.settings.language.system', { language: systemName }) },
            { value: 'en', label: translate('en', 'ui.settings.language.name') },
            { value: 'fr', label: translate('fr', 'ui.settings.language.name') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>
    </Paper>
  );
}
