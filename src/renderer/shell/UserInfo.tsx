import { Avatar, Box, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconLogin, IconLogout, IconUserOff } from '@tabler/icons-react';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { signsInInteractively, useSignIn } from '../session/SignInProvider';
import classes from '../profiles/profiles.module.css';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/**
 * The signed-in operator and their Partner Center role ("Signed in as … (offline)" without a
 * connection); a click opens the account menu: "Sign out" where the profile signs in through the
 * browser, "Sign in" when nobody is signed in.
 */
export function UserInfo() {
  const t = useT();
  const { session } = useSession();
  const { busy, signIn, signOut } = useSignIn();
  const { user, auth } = session;
  const interactive = signsInInteractively(session);
  const memoryOnly = interactive && !auth.tokensPersisted;
  const role = user ? t(`ui.role.${user.role}`) : '';
  const offerSignIn = !user || auth.state === 'sign-in-needed';
  const offerSignOut = user !== null && interactive && auth.state !== 'signing-in';

  return (
    <Menu position="bottom-end" width={340} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          className={classes.target}
          aria-label={user ? t('ui.auth.menuLabel', { name: user.displayName, role }) : t('ui.auth.menuLabelSignedOut')}
          data-testid="user-menu"
          data-auth-state={auth.state}
        >
          {user ? (
            <>
              <Avatar size={30} radius="xl" color="blue" variant="light" aria-hidden>
                {initials(user.displayName)}
              </Avatar>
              <Box miw={0} maw={220} ml={4}>
                <Text size="sm" fw={500} truncate="end" lh={1.2} data-testid="user-name" title={user.displayName}>
                  {auth.state === 'offline' ? t('ui.auth.signedInOffline', { name: user.displayName }) : user.displayName}
                </Text>
                <Text size="xs" c="dimmed" truncate="end" lh={1.2} data-testid="user-role">
                  {role}
                </Text>
              </Box>
            </>
          ) : (
            <>
              <Avatar size={30} radius="xl" color="orange" variant="light" aria-hidden>
                <IconUserOff size={16} />
              </Avatar>
              <Text size="sm" c="orange" fw={500} ml={4} style={{ whiteSpace: 'nowrap' }} data-testid="user-name">
                {t('ui.header.signedOut')}
              </Text>
            </>
          )}
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('ui.auth.menuTitle')}</Menu.Label>
        <Box px="sm" pb="xs">
          {user ? (
            <>
              <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                {t('ui.auth.signedInAs', { name: user.displayName })}
              </Text>
              <Text size="xs" c="dimmed">
                {role} · {t(interactive ? 'ui.auth.viaEntra' : 'ui.auth.viaSandbox')}
              </Text>
            </>
          ) : (
            <Text size="sm">{t('ui.auth.signedOutTitle')}</Text>
          )}
          {memoryOnly && (
            <Text size="xs" c="dimmed" mt={6} data-testid="tokens-memory-only">
              {t('ui.auth.memoryOnly')}
            </Text>
          )}
        </Box>
        {(offerSignIn || offerSignOut) && <Menu.Divider />}
        {offerSignIn && (
          <Menu.Item leftSection={<IconLogin size={16} />} disabled={busy || auth.state === 'signing-in'} onClick={() => void signIn()}>
            {t('ui.auth.signIn')}
          </Menu.Item>
        )}
        {offerSignOut && (
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
            {t('ui.auth.signOut')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
