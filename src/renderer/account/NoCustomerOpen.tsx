import { Group, Kbd, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { useT } from '../i18n/useT';

export function NoCustomerOpen() {
  const t = useT();
  return (
    <Stack align="center" justify="center" h="100%" gap="sm" p="xl" ta="center">
      <ThemeIcon size={52} radius="xl" variant="light" color="gray" aria-hidden>
        <IconBuildingStore size={26} />
      </ThemeIcon>
      <Text fw={600}>{t('ui.account.noneOpen')}</Text>
      <Group gap={6} justify="center">
        <Kbd size="xs">↑</Kbd>
        <Kbd size="xs">↓</Kbd>
        <Text size="sm" c="dimmed">
          {t('ui.account.keysMove')}
        </Text>
        <Kbd size="xs">Enter</Kbd>
        <Text size="sm" c="dimmed">
          {t('ui.account.keysOpen')}
        </Text>
      </Group>
    </Stack>
  );
}
