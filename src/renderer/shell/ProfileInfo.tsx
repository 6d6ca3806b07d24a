import { Badge, Group, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

/** App name and the active profile with its environment. */
export function ProfileInfo() {
  const t = useT();
  const { session } = useSession();
  const { profile } = session;
  return (
    <Group gap="sm" wrap="nowrap" miw={0}>
      <ThemeIcon size={30} radius="md" variant="filled" aria-hidden>
        <IconShieldCheck size={18} />
      </ThemeIcon>
      <Text fw={700} size="md" style={{ whiteSpace: 'nowrap' }}>
        {t('ui.app.name')}
      </Text>
      <Text c="dimmed" aria-hidden>
        /
      </Text>
      <Tooltip label={t(`ui.environment.${profile.environment}`)}>
        <Text size="sm" fw={500} truncate="end" miw={0} data-testid="profile-name">
          {profile.name}
        </Text>
      </Tooltip>
      {profile.isSandbox && (
        <Badge color="violet" variant="light" size="sm" style={{ flexShrink: 0 }}>
          {t('ui.header.sandbox')}
        </Badge>
      )}
    </Group>
  );
}
