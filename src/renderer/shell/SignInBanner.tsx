import { Anchor, Button, Loader, Text } from '@mantine/core';
import { IconExternalLink, IconLogin, IconUserOff, IconUserQuestion } from '@tabler/icons-react';
import { memo, type ReactNode } from 'react';
import type { AuthState } from '../../shared/domain';
import type { MessageKey } from '../../shared/i18n';
import { useDescribeError } from '../api/useNotifyError';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { signsInInteractively, useSignIn } from '../session/SignInProvider';
import classes from './shell.module.css';

type Problem = NonNullable<AuthState['problem']>;

const neededReason: Partial<Record<Problem, MessageKey>> = {
  expired: 'ui.auth.reason.expired',
  revoked: 'ui.auth.reason.revoked',
  'mfa-required': 'ui.auth.reason.mfa-required',
};

const signedOutProblem: Record<Problem, MessageKey> = {
  cancelled: 'ui.auth.problem.cancelled',
  'timed-out': 'ui.auth.problem.timed-out',
  'mfa-required': 'ui.auth.problem.mfa-required',
  'not-configured': 'ui.auth.problem.not-configured',
  expired: 'ui.auth.problem.expired',
  revoked: 'ui.auth.problem.revoked',
  failed: 'ui.auth.problem.failed',
  'role-unknown': 'ui.auth.problem.role-unknown',
};

/**
 * Under the header, while sign-in needs the operator: "Signing in… Finish in your browser" with
 * Cancel (and the page's link, in case the new tab was blocked); "Sign-in needed — why; queued
 * confirmations wait" with Sign in; not signed in, with why and Sign in. Nothing otherwise.
 */
export const SignInBanner = memo(function SignInBanner() {
  const t = useT();
  const describe = useDescribeError();
  const { session } = useSession();
  const { busy, error, pageUrl, signIn, cancelSignIn } = useSignIn();
  const { auth } = session;
  const interactive = signsInInteractively(session);
  const memoryOnly = interactive && !auth.tokensPersisted ? t('ui.auth.memoryOnly') : null;

  const signInButton = (
    <Button size="compact-sm" leftSection={<IconLogin size={14} />} loading={busy} onClick={() => void signIn()}>
      {t('ui.auth.signIn')}
    </Button>
  );

  switch (auth.state) {
    case 'signed-in':
      // Signed in, but Microsoft Graph did not tell the role: the last known one is kept.
      if (auth.problem !== 'role-unknown' || !session.user) return null;
      return (
        <Banner tone="warning" state={auth.state} icon={<IconUserQuestion size={18} />} actions={signInButton}>
          <Text size="sm" fw={600}>
            {t('ui.auth.problem.role-unknown')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('ui.auth.roleUnknownHint', { role: t(`ui.role.${session.user.role}` as MessageKey) })}
          </Text>
        </Banner>
      );
    case 'signing-in':
      return (
        <Banner tone="info" state={auth.state} icon={<Loader size={16} />} actions={
          <Button size="compact-sm" variant="default" onClick={() => void cancelSignIn()}>
            {t('ui.auth.cancel')}
          </Button>
        }>
          <Text size="sm" fw={600}>
            {t('ui.auth.signingIn')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('ui.auth.signingInHint')}
            {pageUrl && (
              <>
                {' '}
                <Anchor href={pageUrl} target="_blank" rel="noopener noreferrer" size="xs" inline data-testid="sign-in-page-link">
                  {t('ui.auth.openPage')}
                  <IconExternalLink size={12} style={{ marginInlineStart: 3, verticalAlign: -1 }} aria-hidden />
                </Anchor>
              </>
            )}
          </Text>
        </Banner>
      );
    case 'sign-in-needed': {
      const reason = t((auth.problem && neededReason[auth.problem]) || 'ui.auth.reason.other');
      return (
        <Banner tone="warning" state={auth.state} icon={<IconLogin size={18} />} actions={signInButton}>
          <Text size="sm" fw={600}>
            {t('ui.auth.needed', { reason })}
          </Text>
          <Text size="xs" c="dimmed">
            {error ? describe(error) : t('ui.auth.neededHint')}
            {memoryOnly && ` ${memoryOnly}`}
          </Text>
        </Banner>
      );
    }
    case 'signed-out': {
      if (!interactive && !auth.problem && !error) return null;
      const why = error ? describe(error) : auth.problem ? t(signedOutProblem[auth.problem]) : null;
      return (
        <Banner tone={why ? 'warning' : 'neutral'} state={auth.state} icon={<IconUserOff size={18} />} actions={signInButton}>
          <Text size="sm" fw={600}>
            {t('ui.auth.signedOutTitle')}
            {why && (
              <Text span inherit fw={400} data-testid="sign-in-problem">
                {' '}
                {why}
              </Text>
            )}
          </Text>
          <Text size="xs" c="dimmed">
            {t('ui.auth.signedOutHint')}
            {memoryOnly && ` ${memoryOnly}`}
          </Text>
        </Banner>
      );
    }
    default:
      return null;
  }
});

function Banner({ tone, state, icon, actions, children }: { tone: 'info' | 'warning' | 'neutral'; state: string; icon: ReactNode; actions: ReactNode; children: ReactNode }) {
  return (
    <div className={classes.banner} data-tone={tone} role="status" aria-live="polite" data-testid="sign-in-banner" data-state={state}>
      <span className={classes.icon} aria-hidden>
        {icon}
      </span>
      <div className={classes.text}>{children}</div>
      <div className={classes.actions}>{actions}</div>
    </div>
  );
}
