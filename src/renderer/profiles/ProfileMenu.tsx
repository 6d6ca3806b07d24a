import { Box, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { BUILT_IN_PROFILE_ID, BUILT_IN_PROFILE_NAME, type Profile } from '../../shared/domain';
import { useApi } from '../api/ApiContext';
import { useNotifyError } from '../api/useNotifyError';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { NewProfileModal } from './NewProfileModal';
import classes from './profiles.module.css';

/** The active profile's name; a click lists every profile to switch to, and "New profile…". */
export function ProfileMenu() {
  const t = useT();
  // The profile a fresh install makes is named in the operator's language; names they chose stay as typed.
  const nameOf = (p: Profile) => (p.id === BUILT_IN_PROFILE_ID && p.name === BUILT_IN_PROFILE_NAME ? t('ui.profile.builtInName') : p.name);
  const api = useApi();
  const notifyError = useNotifyError();
  const { session, adopt } = useSession();
  const { profile } = session;
  const [profiles, setProfiles] = useState<Profile[] | null>(null);
  const [creating, setCreating] = useState(false);

  const load = async () => {
    const result = await api.listProfiles({});
    if (result.ok) setProfiles(result.value.profiles);
    else notifyError('ui.profile.loadFailed', result.error);
  };

  const switchTo = async (target: Profile) => {
    if (target.id === profile.id) return;
    const result = await api.switchProfile({ profileId: target.id });
    if (!result.ok) {
      notifyError('ui.profile.switchFailed', result.error);
      return;
    }
    adopt(result.value);
    notifications.show({ color: 'teal', message: t('ui.profile.switched', { name: nameOf(result.value.profile) }) });
  };

  const describe = (p: Profile) => `${t(`ui.cloud.${p.cloud}`)} · ${t(`ui.environmentName.${p.environment}`)}`;

  return (
    <>
      <Menu position="bottom-start" width={320} shadow="md" onOpen={() => void load()} withinPortal>
        <Menu.Target>
          <UnstyledButton className={classes.target} aria-label={t('ui.profile.menuLabel', { name: nameOf(profile) })} title={t(`ui.environment.${profile.environment}`)}>
            <Text size="sm" fw={500} truncate="end" miw={0} data-testid="profile-name">
              {nameOf(profile)}
            </Text>
            <IconChevronDown size={14} style={{ flexShrink: 0 }} aria-hidden />
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('ui.profile.switchTitle')}</Menu.Label>
          {(profiles ?? [profile]).map((p) => (
            <Menu.Item
              key={p.id}
              onClick={() => void switchTo(p)}
              leftSection={p.id === profile.id ? <IconCheck size={16} aria-label={t('ui.profile.active')} /> : <Box w={16} />}
              data-profile-id={p.id}
            >
              <Text size="sm" fw={p.id === profile.id ? 600 : 400} truncate="end">
                {nameOf(p)}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {describe(p)}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('ui.profile.new')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <NewProfileModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => void switchTo(created)}
      />
    </>
  );
}
