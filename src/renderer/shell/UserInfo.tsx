import { Avatar, Box, Group, Text } from '@mantine/core';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** The signed-in operator and their Partner Center role. */
export function UserInfo() {
  const t = useT();
  const { session } = useSession();
  const user = session.user;
  if (!user) {
    return (
      <Text size="sm" c="orange" fw={500}>
        {t('ui.header.signedOut')}
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap" miw={0}>
      <Avatar size={30} radius="xl" color="blue" variant="light" aria-hidden>
        {initials(user.displayName)}
      </Avatar>
      <Box miw={0}>
        <Text size="sm" fw={500} truncate="end" lh={1.2} data-testid="user-name">
          {user.displayName}
        </Text>
        <Text size="xs" c="dimmed" truncate="end" lh={1.2} data-testid="user-role">
          {t(`ui.role.${user.role}`)}
        </Text>
      </Box>
    </Group>
  );
}
