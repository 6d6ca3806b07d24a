import { Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconDatabaseOff, IconRefresh, IconSearchOff } from '@tabler/icons-react';
import { useT } from '../i18n/useT';
import { useLiveStatus } from '../status/LiveStatusProvider';
import { RefreshProgress } from './RefreshProgress';

/** Nothing cached yet: say what to do, and offer to do it. */
export function EmptyCache() {
  const t = useT();
  const { refresh, startRefresh } = useLiveStatus();
  return (
    <Stack align="center" gap="sm" p="xl" mt="xl" ta="center">
      <ThemeIcon size={44} radius="xl" variant="light" color="gray" aria-hidden>
        <IconDatabaseOff size={22} />
      </ThemeIcon>
      <Text fw={600}>{t('ui.customers.emptyCache')}</Text>
      <Text size="sm" c="dimmed" maw={300}>
        {t('ui.customers.emptyCacheHint')}
      </Text>
      {refresh ? (
        <Stack w="100%" maw={300}>
          <RefreshProgress progress={refresh} />
        </Stack>
      ) : (
        <Button leftSection={<IconRefresh size={16} />} onClick={() => void startRefresh()}>
          {t('ui.customers.refresh')}
        </Button>
      )}
    </Stack>
  );
}

export function NoMatches({ query }: { query: string }) {
  const t = useT();
  return (
    <Stack align="center" gap="xs" p="xl" mt="lg" ta="center">
      <ThemeIcon size={40} radius="xl" variant="light" color="gray" aria-hidden>
        <IconSearchOff size={20} />
      </ThemeIcon>
      <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
        {t('ui.customers.noMatches', { query: query.trim() })}
      </Text>
      <Text size="sm" c="dimmed" maw={300}>
        {t('ui.customers.noMatchesHint')}
      </Text>
    </Stack>
  );
}
