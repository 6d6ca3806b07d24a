import { Badge, NavLink, Stack, Text } from '@mantine/core';
import { IconChartDonut, IconCloudUpload, IconHistory, IconSettings, IconUsers } from '@tabler/icons-react';
import { memo, type MouseEvent } from 'react';
import { useFormat, useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { pendingCount, useLiveStatus } from '../status/LiveStatusProvider';

export type View = 'customers' | 'coverage' | 'queue' | 'activity' | 'settings';

/**
 * The left navigation. Counts are decoration (aria-hidden) so the links' names stay exactly
 * "Customers", "Coverage", "Sync queue", "Activity" and "Settings".
 */
export const Navigation = memo(function Navigation({ view, onNavigate }: { view: View; onNavigate: (view: View) => void }) {
  const t = useT();
  const format = useFormat();
  const { session } = useSession();
  const { sync } = useLiveStatus();
  const pending = pendingCount(sync);
  const attention = sync?.counts.needsAttention ?? 0;

  const go = (target: View) => (event: MouseEvent) => {
    event.preventDefault();
    onNavigate(target);
  };

  return (
    <Stack justify="space-between" h="100%" p="sm">
      <nav aria-label={t('ui.nav.label')}>
        <Stack gap={4}>
          <NavLink
            href="#customers"
            label={t('ui.nav.customers')}
            leftSection={<IconUsers size={18} stroke={1.6} aria-hidden />}
            active={view === 'customers'}
            aria-current={view === 'customers' ? 'page' : undefined}
            onClick={go('customers')}
          />
          <NavLink
            href="#coverage"
            label={t('ui.nav.coverage')}
            leftSection={<IconChartDonut size={18} stroke={1.6} aria-hidden />}
            active={view === 'coverage'}
            aria-current={view === 'coverage' ? 'page' : undefined}
            onClick={go('coverage')}
          />
          <NavLink
            href="#queue"
            label={t('ui.nav.queue')}
            leftSection={<IconCloudUpload size={18} stroke={1.6} aria-hidden />}
            rightSection={
              attention > 0 ? (
                <Badge size="sm" color="red" variant="filled" aria-hidden>
                  {format.number(attention)}
                </Badge>
              ) : pending > 0 ? (
                <Badge size="sm" color="blue" variant="light" aria-hidden>
                  {format.number(pending)}
                </Badge>
              ) : null
            }
            active={view === 'queue'}
            aria-current={view === 'queue' ? 'page' : undefined}
            onClick={go('queue')}
          />
          <NavLink
            href="#activity"
            label={t('ui.nav.activity')}
            leftSection={<IconHistory size={18} stroke={1.6} aria-hidden />}
            active={view === 'activity'}
            aria-current={view === 'activity' ? 'page' : undefined}
            onClick={go('activity')}
          />
          <NavLink
            href="#settings"
            label={t('ui.nav.settings')}
            leftSection={<IconSettings size={18} stroke={1.6} aria-hidden />}
            active={view === 'settings'}
            aria-current={view === 'settings' ? 'page' : undefined}
            onClick={go('settings')}
          />
        </Stack>
      </nav>
      <Text size="xs" c="dimmed" px="xs">
        {t('ui.nav.cached', { count: session.cachedCustomers })}
      </Text>
    </Stack>
  );
});
