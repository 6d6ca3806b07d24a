import { Divider, Group } from '@mantine/core';
import { ConnectivityControl } from './ConnectivityControl';
import { ProfileInfo } from './ProfileInfo';
import { SyncIndicator } from './SyncIndicator';
import { UserInfo } from './UserInfo';
import { memo } from 'react';

export const Header = memo(function Header({ onOpenQueue }: { onOpenQueue: () => void }) {
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="lg">
      <ProfileInfo />
      <Group gap="md" wrap="nowrap" style={{ flexShrink: 0 }}>
        <ConnectivityControl />
        <Divider orientation="vertical" h={24} style={{ alignSelf: 'center' }} />
        <SyncIndicator onOpenQueue={onOpenQueue} />
        <Divider orientation="vertical" h={24} style={{ alignSelf: 'center' }} />
        <UserInfo />
      </Group>
    </Group>
  );
});
