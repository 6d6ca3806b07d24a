import { Alert, Badge, Group, Skeleton, Text, Tooltip } from '@mantine/core';
import { IconShieldCheck, IconShieldQuestion, IconShieldX } from '@tabler/icons-react';
import type { ActivityChain } from '../../shared/activity-log';
import type { AppError } from '../../shared/result';
import { useDescribeError } from '../api/useNotifyError';
import { useFormat, useT } from '../i18n/useT';

type Props = { chain: ActivityChain | null; error: AppError | null };

/**
 * Beside the title: whether the activity log is as it was written. A green "Chain intact" with the
 * number of entries checked; red "Changed after writing" when an entry does not match (the alert
 * below says from which); grey while checking, orange when the check itself failed.
 */
export function ChainStatus({ chain, error }: Props) {
  const t = useT();
  const describe = useDescribeError();
  if (error) {
    return (
      <Tooltip label={describe(error)} multiline w={320} withArrow>
        <Badge color="orange" variant="light" radius="sm" tt="none" fw={600} leftSection={<IconShieldQuestion size={14} aria-hidden />} data-testid="activity-chain" data-chain="unknown">
          {t('ui.activity.chain.checkFailed')}
        </Badge>
      </Tooltip>
    );
  }
  if (!chain) return <Skeleton h={20} w={200} radius="sm" aria-label={t('ui.activity.chain.checking')} data-testid="activity-chain" data-chain="checking" />;
  const broken = chain.firstBroken !== null;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="activity-chain" data-chain={broken ? 'broken' : 'intact'} data-first-broken={chain.firstBroken?.seq}>
      <Tooltip label={t(broken ? 'ui.activity.chain.brokenTitle' : 'ui.activity.chain.intactHint')} multiline w={320} withArrow>
        <Badge
          color={broken ? 'red' : 'green'}
          variant="light"
          radius="sm"
          tt="none"
          fw={600}
          leftSection={broken ? <IconShieldX size={14} aria-hidden /> : <IconShieldCheck size={14} aria-hidden />}
        >
          {t(broken ? 'ui.activity.chain.brokenBadge' : 'ui.activity.chain.intact')}
        </Badge>
      </Tooltip>
      <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {t('ui.activity.chain.entries', { count: chain.entries })}
      </Text>
    </Group>
  );
}

/** Under the title when an entry does not match: what happened, from which entry on, what to do. */
export function ChainAlert({ chain }: { chain: ActivityChain | null }) {
  const t = useT();
  const format = useFormat();
  if (!chain?.firstBroken) return null;
  return (
    <Alert color="red" variant="light" icon={<IconShieldX size={20} />} title={t('ui.activity.chain.brokenTitle')} role="alert" data-testid="activity-chain-alert">
      {t('ui.activity.chain.broken', { seq: String(chain.firstBroken.seq), time: format.dateTime(chain.firstBroken.at) })}
    </Alert>
  );
}
