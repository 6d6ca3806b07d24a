import { Badge, Group, Text, ThemeIcon } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { ProfileMenu } from '../profiles/ProfileMenu';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

/** App name and the active profile (a menu to switch) with its environment; "Sandbox" where it applies. */
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
      <ProfileMenu />
      {profile.isSandbox && (
        <Badge color="violet" variant="light" size="sm" style={{ flexShrink: 0 }} data-testid="sandbox-badge">
          {t('ui.header.sandbox')}
        </Badge>
      )}
      {profile.cloud !== 'public' && (
        <Badge color="gray" variant="outline" size="sm" style={{ flexShrink: 0 }} data-testid="cloud-badge">
          {t(`ui.cloud.${profile.cloud}`)}
        </Badge>
      )}
    </Group>
  );
}
