import { Group, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';

/** One line saying why this panel is read-only (role, cloud, signed out), when it is. */
export function ReadOnlyReason() {
  const t = useT();
  const { session } = useSession();
  if (session.canConfirm) return null;
  const reason = session.readOnlyReason;
  const text = reason
    ? t(`ui.readOnly.${reason}`, { role: session.user ? t(`ui.role.${session.user.role}`) : '' })
    : t('ui.mca.cannotConfirm');
  return (
    <Group gap={8} wrap="nowrap" px="sm" py={8} data-testid="read-only-reason" data-reason={reason ?? undefined} style={{ borderRadius: 'var(--mantine-radius-md)', background: 'var(--mantine-color-default-hover)' }}>
      <IconLock size={16} style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} aria-hidden />
      <Text size="sm">{text}</Text>
    </Group>
  );
}
